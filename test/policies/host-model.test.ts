/**
 * The pack's one host model, through the in-process analyzer (Analyze per resource, then
 * AnalyzeStack): every shape that reached the API host unseen is now refused with its exact
 * message, by the policy named, and nothing else; the legitimate neighbours pass untouched.
 * The same table runs over gRPC in pack-over-grpc.test.ts.
 */
import * as assert from "assert";
import { formatVerdicts, runPolicyGate } from "../../offline/policy-gate";
import { Shape, asExpected, failingShapes, passingNeighbours, sorted } from "../helpers/host-shapes";

async function expectShape(shape: Shape): Promise<void> {
    const verdicts = await runPolicyGate(shape.stack);
    assert.deepStrictEqual(sorted(verdicts.map(asExpected)), sorted(shape.verdicts), formatVerdicts(verdicts) || "(no verdicts)");
}

describe("the host model: every path to the API host (in process)", () => {
    for (const shape of failingShapes) it(`refuses ${shape.name}`, () => expectShape(shape));
    for (const shape of passingNeighbours()) it(`passes ${shape.name}`, () => expectShape(shape));
});
