import * as assert from "assert";
import { rdsDisallowPublicAccess } from "../../policies/rds-disallow-public-access";
import { runPolicyGate } from "../../offline/policy-gate";
import { baseline, changed, database, recordings, recordingsBlock, stackWith } from "../helpers/policy-fixtures";

const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
const publicDb = changed(database, { publiclyAccessible: true });

describe("the in-process policy gate (offline/policy-gate.ts)", () => {
    it("returns no verdict at all for the compliant baseline", async () => {
        assert.deepStrictEqual(await runPolicyGate(baseline), []);
    });

    it("answers like the engine: the description, a newline, the message; the resource's URN; the policy's level", async () => {
        assert.deepStrictEqual(await runPolicyGate(stackWith(publicDb)), [{
            policyName: "rds-disallow-public-access",
            enforcementLevel: "mandatory",
            urn: database.urn,
            message: `${rdsDisallowPublicAccess.description}\nthe database is reachable from the internet (publiclyAccessible is true); set publiclyAccessible: false and reach it from the API and FreeSWITCH security groups.`,
            call: "analyze",
        }]);
    });

    it("unwraps secret inputs before the policies see them, as the analyzer does", async () => {
        const verdicts = await runPolicyGate(stackWith(changed(database, { publiclyAccessible: secret(true), password: secret("hunter2") })));
        assert.deepStrictEqual(verdicts.map((v) => v.policyName), ["rds-disallow-public-access"]);
    });

    it("reports stack-policy verdicts from AnalyzeStack with the URN the policy names", async () => {
        const verdicts = await runPolicyGate(baseline.filter((r) => r.urn !== recordingsBlock.urn));
        assert.deepStrictEqual(verdicts.map((v) => [v.policyName, v.call, v.urn]), [["s3-require-public-access-block", "analyzeStack", recordings.urn]]);
    });

    it("applies a config's enforcement level: disabled silences a policy, advisory downgrades it", async () => {
        assert.deepStrictEqual(await runPolicyGate(stackWith(publicDb), { config: { "rds-disallow-public-access": "disabled" } }), []);
        const advisory = await runPolicyGate(stackWith(publicDb), { config: { "rds-disallow-public-access": { enforcementLevel: "advisory" } } });
        assert.deepStrictEqual(advisory.map((v) => v.enforcementLevel), ["advisory"]);
    });
});
