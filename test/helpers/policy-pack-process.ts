/**
 * The pack as the Pulumi CLI runs it: `node <@pulumi/pulumi>/cmd/run-policy-pack <engine> <dir>`
 * with policies/ as working directory, then gRPC to the port it prints on its first stdout line.
 * Shared by test/policies/pack-over-grpc.test.ts and test/bench/bench-policy-pack.ts.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { GateResource, Verdict, analyzeRequest, analyzeStackRequest, verdictsOf } from "../../offline/policy-gate";

export const repoRoot = path.resolve(__dirname, "../..");
export const packDir = path.join(repoRoot, "policies");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
/**
 * The CLI runs the runner of the pack's own @pulumi/pulumi (pulumi-language-nodejs RunPlugin locates
 * @pulumi/pulumi/cmd/run-policy-pack from the pack's directory); the repo's for a pack without one.
 */
function runnerFor(dir: string): string {
    try {
        return path.dirname(require.resolve("@pulumi/pulumi/cmd/run-policy-pack/index.js", { paths: [dir] }));
    } catch {
        return path.join(pulumiDir, "cmd", "run-policy-pack");
    }
}
/** The runner drops this argument (index.js shifts it off) and the pack never dials it. */
const engineAddress = "127.0.0.1:1";

const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
export const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
export const emptyProto = fromPulumi("google-protobuf/google/protobuf/empty_pb");
export const structProto = fromPulumi("google-protobuf/google/protobuf/struct_pb");

function newestMtime(dir: string, filter: (f: string) => boolean): number {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== "bin" && entry.name !== "node_modules") newest = Math.max(newest, newestMtime(file, filter));
        } else if (filter(entry.name)) newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
    return newest;
}

/** Runs the pack's build (tsc -p policies/tsconfig.json) when its sources are newer than bin/. */
export function ensurePackBuilt(): void {
    const entry = path.join(packDir, JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")).main);
    const sources = Math.max(newestMtime(packDir, (f) => f.endsWith(".ts")), newestMtime(path.join(repoRoot, "facts"), (f) => f.endsWith(".ts")));
    if (fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= sources) return;
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(packDir, "tsconfig.json")], { stdio: "inherit" });
}

export interface PackProcess {
    readonly port: number;
    /** Milliseconds from spawn to the port line: what `pulumi preview` waits before analysing. */
    readonly startMs: number;
    /** Calls an Analyzer method (camelCase, e.g. "analyze") and resolves with its response. */
    call(method: string, request: unknown): Promise<any>;
    /** What the pack wrote to stderr so far (for failure messages). */
    stderr(): string;
    stop(): Promise<void>;
}

/** Starts the pack in `dir` (default policies/) the way the CLI does and connects to it. */
export function startPolicyPack(dir = packDir, timeoutMs = 30_000): Promise<PackProcess> {
    const started = process.hrtime.bigint();
    const child: ChildProcess = spawn(process.execPath, [runnerFor(dir), engineAddress, "."], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const stop = () =>
        new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
        });
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            void stop();
            reject(new Error(`the pack printed no port within ${timeoutMs} ms; stderr:\n${stderr}`));
        }, timeoutMs);
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`the pack exited (${code}) before printing its port; stderr:\n${stderr}`));
        });
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const newline = stdout.indexOf("\n");
            if (newline < 0) return;
            clearTimeout(timer);
            child.removeAllListeners("exit");
            const startMs = Number(process.hrtime.bigint() - started) / 1e6;
            const port = Number(stdout.slice(0, newline).trim());
            const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            const call = (method: string, request: unknown) =>
                new Promise<any>((ok, fail) => client[method](request, (err: unknown, response: unknown) => (err ? fail(err) : ok(response))));
            resolve({
                port, startMs, call, stderr: () => stderr,
                stop: async () => {
                    client.close();
                    await stop();
                },
            });
        });
    });
}

/**
 * Every verdict of the running pack for `resources`, as the engine asks: Analyze per resource, then
 * AnalyzeStack once (the same order and messages as offline/policy-gate.ts runPolicyGate).
 */
export async function verdictsOverGrpc(pack: PackProcess, resources: readonly GateResource[]): Promise<Verdict[]> {
    const verdicts: Verdict[] = [];
    for (const r of resources) verdicts.push(...verdictsOf(await pack.call("analyze", analyzeRequest(r)), "analyze", r.urn));
    verdicts.push(...verdictsOf(await pack.call("analyzeStack", analyzeStackRequest(resources)), "analyzeStack"));
    return verdicts;
}
