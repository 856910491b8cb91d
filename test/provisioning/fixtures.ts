/** Shared by the provisioning tests: committed stacks, rendered hosts, temp dirs, tool runs. */
import { spawnSync, SpawnSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseStackConfig, StackConfig } from "../../infra/config";
import { ManagedFile, PushUnit } from "../../provisioning/model";
import { previewHosts, PreviewHosts } from "../../provisioning/preview";
import { configSource, readStackValues, repoRoot, stackFilePath } from "../../offline/stack-file";
import { requireCapability } from "../helpers/test-host";

export { repoRoot };
export const stacks = ["dev", "staging", "prod"] as const;
export type Stack = (typeof stacks)[number];

/** The repo's own sample logs (FreeSWITCH >= 1.10.7 lines, a real nginx 1.22.1 error log). */
export const samplesDir = path.join(__dirname, "samples");

/**
 * fail2ban's own sample logs (tests/files/logs/) from the installed fail2ban, found through the
 * Python that runs its fail2ban-regex (not a hard-coded path, not anything outside the repo).
 */
export function fail2banSamples(): { readonly dir: string } | { readonly reason: string } {
    const install = "install Debian's fail2ban package (apt-get install fail2ban; .ci/run does)";
    const regex = spawnSync("/bin/sh", ["-c", "command -v fail2ban-regex"], { encoding: "utf8" }).stdout.trim();
    if (!regex) return { reason: `fail2ban-regex is not on PATH: ${install}` };
    const interpreter = /^#!\s*(\S+)/.exec(fs.readFileSync(regex, "utf8").split("\n", 1)[0])?.[1] ?? "python3";
    const where = spawnSync(interpreter, ["-c", "import fail2ban, os; print(os.path.dirname(fail2ban.__file__))"], { encoding: "utf8" });
    if (where.status !== 0) return { reason: `${interpreter} cannot import fail2ban (${where.stderr.trim().split("\n").pop()}): ${install}` };
    const dir = path.join(where.stdout.trim(), "tests", "files", "logs");
    if (!fs.existsSync(path.join(dir, "freeswitch"))) return { reason: `fail2ban's sample logs are missing at ${dir}: ${install}` };
    return { dir };
}

/** The folder of fail2ban's sample logs, or a skip (a failure under CI=true) saying what to install. */
export function requireFail2banSamples(ctx: Mocha.Context): string {
    const found = fail2banSamples();
    requireCapability(ctx, "dir" in found ? { ok: true } : { ok: false, reason: found.reason });
    return "dir" in found ? found.dir : "";
}

export function stackConfig(stack: Stack): StackConfig {
    return parseStackConfig(configSource(readStackValues(stackFilePath(stack))));
}

export function hostsOf(stack: Stack): PreviewHosts {
    return previewHosts(stackConfig(stack));
}

export function allFiles(units: readonly PushUnit[]): ManagedFile[] {
    return units.flatMap((u) => u.files);
}

export function fileAt(units: readonly PushUnit[], filePath: string): ManagedFile {
    const file = allFiles(units).find((f) => f.path === filePath);
    if (!file) throw new Error(`no rendered file ${filePath}`);
    return file;
}

export function unitNamed(units: readonly PushUnit[], name: string): PushUnit {
    const unit = units.find((u) => u.name === name);
    if (!unit) throw new Error(`no unit ${name}`);
    return unit;
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `irisx-${prefix}-`));
}

export interface RunResult {
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

export function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): RunResult {
    const result = spawnSync(command, args, { encoding: "utf8", timeout: 60_000, ...options });
    if (result.error) throw result.error;
    return { status: result.status ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Writes files under `root` at their absolute paths. */
export function writeTree(root: string, files: readonly ManagedFile[]): void {
    for (const file of files) {
        const target = path.join(root, file.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, file.content);
    }
}

/** xmllint --xpath on an XML text: the matches, attribute values unquoted; [] when nothing matches. */
export function xpath(xml: string, expr: string): string[] {
    const dir = tempDir("xpath");
    const file = path.join(dir, "f.xml");
    fs.writeFileSync(file, xml);
    const result = run("xmllint", ["--xpath", expr, file]);
    fs.rmSync(dir, { recursive: true, force: true });
    if (result.status === 10 || /XPath set is empty/.test(result.stderr)) return [];
    if (result.status !== 0) throw new Error(`xmllint --xpath ${expr}: ${result.stderr}`);
    return result.stdout.split("\n").map((s) => s.trim()).filter(Boolean).map((s) => s.replace(/^[a-z-]+="(.*)"$/, "$1"));
}
