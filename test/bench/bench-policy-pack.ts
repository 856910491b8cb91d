/**
 * `npm run bench:policy-pack`: how long the pack takes to start as the CLI runs it, and how long
 * one Analyze call takes. Prints figures only; nothing here asserts a time.
 *
 *   npm run bench:policy-pack [-- --runs 5 --calls 200]
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeRequest, analyzeStackRequest } from "../../offline/policy-gate";
import { baseline, withIngress, apiSg } from "../helpers/policy-fixtures";
import { ensurePackBuilt, startPolicyPack } from "../helpers/policy-pack-process";

function option(name: string, fallback: number): number {
    const i = process.argv.indexOf(`--${name}`);
    const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`);
    return value;
}

/** An empty pack in a temp dir: what @pulumi/policy and the runner cost before any policy loads. */
function emptyPackDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "empty-policy-pack-"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "empty", version: "0.0.0", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "index.js"), `const { PolicyPack } = require(${JSON.stringify(require.resolve("@pulumi/policy"))});\nnew PolicyPack("empty", { policies: [] });\n`);
    return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
    const runs = option("runs", 5);
    const calls = option("calls", 200);
    ensurePackBuilt();
    const starts: number[] = [];
    const perAnalyze: number[] = [];
    const perStack: number[] = [];
    const requests = [...baseline, withIngress(apiSg, [{ protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }])].map(analyzeRequest);
    const stackRequest = analyzeStackRequest(baseline);
    const empty = emptyPackDir();
    const emptyStarts: number[] = [];
    for (let run = 0; run < runs; run++) {
        const floor = await startPolicyPack(empty);
        emptyStarts.push(floor.startMs);
        await floor.stop();
        const pack = await startPolicyPack();
        try {
            starts.push(pack.startMs);
            const t0 = process.hrtime.bigint();
            for (let i = 0; i < calls; i++) await pack.call("analyze", requests[i % requests.length]);
            perAnalyze.push(Number(process.hrtime.bigint() - t0) / 1e6 / calls);
            const t1 = process.hrtime.bigint();
            await pack.call("analyzeStack", stackRequest);
            perStack.push(Number(process.hrtime.bigint() - t1) / 1e6);
        } finally {
            await pack.stop();
        }
    }
    fs.rmSync(empty, { recursive: true, force: true });
    console.log(`policy pack (precompiled JS entry, run-policy-pack, ${runs} starts, ${calls} Analyze calls each)`);
    console.log(`  start to port line : median ${ms(median(starts))}  (min ${ms(Math.min(...starts))}, max ${ms(Math.max(...starts))})`);
    console.log(`  empty pack, same way: median ${ms(median(emptyStarts))}  (the runner + @pulumi/policy alone; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
    console.log(`  per Analyze call   : median ${ms(median(perAnalyze))}  (${requests.length} resource kinds, round trip over loopback gRPC)`);
    console.log(`  AnalyzeStack       : median ${ms(median(perStack))}  (${baseline.length} resources)`);
}

main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
