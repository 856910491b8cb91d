/**
 * A stand-in for the Pulumi engine, enough for the SDK's program runner (`<@pulumi/pulumi>/cmd/run`,
 * what pulumi-language-nodejs spawns for `pulumi up`) to register the root stack and load the program:
 * the resource monitor answers feature probes and registrations, the engine keeps the root URN and
 * records every log message (an unhandled program error arrives as a log at severity ERROR).
 */
import { spawn } from "child_process";
import * as path from "path";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const resourceGrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
const resourceProto = require("@pulumi/pulumi/proto/resource_pb");
const engineGrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const engineProto = require("@pulumi/pulumi/proto/engine_pb");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");

/** engine.proto's LogSeverity.ERROR. */
export const severityError = 3;

export interface RunnerResult {
    readonly status: number | null;
    /** `type name` of every RegisterResource call, in order. */
    readonly registered: string[];
    readonly logs: { severity: number; message: string }[];
    readonly stderr: string;
}

type Handler = (call: any, callback: (err: unknown, response?: unknown) => void) => void;

/** Every method of a service UNIMPLEMENTED (the SDK then falls back, e.g. GetDeploymentInfo → SupportsFeature), but `handlers`. */
function service(definition: Record<string, unknown>, handlers: Record<string, Handler>): Record<string, Handler> {
    const all: Record<string, Handler> = {};
    for (const name of Object.keys(definition)) {
        const method = name[0].toLowerCase() + name.slice(1);
        all[method] = handlers[method] ?? ((_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, details: `fake engine: no ${name}` }));
    }
    return all;
}

/**
 * Runs the SDK's program runner on `program` (a directory or file under `cwd`) as `pulumi preview`
 * would, against a fresh fake engine, with `node` and `nodeArgs` (e.g. `-r` a preload).
 */
export async function runUnderFakeEngine(opts: { cwd: string; program: string; project: string; stack: string; node: string; nodeArgs?: string[]; env?: Record<string, string> }): Promise<RunnerResult> {
    const registered: string[] = [];
    const logs: { severity: number; message: string }[] = [];
    let rootUrn = "";
    const server = new grpc.Server();
    server.addService(resourceGrpc.ResourceMonitorService, service(resourceGrpc.ResourceMonitorService, {
        supportsFeature: (_call, callback) => callback(null, new resourceProto.SupportsFeatureResponse()),
        registerResource: (call, callback) => {
            registered.push(`${call.request.getType()} ${call.request.getName()}`);
            const response = new resourceProto.RegisterResourceResponse();
            response.setUrn(`urn:pulumi:${opts.stack}::${opts.project}::${call.request.getType()}::${call.request.getName()}`);
            callback(null, response);
        },
        registerResourceOutputs: (_call, callback) => callback(null, new Empty()),
    }));
    server.addService(engineGrpc.EngineService, service(engineGrpc.EngineService, {
        log: (call, callback) => {
            logs.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
            callback(null, new Empty());
        },
        getRootResource: (_call, callback) => {
            const response = new engineProto.GetRootResourceResponse();
            response.setUrn(rootUrn);
            callback(null, response);
        },
        setRootResource: (call, callback) => {
            rootUrn = call.request.getUrn();
            callback(null, new engineProto.SetRootResourceResponse());
        },
    }));
    const port: number = await new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) => (err ? reject(err) : resolve(p))));
    try {
        const address = `127.0.0.1:${port}`;
        const args = [...(opts.nodeArgs ?? []), path.join(pulumiDir, "cmd", "run", "index.js"), `--monitor=${address}`, `--engine=${address}`,
            `--project=${opts.project}`, `--stack=${opts.stack}`, `--pwd=${opts.cwd}`, "--dry-run", opts.program];
        // The language host's settings for a TypeScript program (Pulumi.yaml runtime.options.typescript).
        const env = { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_CONFIG: "{}", ...opts.env };
        const child = spawn(opts.node, args, { cwd: opts.cwd, env, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr!.on("data", (chunk) => (stderr += chunk));
        const status: number | null = await new Promise((resolve, reject) => {
            child.on("error", reject);
            child.on("close", resolve);
        });
        return { status, registered, logs, stderr };
    } finally {
        server.forceShutdown();
    }
}
