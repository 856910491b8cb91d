/**
 * Runs the real Pulumi program (infra/index.ts) under Pulumi's mock runtime, with no CLI, no cloud
 * and no network, and records what it registers: every resource with its inputs, parent and
 * dependencies, and the stack outputs. Used by the tests, the policy-pack tests and the offline plan.
 *
 * Runs are serialised (the Pulumi runtime is process-global) and each loads fresh instances of the
 * program's modules, so dev, staging and prod can run one after another in one process.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { mockCall, mockResourceState } from "./mock-run-state";
import { readStackValues, repoRoot, stackFilePath, StackValues } from "./stack-file";

export { StackValues };

export const secretSigKey = "4dabf18193072939515e22adb298388d";
export const secretSig = "1b47061264138c4ac30d75fd1eb44270";
/** What an unknown (computed during preview) value looks like in recorded outputs. */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const projectName = "irisx-infra";
export const programPath = path.join(repoRoot, "infra", "index.ts");
/** Source folders whose modules are reloaded for every run. */
const programDirs = ["infra", "provisioning"].map((dir) => path.join(repoRoot, dir) + path.sep);

export interface RecordedResource {
    type: string;
    /** Logical name. */
    name: string;
    urn: string;
    /** Empty during a preview (ids are unknown until created). */
    id: string;
    custom: boolean;
    /** As the mock received them: secrets still wrapped (see isSecret/unwrapSecrets). */
    inputs: Record<string, any>;
    /** Parent URN; the root stack's URN for top-level resources. */
    parent?: string;
    /** URNs this resource depends on. */
    dependencies: string[];
    /** Input property → URNs of the resources whose outputs fed it. */
    propertyDependencies: Record<string, string[]>;
    /** Output properties the engine treats as secret (additionalSecretOutputs). */
    additionalSecretOutputs: string[];
}

export interface MockedRun {
    stack: string;
    preview: boolean;
    /** Every registered resource (providers and components included, the root stack excluded). */
    resources: RecordedResource[];
    /** The program's exports, serialised as the engine would store them: secrets wrapped. */
    outputs: Record<string, any>;
    /** Provider functions the program called (e.g. the AMI lookup), in call order. */
    calls: RecordedCall[];
    stackUrn: string;
}

export interface RecordedCall {
    token: string;
    inputs: Record<string, any>;
}

export interface RunOptions {
    stack: string;
    /** Stack config as `namespace:key` → string; defaults to the committed Pulumi.<stack>.yaml. */
    values?: StackValues;
    preview?: boolean;
    /** Called for each resource as it is registered (also when the run later fails). */
    onResource?: (resource: RecordedResource) => void;
    /** Fails the run instead of waiting forever; default 60 s. */
    timeoutMs?: number;
}

export function isSecret(value: any): boolean {
    return value !== null && typeof value === "object" && value[secretSigKey] === secretSig;
}

