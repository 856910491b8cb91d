/**
 * `npm run bench:hosts`: the offline plan of dev at apiHosts = freeswitchHosts = N for N = 1, 3,
 * 10 (the mock run, the policy pack, the fresh-stack preview, the report), to show it grows
 * linearly with the hosts. A warm-up plan first, so module loading is not charged to N = 1; each
 * figure is the quickest of three runs. Prints figures only; nothing here asserts a time.
 */
import { performance } from "perf_hooks";
import { parseStackConfig } from "../../infra/config";
import { runMocked } from "../../offline/mock-run";
import { evaluatePolicies } from "../../offline/plan/verdicts";
import { freshStackPreview } from "../../offline/first-preview";
import { configSource, readStackValues, stackFilePath } from "../../offline/stack-file";

const counts = [1, 3, 10];
const repeats = 3;

interface Figures { ms: number; mockMs: number; packMs: number; previewMs: number; resources: number }

/** The plan's three expensive stages, as plan-stack.ts runs them (the report itself is a few ms). */
async function planAt(n: number): Promise<Figures> {
    const values = { ...readStackValues(stackFilePath("dev")), "irisx-infra:apiHosts": String(n), "irisx-infra:freeswitchHosts": String(n) };
    const start = performance.now();
    parseStackConfig(configSource(values));
    const run = await runMocked({ stack: "dev", values });
    const mocked = performance.now();
    await evaluatePolicies(run.resources);
    const packed = performance.now();
    await freshStackPreview("dev", values);
    const end = performance.now();
    return { ms: end - start, mockMs: mocked - start, packMs: packed - mocked, previewMs: end - packed, resources: run.resources.length };
}

async function main(): Promise<void> {
    await planAt(1);
    const rows: string[] = [];
    const results: (Figures & { n: number })[] = [];
    for (const n of counts) {
        const runs = [];
        for (let i = 0; i < repeats; i++) runs.push(await planAt(n));
        const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
        results.push({ n, ...best });
    }
    const [first] = results;
    const cell = (v: number) => `${v.toFixed(0)} ms`.padStart(12);
    rows.push(`${"N (hosts per role)".padEnd(20)}${"resources".padStart(10)}${"mock run".padStart(12)}${"pack".padStart(12)}${"fresh prev.".padStart(12)}${"total".padStart(12)}${"ms/resource".padStart(13)}`);
    for (const r of results) {
        rows.push(`${String(r.n).padEnd(20)}${String(r.resources).padStart(10)}${cell(r.mockMs)}${cell(r.packMs)}${cell(r.previewMs)}${cell(r.ms)}${(r.ms / r.resources).toFixed(2).padStart(13)}`);
    }
    const last = results[results.length - 1];
    rows.push(`per added host pair (N ${first.n} → ${last.n}): ${((last.ms - first.ms) / (last.n - first.n)).toFixed(0)} ms, ${((last.resources - first.resources) / (last.n - first.n)).toFixed(0)} resources`);
    process.stdout.write(rows.join("\n") + "\n");
}

main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
});
