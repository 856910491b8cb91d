/** Shared by the provisioning tests: committed stacks, rendered hosts, temp dirs, tool runs. */
import { spawnSync, SpawnSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseStackConfig, StackConfig } from "../../infra/config";
import { ManagedFile, PushUnit } from "../../provisioning/model";
import { previewHosts, PreviewHosts } from "../../provisioning/preview";
import { configSource, readStackValues, repoRoot, stackFilePath } from "../../offline/stack-file";

export { repoRoot };
export const stacks = ["dev", "staging", "prod"] as const;
export type Stack = (typeof stacks)[number];

/** CI clones the repo next to shared/, so the corpora are found relative to the repo root. */
export const corpusDir = path.resolve(repoRoot, "../shared/corpora/fail2ban");

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
