/**
 * Reads logs in fail2ban's sample-log format (its own, from the installed package, and ours in
 * samples/) and checks a filter against them with the real fail2ban-regex: every `match: true`
 * line must yield exactly its host (`attempts` times), every other line nothing.
 */
import * as fs from "fs";
import * as path from "path";
import { run, tempDir } from "./fixtures";

export interface Expectation {
    readonly match: boolean;
    readonly host?: string;
    readonly attempts?: number;
    readonly constraint?: string;
}

export interface CorpusLine {
    readonly text: string;
    readonly lineNo: number;
    /** Undefined: no failJSON, which means "must not match". */
    readonly expect?: Expectation;
}

export interface CorpusBlock {
    /** Option sets from `# filterOptions:`; [{}] when the file has none before this block. */
    readonly options: Record<string, string>[];
    readonly lines: CorpusLine[];
}

export function parseCorpus(text: string): CorpusBlock[] {
    const blocks: CorpusBlock[] = [{ options: [{}], lines: [] }];
    let pending: Expectation | undefined;
    text.split("\n").forEach((raw, i) => {
        const line = raw.replace(/\r$/, "");
        const options = /^# filterOptions:\s*(.+)$/.exec(line);
        const fail = /^# failJSON:\s*(.+)$/.exec(line);
        if (options) {
            const parsed = JSON.parse(options[1]);
            blocks.push({ options: Array.isArray(parsed) ? parsed : [parsed], lines: [] });
        } else if (fail) {
            pending = JSON.parse(fail[1]) as Expectation;
        } else if (line.trim() !== "" && !line.startsWith("#")) {
            blocks[blocks.length - 1].lines.push({ text: line, lineNo: i + 1, expect: pending });
            pending = undefined;
        }
    });
    return blocks.filter((b) => b.lines.length > 0);
}

/** Evaluates the small Python expressions fail2ban's samples use (`name == 'sshd'`, `opts.get('mode') != 'x'`). */
export function evalCondition(expr: string, name: string, opts: Record<string, string>): boolean {
    const js = expr
        .replace(/opts\.get\('([\w.]+)'\)/g, (_, key: string) => JSON.stringify(opts[key] ?? null))
        .replace(/\bname\b/g, JSON.stringify(name))
        .replace(/[!=]=/g, (op) => `${op}=`)
        .replace(/\band\b/g, "&&")
        .replace(/\bor\b/g, "||")
        .replace(/\bnot\b/g, "!")
        .replace(/\bNone\b/g, "null");
    return Boolean(new Function(`return (${js});`)());
}

export interface Mismatch {
    /** A line number, or 0 for a per-host count. */
    readonly lineNo: number;
    readonly text: string;
    readonly expected: string[];
    readonly got: string[];
}

function regex(configDir: string, log: string, spec: string, out: string): string[] {
    const result = run("fail2ban-regex", ["-c", configDir, "-r", "-o", out, log, spec]);
    if (result.status !== 0) throw new Error(`fail2ban-regex ${spec}: ${result.stderr}`);
    return result.stdout.split("\n").filter(Boolean);
}

/**
 * Runs fail2ban-regex with `filter[options]` over one block. Every host must yield as many
 * failures as it has `match: true` lines (multi-line filters such as sshd attribute a failure to
 * a group of lines, so this is the check that holds for every filter). When each failure maps to
 * one line (freeswitch, nginx-limit-req), each line is also checked on its own.
 */
export function checkBlock(configDir: string, filter: string, block: CorpusBlock, opts: Record<string, string>, singleLine: boolean): Mismatch[] {
    const dir = tempDir("corpus");
    const log = path.join(dir, "sample.log");
    fs.writeFileSync(log, block.lines.map((l) => l.text).join("\n") + "\n");
    const params = Object.entries(opts).filter(([k]) => !k.startsWith("test.")).map(([k, v]) => `${k}=${v}`);
    const spec = params.length ? `${filter}[${params.join(", ")}]` : filter;
    const rows = regex(configDir, log, spec, "ip");
    const matched = singleLine ? regex(configDir, log, spec, "<ip> || <msg>").map((row) => row.split(" || ", 2)) : [];
    fs.rmSync(dir, { recursive: true, force: true });

    const applies = (l: CorpusLine) => !(l.expect?.constraint && !evalCondition(l.expect.constraint, filter, opts));
    const lines = block.lines.filter(applies);
    const expectedHosts = lines.filter((l) => l.expect?.match).map((l) => l.expect!.host ?? "<unnamed>");
    const mismatches: Mismatch[] = [];
    const count = (list: string[]) => list.reduce((m, h) => m.set(h, (m.get(h) ?? 0) + 1), new Map<string, number>());
    const want = count(expectedHosts);
    const got = count(rows);
    // A match:true line without "host" takes its host from earlier lines of the same session.
    let unnamed = want.get("<unnamed>") ?? 0;
    for (const host of new Set([...want.keys(), ...got.keys()])) {
        if (host === "<unnamed>") continue;
        const [w, g] = [want.get(host) ?? 0, got.get(host) ?? 0];
        if (w === 0 && g > 0 && g <= unnamed) {
            unnamed -= g;
        } else if (w !== g) {
            mismatches.push({ lineNo: 0, text: `failures for ${host}`, expected: [String(w)], got: [String(g)] });
        }
    }
    if (unnamed > 0) mismatches.push({ lineNo: 0, text: "failures without a host in failJSON", expected: [String(unnamed)], got: ["0"] });
    if (!singleLine) return mismatches;
    if (matched.length === rows.length) {
        const byLine = new Map<string, string[]>();
        for (const [ip, text] of matched) byLine.set(text, [...(byLine.get(text) ?? []), ip]);
        for (const text of new Set(lines.map((l) => l.text))) {
            const same = lines.filter((l) => l.text === text);
            const expected = same.filter((l) => l.expect?.match).map((l) => l.expect!.host ?? "<unnamed>").sort();
            const have = (byLine.get(text) ?? []).sort();
            const ok = expected.includes("<unnamed>") ? have.length === expected.length : JSON.stringify(have) === JSON.stringify(expected);
            if (!ok) mismatches.push({ lineNo: same[0].lineNo, text, expected, got: have });
        }
    } else {
        mismatches.push({ lineNo: 0, text: `${rows.length} failures but ${matched.length} matched lines: not single-line`, expected: [], got: [] });
    }
    return mismatches;
}
