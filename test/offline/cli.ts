/** Runs the real `plan` / `promote` CLIs as child processes, as `npm run` would (bin/register.js). */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "../..");
/** The npm scripts' loader (package.json: `node -r ./bin/register.js bin/<cli>.ts`). */
export const loader = path.join(repoRoot, "bin", "register.js");

export interface CliResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export function runCli(script: "plan" | "promote", args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliResult {
    const result = spawnSync(process.execPath, ["-r", loader, path.join("bin", `${script}.ts`), ...args], {
        cwd: repoRoot,
        env,
        encoding: "utf8",
        timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary directory holding `Pulumi.<name>.yaml` files written from YAML text. */
export function tempStacks(files: Record<string, string>): { dir: string; file: (name: string) => string; remove: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "irisx-plan-test-"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name.includes(".") ? name : `Pulumi.${name}.yaml`), text);
    return { dir, file: (name) => path.join(dir, `Pulumi.${name}.yaml`), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A valid dev-like stack file; `extra` lines are appended under `config:`. */
export function stackYaml(adminCidrs: readonly string[], extra: readonly string[] = []): string {
    return [
        "config:",
        "  aws:region: us-east-1",
        "  irisx-infra:environment: dev",
        "  irisx-infra:appPort: 9847",
        "  irisx-infra:domain: api.dev.irisx.example",
        "  irisx-infra:alarmEmail: oncall@irisx.example",
        "  irisx-infra:adminCidrs:",
        ...adminCidrs.map((c) => `    - ${c}`),
        ...extra.map((line) => `  ${line}`),
        "",
    ].join("\n");
}
