/**
 * `npm run bench:plan-process [-- runs]`: `npm run plan -- prod` as a whole process against a bare
 * process that only loads @pulumi/aws, in paired runs (one of each, back to back, so both see the
 * same machine load). Prints each command's median wall time and the median of its per-pair ratio to
 * the bare process, for the SWC transpiler the scripts use and for TypeScript's own transpile-only
 * mode. Figures only.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "../..");
const tsNode = require.resolve("ts-node/dist/bin.js");
const runs = Number(process.argv[2] ?? 7);

const commands: Record<string, string[]> = {
    "bare require(\"@pulumi/aws\")": ["-e", 'require("@pulumi/aws")'],
    "plan prod (ts-node --swc)": [tsNode, "--swc", "bin/plan.ts", "prod"],
    "plan prod (ts-node --transpile-only)": [tsNode, "--transpile-only", "bin/plan.ts", "prod"],
};

function wallMs(args: string[]): number {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    if (child.status !== 0) throw new Error(`${args.join(" ")} exited ${child.status}: ${child.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const names = Object.keys(commands);
const samples = new Map<string, number[]>(names.map((name) => [name, []]));
for (let i = 0; i < runs; i++) {
    for (const name of names) samples.get(name)!.push(wallMs(commands[name]));
    process.stderr.write(`paired run ${i + 1}/${runs}\n`);
}
const bare = samples.get(names[0])!;
for (const name of names) {
    const list = samples.get(name)!;
    const ratio = median(list.map((ms, i) => ms / bare[i]));
    console.log(`${name.padEnd(40)} median wall ${median(list).toFixed(0).padStart(6)} ms   ${ratio.toFixed(2)} x bare (median of pairs)`);
}
