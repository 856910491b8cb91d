/**
 * The peer baselines as `pulumi preview --policy-pack policies` runs them: the built pack started by
 * run-policy-pack, every case of baseline-cases.ts sent over gRPC. Each case must give the same
 * verdicts as in process, and the exact expected messages at the policy's level.
 */
import * as assert from "assert";
import { runPolicyGate } from "../../offline/policy-gate";
import { allBaselineCases } from "./baseline-cases";
import { PackProcess, ensurePackBuilt, startPolicyPack, verdictsOverGrpc } from "../helpers/policy-pack-process";

describe("the peer baselines over gRPC, the pack started as the CLI starts it", function () {
    this.timeout(120_000);
    let pack: PackProcess;

    before(async () => {
        ensurePackBuilt();
        pack = await startPolicyPack();
    });
    after(async () => {
        await pack?.stop();
    });

    for (const c of allBaselineCases) {
        it(`${c.policy.name}: ${c.title}`, async () => {
            const overGrpc = await verdictsOverGrpc(pack, c.stack);
            assert.deepStrictEqual(overGrpc, await runPolicyGate(c.stack), "the same verdicts as the in-process gate");
            const mine = overGrpc.filter((v) => v.policyName === c.policy.name).map((v) => ({ level: v.enforcementLevel, urn: v.urn, message: v.message }));
            const wanted = c.expected.map((e) => ({ level: c.policy.enforcementLevel, urn: e.urn, message: `${c.policy.description}\n${e.message}` }));
            assert.deepStrictEqual(mine, wanted);
        });
    }
});
