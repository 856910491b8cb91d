/**
 * The policy pack, in process: runs the pack's policies over recorded resources through the very
 * functions @pulumi/policy uses to answer the engine's Analyze and AnalyzeStack gRPC calls
 * (server.js makeAnalyzeRpcFun / makeAnalyzeStackRpcFun), fed with real protobuf requests, so a
 * verdict here is the verdict `pulumi preview --policy-pack policies` would print. No server, no
 * network. Used by the tests and by `npm run plan`.
 *
 * Like the engine: every resource goes through Analyze with its inputs, then the stack goes once
 * through AnalyzeStack. The engine sends outputs to AnalyzeStack; recorded mock runs only have
 * inputs, so the gate sends the inputs plus `id` (bridged providers report `id` among outputs).
 */
import * as path from "path";
import type { EnforcementLevel, Policies, Policy, ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { packName, policies as packPolicies } from "../policies/policies";
import { unknownStringValue } from "../facts/unknown";
import type { RecordedResource } from "./mock-run";

/** A resource as offline/mock-run.ts records it (only the fields the gate reads). */
export type GateResource = Omit<RecordedResource, "additionalSecretOutputs"> & {
    /** What AnalyzeStack receives instead of the inputs (plus id), as after an update whose outputs differ. */
    readonly outputs?: Record<string, unknown>;
};

export interface Verdict {
    policyName: string;
    enforcementLevel: EnforcementLevel;
    /** The resource the violation is about; undefined for a stack-wide violation. */
    urn?: string;
    /** As the engine receives it: the policy's description, a newline, then the policy's message. */
    message: string;
    /** Which call reported it. */
    call: "analyze" | "analyzeStack";
}

/** Per-policy config as in a `--policy-pack-config` file: a level, or properties plus an optional level. */
export type GateConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface GateOptions {
    /** Defaults to the pack's own list (policies/policies.ts). */
    policies?: Policies;
    config?: GateConfig;
    packVersion?: string;
}

// @pulumi/policy does not export its server functions in its typings; these are their shapes.
type RpcFun = (call: { request: unknown }, callback: (err: unknown, response?: any) => void) => Promise<void>;
interface PolicyServer {
    makeAnalyzeRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): RpcFun;
    makeAnalyzeStackRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): RpcFun;
}
/* eslint-disable @typescript-eslint/no-var-requires */
const server: PolicyServer = require("@pulumi/policy/server");
const protoutil: { convertEnforcementLevel(level: number): EnforcementLevel } = require("@pulumi/policy/protoutil");
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
// The protobuf runtime @pulumi/pulumi's generated messages were built against.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const structProto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));


/**
 * Drops `undefined` (protobuf Structs cannot hold it; the engine omits such properties), and turns
 * the mocks' `{ __pulumiUnknown: true }` (a preview's unknown input) into the engine's sentinel.
 */
function plain(value: any): any {
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : plain(v)));
    if (value !== null && typeof value === "object" && value.__pulumiUnknown === true) return unknownStringValue;
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]));
    }
    return value;
}

function options(resource: GateResource): any {
    const opts = new analyzerProto.AnalyzerResourceOptions();
    if (resource.parent) opts.setParent(resource.parent);
    return opts;
}

export function analyzeRequest(resource: GateResource): any {
    const req = new analyzerProto.AnalyzeRequest();
    req.setType(resource.type);
    req.setUrn(resource.urn);
    req.setName(resource.name);
    req.setProperties(structProto.Struct.fromJavaScript(plain(resource.inputs)));
    req.setOptions(options(resource));
    return req;
}

