/**
 * The files a push Command delivers, read back from its stdin (the rendered push script's file
 * table and base64 payload, render/push-script.ts): target path → content.
 */
export function pushedFiles(stdin: string): Map<string, string> {
    const block = (name: string) => {
        const match = new RegExp(`^${name}=\\(\\n([\\s\\S]*?)\\n\\)$`, "m").exec(stdin);
        if (!match) throw new Error(`no ${name}=( … ) table in the push script`);
        return match[1].split("\n").map((line) => line.trim());
    };
    const targets = block("files").map((line) => line.replace(/^"|"$/g, "").split("|")[1]);
    const payloads = block("payload").map((line) => Buffer.from(line.replace(/^'|'$/g, ""), "base64").toString("utf8"));
    if (targets.length !== payloads.length) throw new Error(`push script: ${targets.length} files but ${payloads.length} payloads`);
    return new Map(targets.map((path, i) => [path, payloads[i]]));
}
