/**
 * npm run render -- <stack> <dir>
 * Writes every file each host would receive as <dir>/api/<absolute path> and
 * <dir>/freeswitch/<absolute path>, plus the push script of each unit under
 * <dir>/<host>/.push/<unit>.sh, with secrets replaced by obviously fake values.
 * Exit 0 written, 2 unknown stack / bad config (the message names the key) / bad arguments,
 * 70 a bug (offline/plan/exit-codes.ts, shared with `npm run plan`).
 */
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../infra/config";
import { previewHosts } from "../provisioning/preview";
import { renderPushScript } from "../provisioning/render/push-script";
import { exitCodes, reportFailure, runMain, UsageError } from "../offline/plan/exit-codes";
import { configSource, readStackValues, repoRoot, stackFilePath, stackNameProblem, StackValues } from "../offline/stack-file";

const usage = "usage: npm run render -- <stack> <dir>   (<stack>: a committed Pulumi.<stack>.yaml)";

/** Stacks with a committed `Pulumi.<stack>.yaml` next to `Pulumi.yaml`. */
function committedStacks(): string[] {
    return fs
        .readdirSync(repoRoot)
        .map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

function stackValues(stack: string): StackValues {
    const problem = stackNameProblem(stack);
    if (problem) throw new UsageError(`${problem} (Pulumi's rule for stack names)`);
    const stacks = committedStacks();
    if (!stacks.includes(stack)) {
        throw new UsageError(`unknown stack "${stack}": there is no Pulumi.${stack}.yaml; known stacks: ${stacks.join(", ")}`);
    }
    try {
        return readStackValues(stackFilePath(stack));
    } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
    }
}

export function main(args: readonly string[]): number {
    try {
        if (args.includes("--help")) {
            process.stdout.write(usage + "\n");
            return exitCodes.ok;
        }
        const positional = args.filter((a) => !a.startsWith("--"));
        if (positional.length !== args.length) throw new UsageError(`unknown option(s) ${args.filter((a) => a.startsWith("--")).join(" ")}`);
        const [stack, dir] = positional;
        if (!stack || !dir || positional.length > 2) throw new UsageError(`expected a stack and a directory, got ${positional.length ? positional.join(" ") : "nothing"}`);
        const config = parseStackConfig(configSource(stackValues(stack)));
        const hosts = previewHosts(config);
        let count = 0;
        for (const [host, units] of Object.entries(hosts)) {
            for (const unit of units) {
                for (const file of unit.files) {
                    const target = path.join(dir, host, file.path);
                    fs.mkdirSync(path.dirname(target), { recursive: true });
                    fs.writeFileSync(target, file.content);
                    count++;
                }
                const script = path.join(dir, host, ".push", `${unit.name}.sh`);
                fs.mkdirSync(path.dirname(script), { recursive: true });
                fs.writeFileSync(script, renderPushScript(unit, "admin"));
            }
        }
        console.log(`${stack}: wrote ${count} files for ${Object.keys(hosts).join(", ")} under ${dir} (secrets are FAKE-...-NOT-A-SECRET)`);
        return exitCodes.ok;
    } catch (error) {
        return reportFailure("render", error, usage);
    }
}

if (require.main === module) runMain("render", usage, () => main(process.argv.slice(2)));
