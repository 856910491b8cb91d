/**
 * ssh-audit (Debian's 2.5.0) against a test host's sshd, read from its plain-text report (its JSON
 * in 2.5.0 carries no verdicts): one entry per offered algorithm with its worst note.
 */
import { TestHost } from "./test-host";

export interface AuditedAlgorithm {
    /** kex, key (host key), enc (cipher) or mac. */
    readonly kind: string;
    readonly algorithm: string;
    readonly level: "info" | "warn" | "fail";
    /** The warn and fail notes, e.g. "using weak elliptic curves". */
    readonly notes: readonly string[];
}

const rank = { info: 0, warn: 1, fail: 2 } as const;

export function parseSshAudit(report: string): AuditedAlgorithm[] {
    const found: { kind: string; algorithm: string; level: AuditedAlgorithm["level"]; notes: string[] }[] = [];
    for (const line of report.split("\n")) {
        const head = /^\((kex|key|enc|mac)\) (\S+)(?: \(\d+-bit\))?\s+-- \[(info|warn|fail)\] (.*)$/.exec(line);
        const more = /^\s+`- \[(info|warn|fail)\] (.*)$/.exec(line);
        if (head) found.push({ kind: head[1], algorithm: head[2], level: head[3] as AuditedAlgorithm["level"], notes: head[3] === "info" ? [] : [head[4].trim()] });
        else if (more && found.length > 0) {
            const last = found[found.length - 1];
            const level = more[1] as AuditedAlgorithm["level"];
            if (rank[level] > rank[last.level]) last.level = level;
            if (level !== "info") last.notes.push(more[2].trim());
        }
    }
    return found;
}

/** Audits 127.0.0.1:22 inside the host's network namespace. */
export function sshAudit(host: TestHost): AuditedAlgorithm[] {
    const result = host.execNet(["ssh-audit", "--no-colors", "127.0.0.1"], { timeoutMs: 60_000 });
    const parsed = parseSshAudit(result.stdout);
    if (parsed.length === 0) throw new Error(`ssh-audit reported no algorithms (exit ${result.status}): ${result.stderr || result.stdout}`);
    return parsed;
}

/** One line for the closing note: counts per verdict and every algorithm that is not plain info. */
export function auditSummary(audit: readonly AuditedAlgorithm[]): string {
    const count = (level: string) => audit.filter((a) => a.level === level).length;
    const flagged = audit.filter((a) => a.level !== "info").map((a) => `[${a.level}] ${a.kind} ${a.algorithm} (${a.notes.join("; ")})`);
    return `${count("fail")} fail, ${count("warn")} warn, ${count("info")} ok of ${audit.length} algorithms${flagged.length ? ": " + flagged.join(", ") : ""}`;
}
