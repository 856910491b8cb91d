/**
 * testssl.sh (Debian's 3.0.8) run against a test host, read through its JSON report: one finding
 * per check, each with an id ("TLS1_3", "cipher-tls1_2_xc02f", "heartbleed" …), a severity
 * (OK, INFO, LOW, MEDIUM, HIGH, CRITICAL, WARN) and a finding text. Never its coloured screen.
 */
import * as fs from "fs";
import * as path from "path";
import { TestHost } from "./test-host";

export interface TestsslFinding {
    readonly id: string;
    readonly severity: string;
    readonly finding: string;
}

export interface TestsslRun {
    readonly findings: readonly TestsslFinding[];
    readonly ms: number;
}

/**
 * The sections we read: protocols (-p), cipher categories (-s), server defaults with session
 * resumption (-S), HTTP headers with HSTS (-h), vulnerabilities (-U), every cipher per protocol (-E).
 */
const sections = ["-p", "-s", "-S", "-h", "-U", "-E"];

/** Audits https://<domain>/ on the host's 127.0.0.1:443, trusting `caFile` (a path outside the host's overlays). */
export function runTestssl(host: TestHost, domain: string, caFile: string): TestsslRun {
    const json = path.join(host.dir, `testssl-${Date.now()}.json`);
    const result = host.execNet(
        ["testssl", "--quiet", "--color", "0", "--warnings", "batch", "--ip", "127.0.0.1", "--nodns", "none", "--add-ca", caFile, "--jsonfile", json, ...sections, `https://${domain}/`],
        { timeoutMs: 400_000 },
    );
    if (!fs.existsSync(json)) throw new Error(`testssl wrote no report (exit ${result.status}): ${result.stderr || result.stdout}`);
    const findings = JSON.parse(fs.readFileSync(json, "utf8")) as TestsslFinding[];
    return { findings, ms: result.ms };
}

export function finding(run: TestsslRun, id: string): TestsslFinding {
    const found = run.findings.find((f) => f.id === id);
    if (!found) throw new Error(`testssl reported no ${id}; ids: ${run.findings.map((f) => f.id).join(" ")}`);
    return found;
}

/** The suites offered, as testssl lists them per protocol: "TLS 1.2 xc02f ECDHE-RSA-AES128-GCM-SHA256 …". */
export function offeredCiphers(run: TestsslRun): string[] {
    return run.findings.filter((f) => f.id.startsWith("cipher-")).map((f) => f.finding.replace(/\s+/g, " ").trim());
}

/** The checks -U runs in 3.0.8 (testssl.sh run_vulnerabilities); each must come back OK or INFO. */
export const vulnerabilityIds = [
    "heartbleed", "CCS", "ticketbleed", "ROBOT", "secure_renego", "secure_client_renego", "CRIME_TLS", "BREACH", "POODLE_SSL",
    "fallback_SCSV", "SWEET32", "FREAK", "DROWN", "LOGJAM", "BEAST", "LUCKY13", "RC4",
] as const;

/** Protocols and suites in a few lines, for the measurements printout. */
export function summary(run: TestsslRun): string {
    const protocols = ["SSLv2", "SSLv3", "TLS1", "TLS1_1", "TLS1_2", "TLS1_3"].map((id) => `${id} ${finding(run, id).finding}`).join("; ");
    const resumption = ["sessionresumption_ticket", "sessionresumption_ID"].map((id) => `${id} ${finding(run, id).finding}`).join("; ");
    return `${protocols} | ${resumption} | ${offeredCiphers(run).map((c) => c.split(" ").slice(0, 4).join(" ")).join(", ")}`;
}