export function analyzeStackRequest(resources: readonly GateResource[]): any {
    const req = new analyzerProto.AnalyzeStackRequest();
    req.setResourcesList(resources.map((resource) => {
        const r = new analyzerProto.AnalyzerResource();
        r.setType(resource.type);
        r.setUrn(resource.urn);
        r.setName(resource.name);
        const props = resource.outputs ?? (resource.custom && resource.id ? { ...resource.inputs, id: resource.id } : resource.inputs);
        r.setProperties(structProto.Struct.fromJavaScript(plain(props)));
        r.setOptions(options(resource));
        if (resource.parent) r.setParent(resource.parent);
        r.setDependenciesList(resource.dependencies);
        const deps = r.getPropertydependenciesMap();
        for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
            const d = new analyzerProto.AnalyzerPropertyDependencies();
            d.setUrnsList(urns);
            deps.set(key, d);
        }
        return r;
    }));
    return req;
}

/** Turns an AnalyzeResponse into verdicts (the engine attributes urn-less Analyze ones to the resource). */
export function verdictsOf(response: any, call: Verdict["call"], resourceUrn?: string): Verdict[] {
    return response.getDiagnosticsList().map((d: any) => ({
        policyName: d.getPolicyname(),
        enforcementLevel: protoutil.convertEnforcementLevel(d.getEnforcementlevel()),
        urn: d.getUrn() || resourceUrn,
        message: d.getMessage(),
        call,
    }));
}

function invoke(fn: RpcFun, request: unknown): Promise<any> {
    return new Promise((resolve, reject) => {
        fn({ request }, (err, response) => (err ? reject(err) : resolve(response))).catch(reject);
    });
}

/**
 * Applies a config the way the engine's Configure call would: the enforcement level overrides
 * the policy's, and `getConfig()` returns the remaining properties. (Configure stores config in
 * @pulumi/policy's module state, which only the gRPC server can reach; the CLI-path test covers it.)
 */
function configured(list: Policies, config: GateConfig = {}): Policies {
    return list.map((policy) => {
        const entry = config[policy.name];
        if (entry === undefined) return policy;
        const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
        const withConfig = <A extends { getConfig<T extends object>(): T }>(args: A): A => ({ ...args, getConfig: () => properties as any });
        const base: Policy = { ...policy, enforcementLevel: enforcementLevel ?? policy.enforcementLevel };
        if ("validateStack" in policy) {
            const validateStack = policy.validateStack;
            return { ...base, validateStack: (args, report) => validateStack(withConfig(args), report) };
        }
        const original = policy.validateResource;
        if (original === undefined) return policy;
        const wrap = (v: ResourceValidation): ResourceValidation =>
            Object.assign((args: ResourceValidationArgs, report: ReportViolation) => v(withConfig(args), report), { __pulumiType: (v as { __pulumiType?: string }).__pulumiType });
        return { ...base, validateResource: Array.isArray(original) ? original.map(wrap) : wrap(original) };
    });
}

/** Every verdict of the pack for these resources: Analyze per resource, then AnalyzeStack once. */
export async function runPolicyGate(resources: readonly GateResource[], opts: GateOptions = {}): Promise<Verdict[]> {
    const list = configured(opts.policies ?? packPolicies, opts.config);
    const version = opts.packVersion ?? "0.0.0";
    const analyze = server.makeAnalyzeRpcFun(packName, version, "advisory", list);
    const analyzeStack = server.makeAnalyzeStackRpcFun(packName, version, "advisory", list);
    const verdicts: Verdict[] = [];
    for (const resource of resources) {
        verdicts.push(...verdictsOf(await invoke(analyze, analyzeRequest(resource)), "analyze", resource.urn));
    }
    verdicts.push(...verdictsOf(await invoke(analyzeStack, analyzeStackRequest(resources)), "analyzeStack"));
    return verdicts;
}

export function mandatoryVerdicts(verdicts: readonly Verdict[]): Verdict[] {
    return verdicts.filter((v) => v.enforcementLevel === "mandatory");
}

/** "[mandatory] policy-name urn\n  message" lines, for logs and failure messages. */
export function formatVerdicts(verdicts: readonly Verdict[]): string {
    return verdicts.map((v) => `[${v.enforcementLevel}] ${v.policyName} ${v.urn ?? "(stack)"}\n  ${v.message.replace(/\n/g, "\n  ")}`).join("\n");
}
