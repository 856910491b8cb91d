/**
 * One plan of a stack in this process, as bin/plan.ts runs it, timed phase by phase (wall and CPU
 * since the process started); prints one JSON document. Run by bench-plan-process.ts under the
 * npm scripts' loader. Figures only.
 */
import { performance } from "perf_hooks";

interface Phase {
    phase: string;
    wallMs: number;
    cpuMs: number;
}

const phases: Phase[] = [];
let lastWall = 0;
let lastCpu = 0;
function mark(phase: string): void {
    const wall = performance.now();
    const { user, system } = process.cpuUsage();
    const cpu = (user + system) / 1000;
    phases.push({ phase, wallMs: wall - lastWall, cpuMs: cpu - lastCpu });
    lastWall = wall;
    lastCpu = cpu;
}

async function main(stack: string): Promise<void> {
    mark("node start and the loader");
    require("@pulumi/pulumi");
    require("@pulumi/aws");
    mark('require("@pulumi/pulumi", "@pulumi/aws")');
    const { planStack, resolveStack } = require("../../offline/plan/plan-stack") as typeof import("../../offline/plan/plan-stack");
    const { renderText } = require("../../offline/plan/render-text") as typeof import("../../offline/plan/render-text");
    mark("load offline/plan");
    // The plan's own progress steps name its phases: the update run, the pack, the fresh preview.
    const report = await planStack(resolveStack(stack), {
        async step(label, work) {
            const result = await work();
            mark(label.replace(new RegExp(`\\b${stack}\\b|\\d+ resources`, "g"), (m) => (m === stack ? "<stack>" : "<n> resources")));
            return result;
        },
    });
    mark("build the report");
    renderText(report);
    mark("render the text");
    process.stdout.write(JSON.stringify(phases) + "\n");
}

main(process.argv[2] ?? "prod").catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
});
