/**
 * `npm run plan -- <stack> --diagram <mermaid|dot|svg|markdown> [--out <file>] [--base-plan <plan.json>]`:
 * the stack's exposure drawn from its plan report. With `--stack-file` for a committed stack, or
 * with `--base-plan` (a plan document of the base commit, as CI makes on a pull request), the
 * diagram marks what the change adds and removes.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { diffDiagrams } from "./diagram-diff";
import { renderDot } from "./diagram-dot";
import { renderMarkdown, renderMermaid } from "./diagram-mermaid";
import { buildDiagram, Diagram, DiagramSource } from "./diagram-model";
import { UsageError } from "./exit-codes";
import { PolicyConfig } from "./verdicts";
import { committedBase, planStack, reportFor, runStack, StackRef } from "./plan-stack";
import { Promotion } from "./promotion";
import { Progress, silentProgress } from "./progress";
import { planSchema } from "./render-json";

export const diagramFormats = ["mermaid", "dot", "svg", "markdown"] as const;
export type DiagramFormat = (typeof diagramFormats)[number];

export function parseDiagramFormat(value: string): DiagramFormat {
    if ((diagramFormats as readonly string[]).includes(value)) return value as DiagramFormat;
    throw new UsageError(`--diagram must be one of ${diagramFormats.join(", ")}, got "${value}"`);
}

/** Graphviz's `dot`; its absence is the machine's, said with what to install (exit 2). */
function runDot(args: readonly string[], input = ""): string {
    const result = spawnSync("dot", args, { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new UsageError("--diagram svg needs Graphviz's dot on PATH (Debian: apt-get install graphviz)");
    }
    if (result.error || result.status !== 0) throw new Error(`dot ${args.join(" ")} failed (exit ${result.status}): ${result.error?.message ?? result.stderr}`);
    return result.stdout;
}

export const renderSvg = (dot: string): string => runDot(["-Tsvg"], dot);

export function renderDiagram(diagram: Diagram, format: DiagramFormat): string {
    switch (format) {
        case "dot":
            return renderDot(diagram);
        case "svg":
            return renderSvg(renderDot(diagram));
        case "mermaid":
            return renderMermaid(diagram);
        case "markdown":
            return renderMarkdown(diagram);
    }
}

/** A plan document (`npm run plan -- <stack> --json`) as the diff's base; exit 2 when it is not one. */
export function readPlanDocument(file: string): DiagramSource {
    let doc: Record<string, unknown>;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new UsageError(`cannot read the base plan ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const fields = ["stack", "stackFile", "environment", "exposure", "verdicts"];
    if (doc?.schema !== planSchema || fields.some((f) => doc[f] === undefined)) {
        throw new UsageError(`the base plan ${file} is not a ${planSchema} plan document of a stack (npm run plan -- <stack> --json): it lacks ${["schema", ...fields].filter((f) => doc?.[f] === undefined).join(", ") || "the schema tag"}`);
    }
    return doc as unknown as DiagramSource;
}

export interface DiagramOptions {
    readonly format: DiagramFormat;
    readonly basePlan?: string;
    readonly policyConfig?: PolicyConfig;
    readonly progress?: Progress;
}

/** Plans the stack (and its base), draws it; the exit code is the plan's (1 on a mandatory violation). */
export async function planDiagram(ref: StackRef, options: DiagramOptions): Promise<{ text: string; exitCode: number; diagram: Diagram }> {
    const progress = options.progress ?? silentProgress;
    // Refused before the program runs: no Graphviz, or a base that is no plan document.
    if (options.format === "svg") runDot(["-V"]);
    const base = options.basePlan !== undefined ? readPlanDocument(options.basePlan) : undefined;
    const committed = base === undefined ? committedBase(ref) : undefined;
    // The committed stack runs once: its plan is the diagram's base, its resources the host changes' base.
    const committedRun = committed ? await runStack(committed, progress) : undefined;
    const committedPlan = committedRun ? await reportFor(committedRun, progress, options.policyConfig) : undefined;
    const report = await planStack(ref, progress, options.policyConfig, committedRun);
    // A base plan from before the source groups were named borrows this stack's names, so that the
    // first diagram of a change does not read every peer as removed and added again.
    const before = base ? { ...base, sourceRanges: base.sourceRanges ?? report.sourceRanges } : committedPlan;
    const diagram = before ? diffDiagrams(buildDiagram(before), buildDiagram(report)) : buildDiagram(report);
    return { text: renderDiagram(diagram, options.format), exitCode: report.exitCode, diagram };
}

/** What a promotion changes in the exposure: the target's diagram against the source's. */
export function promotionDiagram(p: Pick<Promotion, "origin" | "target">): Diagram {
    return diffDiagrams(buildDiagram(p.origin), buildDiagram(p.target));
}

/** Writes beside the target and renames: a failed run leaves no half-written file. */
export function writeOut(file: string, text: string): void {
    const target = path.resolve(file);
    const temp = `${target}.${process.pid}.tmp`;
    try {
        fs.writeFileSync(temp, text);
        fs.renameSync(temp, target);
    } catch (error) {
        fs.rmSync(temp, { force: true });
        throw new UsageError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
}
