/** The real Pulumi CLI, when it is installed: found on PATH, run with the policy pack. */
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";

/** The executable `name` on PATH, or undefined (no shell involved). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
    const exts = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD").split(";") : [""];
    for (const dir of dirs) {
        for (const ext of exts) {
            const candidate = path.join(dir, name + ext);
            try {
                fs.accessSync(candidate, fs.constants.X_OK);
                if (fs.statSync(candidate).isFile()) return candidate;
            } catch {
                // not here
            }
        }
    }
    return undefined;
}

/** The commands promote runs, in order: preview, then (with --yes) up; both with the pack. */
export function pulumiCommands(stack: string, yes: boolean): string[][] {
    const common = ["--stack", stack, "--policy-pack", "policies"];
    return [["preview", ...common], ...(yes ? [["up", ...common, "--yes"]] : [])];
}

/** Runs one command with the terminal attached; returns its exit status. */
export function runPulumi(bin: string, args: readonly string[], cwd: string): number {
    const result = spawnSync(bin, args, { cwd, stdio: ["inherit", "inherit", "inherit"] });
    if (result.error) throw result.error;
    return result.status ?? 1;
}
