/**
 * `npm run bench:plan-process [-- runs]`: `npm run plan -- prod` as a whole process against a bare
 * process that only loads @pulumi/aws, in paired runs (one of each, back to back, so both see the
 * same machine load). Prints each command's median wall time, the median of its per-pair ratio to
 * the bare process and the load average; then the plan's phases (median over as many runs, wall
 * and CPU). Figures only.
 *
 * The plan runs as package.json runs it (bin/register.js), after one untimed run that fills the
 * transpile and compile caches; the other lines show what each cache is worth, what the bare
 * process costs with Node's compile cache, and the ts-node --swc loader the scripts used before.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "../..");
const loader = path.join(root, "bin", "register.js");
const tsNode = require.resolve("ts-node/dist/bin.js");
const runs = Number(process.argv[2] ?? 7);
const noCompileCache = { NODE_DISABLE_COMPILE_CACHE: "1" };

interface Command {
    args: string[];
    env?: Record<string, string>;
}

const commands: Record<string, Command> = {
    'bare require("@pulumi/aws")': { args: ["-e", 'require("@pulumi/aws")'] },
    "npm run plan -- prod": { args: ["-r", loader, "bin/plan.ts", "prod"] },
    "  without Node's compile cache": { args: ["-r", loader, "bin/plan.ts", "prod"], env: noCompileCache },
    "  ts-node --swc (the loader before)": { args: [tsNode, "--swc", "bin/plan.ts", "prod"], env: noCompileCache },
    'bare, with Node\'s compile cache': { args: ["-e", 'require("module").enableCompileCache(); require("@pulumi/aws")'] },
};

function spawnNode(command: Command): { ms: number; stdout: string } {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, command.args, { cwd: root, encoding: "utf8", env: { ...process.env, ...command.env } });
    if (child.status !== 0) throw new Error(`${command.args.join(" ")} exited ${child.status}: ${child.stderr}`);
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, stdout: child.stdout };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const names = Object.keys(commands);
for (const name of names) spawnNode(commands[name]); // fills the caches; not timed
const samples = new Map<string, number[]>(names.map((name) => [name, []]));
for (let i = 0; i < runs; i++) {
    for (const name of names) samples.get(name)!.push(spawnNode(commands[name]).ms);
    process.stderr.write(`paired run ${i + 1}/${runs}\n`);
}
const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
const bare = samples.get(names[0])!;
for (const name of names) {
    const list = samples.get(name)!;
    const ratio = median(list.map((ms, i) => ms / bare[i]));
    console.log(`${name.padEnd(40)} median wall ${median(list).toFixed(0).padStart(6)} ms   ${ratio.toFixed(2)} x bare (median of pairs)`);
}
console.log(`load average after the paired runs (1, 5, 15 min): ${load} on ${os.cpus().length} CPUs`);

const phases = new Map<string, { wall: number[]; cpu: number[] }>();
for (let i = 0; i < runs; i++) {
    const run = JSON.parse(spawnNode({ args: ["-r", loader, path.join("test", "bench", "plan-phases.ts"), "prod"] }).stdout) as { phase: string; wallMs: number; cpuMs: number }[];
    for (const { phase, wallMs, cpuMs } of run) {
        const entry = phases.get(phase) ?? { wall: [], cpu: [] };
        entry.wall.push(wallMs);
        entry.cpu.push(cpuMs);
        phases.set(phase, entry);
    }
}
console.log(`\nphases of the plan of prod in one process (median of ${runs}; CPU counts every thread):`);
for (const [phase, { wall, cpu }] of phases) {
    console.log(`  ${phase.padEnd(96)} wall ${median(wall).toFixed(0).padStart(5)} ms   cpu ${median(cpu).toFixed(0).padStart(5)} ms`);
}
