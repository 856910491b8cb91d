/**
 * `npm run plan -- <stack> [--json] [--stack-file <path>] [--policy-config <file>]`
 *                           `[--diagram <mermaid|dot|svg|markdown> [--out <file>] [--base-plan <plan.json>]]`
 *
 * The offline plan of one stack: the real program under Pulumi's mock runtime (no CLI, no cloud
 * credentials, only Pulumi.<stack>.yaml), the policy pack through the analyzer code the CLI uses,
 * then summary, exposure per host, verdicts, port security score and estimated deploy time.
 * Exit 0 clean, 1 mandatory violation, 2 bad input: config, stack name, arguments, unreadable file (see offline/plan/exit-codes.ts).
 */
import { parseArgs } from "../offline/plan/args";
import { parseDiagramFormat, planDiagram, writeOut } from "../offline/plan/diagram";
import { exitCodes, isConfigError, reportFailure, runMain, UsageError } from "../offline/plan/exit-codes";
import { readPolicyConfig } from "../offline/plan/verdicts";
import { planStack, resolveStack } from "../offline/plan/plan-stack";
import { createProgress } from "../offline/plan/progress";
import { renderJson, renderJsonFailure } from "../offline/plan/render-json";
import { renderText } from "../offline/plan/render-text";

const usage = `usage: npm run plan -- <stack> [--json] [--stack-file <path>] [--policy-config <file>]
  <stack>                dev, staging or prod (a committed Pulumi.<stack>.yaml)
  --json                 print the plan as one JSON document on stdout
  --stack-file <path>    plan this stack file instead of the committed one
  --policy-config <file> policy pack config, as for pulumi preview --policy-pack-config
  --diagram <format>     draw the exposure instead: mermaid, dot, svg (Graphviz) or markdown (for a
                         job summary); with --stack-file of a committed stack, marks what it changes
  --out <file>           write the diagram to this file instead of stdout
  --base-plan <file>     mark the changes against this plan document (plan --json of the base commit)
exit codes: 0 clean, 1 mandatory policy violation, 2 bad input (config, stack name, arguments, unreadable file)`;

export async function main(argv: readonly string[]): Promise<number> {
    const json = argv.includes("--json");
    let stack: string | undefined;
    try {
        const args = parseArgs(argv, ["json", "help"], ["stack-file", "policy-config", "diagram", "out", "base-plan"]);
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
        const diagram = args.options.get("diagram");
        if (diagram === undefined && (args.options.has("out") || args.options.has("base-plan"))) throw new UsageError("--out and --base-plan go with --diagram");
        if (diagram !== undefined) {
            if (json) throw new UsageError("--diagram and --json: choose one");
            const format = parseDiagramFormat(diagram);
            const out = args.options.get("out");
            const drawn = await planDiagram(ref, { format, basePlan: args.options.get("base-plan"), policyConfig, progress: createProgress(process.stderr) });
            if (out === undefined) process.stdout.write(drawn.text);
            else writeOut(out, drawn.text);
            return drawn.exitCode;
        }
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
