/**
 * The pack's one host model, through the in-process analyzer (Analyze per resource, then
 * AnalyzeStack): every shape that reached the API host unseen is now refused with its exact
 * message, by the policy named, and nothing else; the legitimate neighbours pass untouched.
 * The same table runs over gRPC in pack-over-grpc.test.ts.
 */
import * as assert from "assert";
import { Verdict, formatVerdicts, runPolicyGate } from "../../offline/policy-gate";
import { ExpectedVerdict, Shape, failingShapes, passingNeighbours } from "../helpers/host-shapes";

/** A verdict as the table writes it: the policy's own message is the line after its description. */
export function asExpected(v: Verdict): ExpectedVerdict {
    return { policy: v.policyName, level: v.enforcementLevel as ExpectedVerdict["level"], urn: v.urn ?? "", message: v.message.slice(v.message.indexOf("\n") + 1) };
}

export function sorted(verdicts: readonly ExpectedVerdict[]): ExpectedVerdict[] {
    return [...verdicts].sort((a, b) => `${a.policy}${a.urn}${a.message}`.localeCompare(`${b.policy}${b.urn}${b.message}`));
}

async function expectShape(shape: Shape): Promise<void> {
    const verdicts = await runPolicyGate(shape.stack);
    assert.deepStrictEqual(sorted(verdicts.map(asExpected)), sorted(shape.verdicts), formatVerdicts(verdicts) || "(no verdicts)");
}

describe("the host model: every path to the API host (in process)", () => {
    for (const shape of failingShapes) it(`refuses ${shape.name}`, () => expectShape(shape));
    for (const shape of passingNeighbours()) it(`passes ${shape.name}`, () => expectShape(shape));
});
