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
import { isProviderType, types } from "../facts/resource-types";
import { offlineRunKey } from "../infra/config";
import { mockCall, mockResourceState } from "./mock-run-state";
import { plainStackTraces, skipPromiseStackTraces } from "./mock-run-traces";
import { isSecret, PreviewStep, previewState, previewStep, PriorState, secretSig, secretSigKey, unwrapSecrets } from "./mock-preview";
import { readStackValues, repoRoot, stackFilePath, StackValues } from "./stack-file";

export { StackValues };
export { isSecret, secretSig, secretSigKey, unwrapSecrets } from "./mock-preview";

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
    /** The state the mock answered with (inputs plus computed outputs; during a preview, what is known). */
    outputs?: Record<string, any>;
    /** During a preview: what the engine would do with the resource. */
    step?: PreviewStep;
}

export interface MockedRun {
    stack: string;
    preview: boolean;
    /** A preview of a change to an existing stack (`prior` given) rather than of a fresh one. */
    existingStack?: boolean;
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
    /**
     * Run as `pulumi preview` does: isDryRun() is true, and every output a provider computes (ids,
     * ARNs, addresses, endpoints, generated secrets and keys) stays unknown. Invokes answer as in
     * a real preview, where they run for real (the SDK itself skips one whose inputs are unknown).
     */
    preview?: boolean;
    /**
     * With `preview`: the stack as an earlier (update) run left it. Unchanged resources then keep
     * their stored outputs, updated ones keep their computed outputs, replaced ones (e.g. a
     * password with a new rotation keeper) get unknown outputs. Without it: a fresh stack.
     */
    prior?: MockedRun;
    /** The program to run (a test's fixture program); default infra/index.ts. */
    program?: string;
    /** Called for each resource as it is registered (also when the run later fails). */
    onResource?: (resource: RecordedResource) => void;
    /** Fails the run instead of waiting forever; default 60 s. */
    timeoutMs?: number;
}

function wrapSecret(value: any): any {
    return value === undefined || isSecret(value) ? value : { [secretSigKey]: secretSig, value };
}

function reloadProgramModules(program: string): void {
    for (const file of Object.keys(require.cache)) {
        if (file === program || programDirs.some((dir) => file.startsWith(dir))) delete require.cache[file];
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
    const prior = new Map<string, PriorState>(preview ? (opts.prior?.resources ?? []).map((r) => [r.urn, { id: r.id, inputs: r.inputs, outputs: r.outputs ?? {} }]) : []);
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

    const newResource = (args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult | Promise<pulumi.runtime.MockResourceResult> => {
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
            outputs: {},
        };
        req?.getPropertydependenciesMap().forEach((deps: any, key: string) => {
            record.propertyDependencies[key] = deps.getUrnsList();
        });
        if (args.type === types.stack) {
            stackUrn = urn;
            return { id: undefined, state: {} };
        }
        resources.push(record);
        opts.onResource?.(record);
        if (!args.custom || isProviderType(args.type)) return { id: args.custom ? `${args.name}-provider` : undefined, state: {} };
        if (preview) return answerPreview(record, args.inputs);

        const ordinal = ordinals.get(args.type) ?? 0;
        ordinals.set(args.type, ordinal + 1);
        const { id, state } = mockResourceState(args.type, args.name, urn, args.inputs, { region, ordinal, stateById: (i) => stateById.get(i) });
        const full: Record<string, any> = { ...args.inputs, ...state };
        // The engine marks these outputs secret; the mock has to do it itself.
        for (const key of secretOutputs) full[key] = wrapSecret(full[key]);
        record.id = id;
        record.outputs = full;
        stateById.set(id, unwrapSecrets(full));
        return { id, state: full };
    };
    const answerPreview = async (record: RecordedResource, inputs: Record<string, any>): Promise<pulumi.runtime.MockResourceResult> => {
        const before = prior.get(record.urn);
        record.step = await previewStep(record.type, inputs, before);
        const { id, state } = previewState(record.step, inputs, before);
        record.id = id ?? "";
        record.outputs = state;
        return { id, state };
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

    const program = opts.program ?? programPath;
    reloadProgramModules(require.resolve(program));
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
    pulumi.runtime.setAllConfig({ ...values, [offlineRunKey]: "true" });

    // A failing resource, call or apply rejects promises nobody awaits, and the stack then never
    // completes: the first such rejection fails the run, and a deadline catches anything else.
    const onRejection = (reason: unknown) => fail(reason);
    process.on("unhandledRejection", onRejection);
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const timer = setTimeout(() => fail(new Error(`mocked run of stack ${opts.stack} did not finish within ${timeoutMs} ms`)), timeoutMs);
    // Pulumi captures a stack trace for every promise and resource: see mock-run-traces.ts.
    const restoreTraces = [plainStackTraces(), skipPromiseStackTraces()];
    try {
        await Promise.race([pulumi.runtime.runInPulumiStack(async () => require(program)), failed]);
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
        for (const restore of restoreTraces) restore();
        process.off("unhandledRejection", onRejection);
    }
    return { stack: opts.stack, preview, existingStack: preview && opts.prior !== undefined, resources, outputs, calls, stackUrn };
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