/** Replaces every wrapped secret by its plain value, recursively. */
export function unwrapSecrets(value: any): any {
    if (isSecret(value)) return unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

function wrapSecret(value: any): any {
    return value === undefined || isSecret(value) ? value : { [secretSigKey]: secretSig, value };
}

function reloadProgramModules(): void {
    for (const file of Object.keys(require.cache)) {
        if (programDirs.some((dir) => file.startsWith(dir))) delete require.cache[file];
    }
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs the program for one stack under mocks. Throws the program's error (e.g. a ConfigError). */
export function runMocked(opts: RunOptions): Promise<MockedRun> {
    const run = queue.then(() => runOnce(opts));
    queue = run.catch(() => undefined);
    return run;
}

async function runOnce(opts: RunOptions): Promise<MockedRun> {
    const preview = opts.preview ?? false;
    const values = opts.values ?? readStackValues(stackFilePath(opts.stack));
    const region = values["aws:region"] ?? "us-east-1";
    const resources: RecordedResource[] = [];
    const calls: RecordedCall[] = [];
    const stateById = new Map<string, Record<string, any>>();
    const ordinals = new Map<string, number>();
    let stackUrn = "";
    let outputs: Record<string, any> = {};
    // The request being registered: MockMonitor calls newResource synchronously from
    // registerResource, so the request seen here is the one newResource is answering.
    let current: any;
    // The first failure wins: the mock's own errors arrive here before Pulumi rewraps them.
    let fail: (reason: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);

    const newResource = (args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult => {
        const req = current;
        current = undefined;
        const urn = monitor.newUrn(req?.getParent() || undefined, args.type, args.name);
        const secretOutputs: string[] = req?.getAdditionalsecretoutputsList() ?? [];
        const record: RecordedResource = {
            type: args.type,
            name: args.name,
            urn,
            id: "",
            custom: args.custom ?? true,
            inputs: args.inputs,
            parent: req?.getParent() || undefined,
            dependencies: req?.getDependenciesList() ?? [],
            propertyDependencies: {},
            additionalSecretOutputs: secretOutputs,
        };
        req?.getPropertydependenciesMap().forEach((deps: any, key: string) => {
            record.propertyDependencies[key] = deps.getUrnsList();
        });
        if (args.type === "pulumi:pulumi:Stack") {
            stackUrn = urn;
            return { id: undefined, state: {} };
        }
        resources.push(record);
        opts.onResource?.(record);
        if (!args.custom || args.type.startsWith("pulumi:providers:")) return { id: args.custom ? `${args.name}-provider` : undefined, state: {} };
        if (preview) return { id: undefined, state: { ...args.inputs } };

        const ordinal = ordinals.get(args.type) ?? 0;
        ordinals.set(args.type, ordinal + 1);
        const { id, state } = mockResourceState(args.type, args.name, urn, args.inputs, { region, ordinal, stateById: (i) => stateById.get(i) });
        const full: Record<string, any> = { ...args.inputs, ...state };
        // The engine marks these outputs secret; the mock has to do it itself.
        for (const key of secretOutputs) full[key] = wrapSecret(full[key]);
        record.id = id;
        stateById.set(id, unwrapSecrets(full));
        return { id, state: full };
    };
    const mocks: pulumi.runtime.Mocks = {
        newResource(args) {
            try {
                return newResource(args);
            } catch (error) {
                fail(error);
                throw error;
            }
        },
        call(args) {
            calls.push({ token: args.token, inputs: args.inputs });
            try {
                return mockCall(args.token, args.inputs, region);
            } catch (error) {
                fail(error);
                throw error;
            }
        },
    };

    reloadProgramModules();
    await pulumi.runtime.setMocks(mocks, projectName, opts.stack, preview);
    const monitor = pulumi.runtime.getMonitor() as any;
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        current = req;
        return registerResource(req, callback);
    };
    const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: any) => {
        if (req.getUrn() === stackUrn) outputs = req.getOutputs()?.toJavaScript() ?? {};
        return registerResourceOutputs(req, callback);
    };
    pulumi.runtime.setAllConfig(values);

    // A failing resource, call or apply rejects promises nobody awaits, and the stack then never
    // completes: the first such rejection fails the run, and a deadline catches anything else.
    const onRejection = (reason: unknown) => fail(reason);
    process.on("unhandledRejection", onRejection);
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const timer = setTimeout(() => fail(new Error(`mocked run of stack ${opts.stack} did not finish within ${timeoutMs} ms`)), timeoutMs);
    // Pulumi captures a stack trace for every promise and resource; under ts-node each one is
    // source-mapped, which costs much of a run. Plain V8 traces are enough here (transpile-only
    // keeps line numbers), so the hook is set aside for the duration of the run.
    const prepareStackTrace = Error.prepareStackTrace;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    try {
        await Promise.race([pulumi.runtime.runInPulumiStack(async () => require(programPath)), failed]);
        await Promise.race([waitForPulumi(), failed]);
        // Rejections surface a tick after the work that caused them.
        await Promise.race([new Promise((resolve) => setImmediate(resolve)), failed]);
    } catch (error) {
        // Give in-flight registrations a moment to settle so they do not leak into the next run,
        // but never wait on a registration that can no longer complete.
        await Promise.race([waitForPulumi().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 500))]);
        forgetStrandedPromises();
        throw error;
    } finally {
        clearTimeout(timer);
        Error.prepareStackTrace = prepareStackTrace;
        process.off("unhandledRejection", onRejection);
    }
    return { stack: opts.stack, preview, resources, outputs, calls, stackUrn };
}

/**
 * After a failed run, registrations that depended on the failure stay pending forever, and Pulumi
 * would print them as "leaked promises" when the process exits, burying the error this run threw.
 */
function forgetStrandedPromises(): void {
    try {
        const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates?: Set<unknown> } };
        state.getStore().leakCandidates?.clear();
    } catch {
        // An SDK without this internal simply prints its leak report.
    }
}

/** Waits until the runtime has no registration or output RPC in flight. */
async function waitForPulumi(): Promise<void> {
    const waitForRPCs = (pulumi.runtime as any).waitForRPCs as (() => Promise<void>) | undefined;
    if (waitForRPCs) await waitForRPCs();
}
