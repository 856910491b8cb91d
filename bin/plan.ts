/**
 * `npm run plan -- <stack> [--json] [--stack-file <path>] [--policy-config <file>]`
 *
 * The offline plan of one stack: the real program under Pulumi's mock runtime (no CLI, no cloud
 * credentials, only Pulumi.<stack>.yaml), the policy pack through the analyzer code the CLI uses,
 * then summary, exposure per host, verdicts, port security score and estimated deploy time.
 * Exit 0 clean, 1 mandatory violation, 2 bad input: config, stack name, arguments, unreadable file (see offline/plan/exit-codes.ts).
 */
import { parseArgs } from "../offline/plan/args";
import { exitCodes, isConfigError, reportFailure, runMain, UsageError } from "../offline/plan/exit-codes";
import { readPolicyConfig } from "../offline/plan/gate";
import { planStack, resolveStack } from "../offline/plan/plan-stack";
import { createProgress } from "../offline/plan/progress";
import { renderJson, renderJsonFailure } from "../offline/plan/render-json";
import { renderText } from "../offline/plan/render-text";

const usage = `usage: npm run plan -- <stack> [--json] [--stack-file <path>] [--policy-config <file>]
  <stack>                dev, staging or prod (a committed Pulumi.<stack>.yaml)
  --json                 print the plan as one JSON document on stdout
  --stack-file <path>    plan this stack file instead of the committed one
  --policy-config <file> policy pack config, as for pulumi preview --policy-pack-config
exit codes: 0 clean, 1 mandatory policy violation, 2 bad input (config, stack name, arguments, unreadable file)`;

export async function main(argv: readonly string[]): Promise<number> {
    const json = argv.includes("--json");
    let stack: string | undefined;
    try {
        const args = parseArgs(argv, ["json", "help"], ["stack-file", "policy-config"]);
        if (args.flags.has("help")) {
            process.stdout.write(usage + "\n");
            return exitCodes.ok;
        }
        if (args.positional.length > 1) throw new UsageError(`plan takes one stack, got ${args.positional.join(" ")}`);
        stack = args.positional[0];
        const ref = resolveStack(stack, args.options.get("stack-file"));
        stack = ref.stack;
        const policyFile = args.options.get("policy-config");
        const policyConfig = policyFile === undefined ? undefined : readPolicyConfig(policyFile);
        const report = await planStack(ref, createProgress(process.stderr), policyConfig);
        process.stdout.write(json ? renderJson(report) : renderText(report));
        return report.exitCode;
    } catch (error) {
        if (json && (isConfigError(error) || error instanceof UsageError)) {
            process.stdout.write(renderJsonFailure({ stack: stack ?? "", error }));
            return exitCodes.badConfig;
        }
        return reportFailure("plan", error, usage);
    }
}

if (require.main === module) runMain("plan", usage, () => main(process.argv.slice(2)));
