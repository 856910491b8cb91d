/**
 * `npm run bench:diagram`: what `--diagram svg` adds to the offline plan of each stack. The plan
 * itself is timed once per stack (after a warm-up plan, so module loading is not counted); then
 * the diagram from its report, median of several runs: building the model, writing the DOT, and
 * Graphviz's `dot -Tsvg` (a child process). A diagram of a change also plans the base stack: one
 * more plan. Prints figures only; nothing here asserts a time.
 */
import { performance } from "perf_hooks";
import { renderDot } from "../../offline/plan/diagram-dot";
import { renderMermaid } from "../../offline/plan/diagram-mermaid";
import { buildDiagram } from "../../offline/plan/diagram-model";
import { renderSvg } from "../../offline/plan/diagram";
import { planStack, resolveStack } from "../../offline/plan/plan-stack";

const runs = 7;

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function time<T>(work: () => T): [T, number] {
    const start = performance.now();
    const result = work();
    return [result, performance.now() - start];
}

async function main(): Promise<void> {
    await planStack(resolveStack("dev"));
    const width = 40;
    const line = (label: string, value: number, unit = "ms") => `${label.padEnd(width)}${value.toFixed(1).padStart(9)} ${unit}`;
    const out: string[] = [];
    for (const stack of ["dev", "staging", "prod"]) {
        const start = performance.now();
        const report = await planStack(resolveStack(stack));
        const plan = performance.now() - start;
        const model: number[] = [], dot: number[] = [], svg: number[] = [], mermaid: number[] = [];
        let bytes = 0;
        for (let i = 0; i < runs; i++) {
            const [diagram, m] = time(() => buildDiagram(report));
            const [text, d] = time(() => renderDot(diagram));
            const [drawn, s] = time(() => renderSvg(text));
            mermaid.push(time(() => renderMermaid(diagram))[1]);
            model.push(m), dot.push(d), svg.push(s);
            bytes = drawn.length;
        }
        const added = median(model) + median(dot) + median(svg);
        out.push(
            `${stack} (${report.exposure.length + report.dataTier.length} tables, ${buildDiagram(report).edges.length} edges, SVG ${bytes} bytes)`,
            line("  plan (warm)", plan),
            line("  diagram model (median)", median(model)),
            line("  DOT text (median)", median(dot)),
            line("  dot -Tsvg (median)", median(svg)),
            line("  Mermaid text (median)", median(mermaid)),
            line("  --diagram svg adds", added),
            line("  --diagram svg adds, of the plan", (100 * added) / plan, "%"),
        );
    }
    process.stdout.write(`${out.join("\n")}\n(median of ${runs} runs each; a diagram of a change adds one more plan, of the base)\n`);
}

main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
});
