/** Runs fixtures through the real analyzer path and compares verdicts exactly. */
import * as assert from "assert";
import type { Policy } from "@pulumi/policy";
import { GateOptions, GateResource, Verdict, formatVerdicts, runPolicyGate } from "../../offline/policy-gate";

export interface Expected {
    readonly urn?: string;
    /** The policy's own message (the gate's message minus the description line). */
    readonly message: string;
}

/** The verdicts one policy gives for `resources` (other policies' verdicts are ignored). */
export async function verdictsOf(policy: Policy, resources: readonly GateResource[], opts: GateOptions = {}): Promise<Verdict[]> {
    return (await runPolicyGate(resources, opts)).filter((v) => v.policyName === policy.name);
}

/** Asserts that `policy` reports exactly `expected` (order-insensitive), at its own enforcement level. */
export async function expectVerdicts(policy: Policy, resources: readonly GateResource[], expected: readonly Expected[], opts: GateOptions = {}): Promise<void> {
    const verdicts = await verdictsOf(policy, resources, opts);
    const level = policy.enforcementLevel;
    const actual = verdicts.map((v) => ({ level: v.enforcementLevel, urn: v.urn, message: v.message })).sort(byUrnMessage);
    const wanted = expected.map((e) => ({ level, urn: e.urn, message: `${policy.description}\n${e.message}` })).sort(byUrnMessage);
    assert.deepStrictEqual(actual, wanted, `verdicts of ${policy.name}:\n${formatVerdicts(verdicts) || "(none)"}`);
}

function byUrnMessage(a: { urn?: string; message: string }, b: { urn?: string; message: string }): number {
    return `${a.urn}\n${a.message}`.localeCompare(`${b.urn}\n${b.message}`);
}
