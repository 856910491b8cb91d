/**
 * The peer baselines in process (offline/policy-gate.ts, the analyzer's own Analyze and AnalyzeStack
 * functions): every case of baseline-cases.ts, exact messages at the policy's own level.
 */
import * as assert from "assert";
import { runPolicyGate } from "../../offline/policy-gate";
import { allBaselineCases } from "./baseline-cases";
import { baseline, changed, cache, secretToken, stackWith } from "../helpers/policy-fixtures";
import { expectVerdicts } from "../helpers/policy-verdicts";

describe("the peer baselines, in process", () => {
    for (const policy of [...new Set(allBaselineCases.map((c) => c.policy))]) {
        describe(`policy ${policy.name}`, () => {
            for (const c of allBaselineCases.filter((c) => c.policy === policy)) {
                it(c.title, async () => {
                    await expectVerdicts(c.policy, c.stack, c.expected);
                });
            }
        });
    }

    it("never prints the Redis AUTH token, in any verdict of the whole pack", async () => {
        const verdicts = await runPolicyGate(stackWith(changed(cache, { transitEncryptionEnabled: false, authToken: secretToken })));
        assert.ok(verdicts.length > 0, "the pack reports the missing transit encryption");
        for (const v of verdicts) assert.ok(!v.message.includes(secretToken.value), v.message);
    });

    it("passes the compliant baseline with no verdict from any policy", async () => {
        assert.deepStrictEqual(await runPolicyGate(baseline), []);
    });
});
