/**
 * FreeSWITCH's XML preprocessor, as src/switch_xml.c (preprocess, preprocess_glob, expand_vars)
 * runs it before the XML parser sees anything; FreeSWITCH is not packaged in Debian, so tests
 * assemble the document here. What it does, line by line:
 *  - every $${name} is replaced by the value set so far (nothing when unset);
 *  - a line holding <include>, </include> or <? is dropped;
 *  - a line holding the preprocessor tag is consumed whole: cmd="set" data="name=value" sets a
 *    global variable (a later set wins, spaces around the value trimmed), cmd="include" reads
 *    each file glob(3) matches (sorted by name, relative to the including file's folder) in place;
 *  - every other line is copied.
 */
import * as path from "path";

export interface Preprocessed {
    readonly document: string;
    /** The global variables after the whole tree was read. */
    readonly variables: ReadonlyMap<string, string>;
    /** Each file read, in order. */
    readonly read: readonly string[];
}

/** `files` maps absolute paths to contents: the host's /etc/freeswitch as far as the test needs it. */
export function preprocess(files: ReadonlyMap<string, string>, root: string): Preprocessed {
    const variables = new Map<string, string>();
    const read: string[] = [];
    const out: string[] = [];
    const visit = (file: string, depth: number) => {
        if (depth > 20) throw new Error(`include depth over 20 at ${file}`);
        read.push(file);
        for (const raw of files.get(file)!.split("\n")) {
            const line = raw.replace(/\$\$\{([^}]*)\}/g, (_, name: string) => variables.get(name) ?? "");
            if (line.includes("<include>") || line.includes("</include>") || line.includes("<?")) continue;
            const tag = /<X-PRE-PROCESS\s+cmd="([^"]*)"\s+data="([^"]*)"/i.exec(line);
            if (/<X-PRE-PROCESS/i.test(line)) {
                if (!tag) throw new Error(`${file}: preprocessor line the emulation cannot read: ${line}`);
                const [, cmd, data] = tag;
                if (cmd.toLowerCase() === "set") {
                    const at = data.indexOf("=");
                    if (at > 0) variables.set(data.slice(0, at).trim(), data.slice(at + 1).trim());
                } else if (cmd.toLowerCase() === "include") {
                    for (const match of glob(files, path.isAbsolute(data) ? data : path.join(path.dirname(file), data))) visit(match, depth + 1);
                } else {
                    throw new Error(`${file}: cmd="${cmd}" is not emulated`);
                }
                continue;
            }
            out.push(line);
        }
    };
    visit(root, 0);
    return { document: out.join("\n"), variables, read };
}

/** glob(3) with `*` only (never across "/"), sorted as the C locale sorts. */
function glob(files: ReadonlyMap<string, string>, pattern: string): string[] {
    const regex = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}$`);
    return [...files.keys()].filter((f) => regex.test(f)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
