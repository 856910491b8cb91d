/**
 * `npm run promote -- <from> <to> [--yes] [--markdown <file>]`, e.g. `staging prod`.
 *
 * Offline first: compares the two stacks' config (expected differences vs ones a reviewer must
 * read), compares their offline plans, and gates the target with the policy pack. Then, when the
 * Pulumi CLI is on PATH, `pulumi preview --stack <to> --policy-pack policies` and, with --yes,
 * `pulumi up`. Exit codes: offline/plan/exit-codes.ts (3 = no CLI, stopped after the offline gate).
 */
import * as fs from "fs";
import { repoRoot } from "../offline/stack-file";
import { promotionDiagram } from "../offline/plan/diagram";
import { renderMarkdown } from "../offline/plan/diagram-mermaid";
import { parseArgs } from "../offline/plan/args";
import { exitCodes, reportFailure, runMain, UsageError } from "../offline/plan/exit-codes";
import { resolveStack } from "../offline/plan/plan-stack";
import { createProgress } from "../offline/plan/progress";
import { comparePromotion } from "../offline/plan/promotion";
import { findOnPath, pulumiCommands, runPulumi } from "../offline/plan/pulumi-cli";
import { renderPromotion } from "../offline/plan/render-promotion";

const usage = `usage: npm run promote -- <from> <to> [--yes] [--markdown <file>]
  compares config and offline plans of two stacks, gates <to> with the policy pack, then runs
  pulumi preview --stack <to> --policy-pack policies (and pulumi up … --yes with --yes)
  --markdown <file>  append the exposure diagram of the change (Mermaid) and its row diff to this
                     file, e.g. "$GITHUB_STEP_SUMMARY"
exit codes: 0 promoted/previewed, 1 mandatory violation on <to>, 2 bad config or unknown stack,
            3 no pulumi CLI on PATH (stopped after the offline gate), 4 pulumi preview/up failed`;

function appendMarkdown(file: string, text: string): void {
    try {
        fs.appendFileSync(file, text);
    } catch (error) {
        throw new UsageError(`--markdown: cannot append to ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
}

export async function main(argv: readonly string[]): Promise<number> {
    try {
        const args = parseArgs(argv, ["yes", "help"], ["markdown"]);
        if (args.flags.has("help")) {
            process.stdout.write(usage + "\n");
            return exitCodes.ok;
        }
        if (args.positional.length !== 2) throw new UsageError("promote takes two stacks: <from> <to>");
        const [from, to] = args.positional.map((s) => resolveStack(s));
        if (from.stack === to.stack) throw new UsageError(`promoting ${from.stack} to itself compares nothing`);

        const promotion = await comparePromotion(from, to, createProgress(process.stderr));
        process.stdout.write(renderPromotion(promotion));
        const markdown = args.options.get("markdown");
        if (markdown !== undefined) appendMarkdown(markdown, renderMarkdown(promotionDiagram(promotion)));
        if (promotion.gateExitCode !== exitCodes.ok) {
            process.stdout.write(`\nStopped: ${to.stack} has mandatory policy violations; nothing was sent to Pulumi.\n`);
            return exitCodes.mandatoryViolation;
        }

        const pulumi = findOnPath("pulumi");
        const commands = pulumiCommands(to.stack, args.flags.has("yes"));
        if (!pulumi) {
            process.stdout.write(
                `\nOffline gate passed. The Pulumi CLI is not on PATH, so stopping here (exit ${exitCodes.noPulumiCli}).\n` +
                    `Install it and log in, then run:\n${commands.map((c) => `  pulumi ${c.join(" ")}`).join("\n")}\n`,
            );
            return exitCodes.noPulumiCli;
        }
        for (const command of commands) {
            process.stdout.write(`\n$ pulumi ${command.join(" ")}\n`);
            const status = runPulumi(pulumi, command, repoRoot);
            if (status !== 0) {
                process.stdout.write(`pulumi ${command[0]} failed (exit ${status})\n`);
                return exitCodes.pulumiFailed;
            }
        }
        return exitCodes.ok;
    } catch (error) {
        return reportFailure("promote", error, usage);
    }
}

if (require.main === module) runMain("promote", usage, () => main(process.argv.slice(2)));
