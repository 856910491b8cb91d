/** The API host's permission to ban into the WAF IP set (edge alb): exactly two actions on one ARN, and the pack accepts it. */
import { strict as assert } from "assert";
import * as path from "path";
import { MockedRun, runMocked } from "../../offline/mock-run";
import { runPolicyGate } from "../../offline/policy-gate";
import { apiPackagesFor, renderUserData, rolePackages } from "../../infra/compute/user-data";
import { wafBanActions } from "../../infra/compute/host";
import { types } from "../../facts/resource-types";

const program = path.join(__dirname, "programs", "waf-ban-host.ts");
const wafIpSetArn = "arn:aws:wafv2:us-east-1:123456789012:regional/ipset/irisx-dev-banned/0b1f6a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

describe("the API host's WAF ban permission (edge alb)", () => {
    let run: MockedRun;
    before(async () => {
        run = await runMocked({ stack: "dev", program });
    });

    it("grants exactly wafv2:GetIPSet and wafv2:UpdateIPSet, on the IP set's ARN only", () => {
        const policies = run.resources.filter((r) => r.type === types.iamRolePolicy && r.name.endsWith("-waf-ban"));
        assert.equal(policies.length, 1);
        assert.deepEqual(JSON.parse(policies[0].inputs.policy), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["wafv2:GetIPSet", "wafv2:UpdateIPSet"], Resource: [wafIpSetArn] }],
        });
        assert.deepEqual([...wafBanActions], ["wafv2:GetIPSet", "wafv2:UpdateIPSet"]);
    });

    it("passes the pack: no mandatory verdict on the host's role or its policies", async () => {
        const verdicts = await runPolicyGate(run.resources);
        const iam = verdicts.filter((v) => /iam/.test(v.policyName));
        assert.deepEqual(iam.map((v) => `${v.policyName}: ${v.message}`), []);
    });

    it("cloud-init installs python3-boto3 for the ban tool and no certbot on the API host behind the ALB; direct is unchanged", () => {
        assert.ok(apiPackagesFor("alb").includes("python3-boto3"));
        assert.ok(!apiPackagesFor("alb").includes("certbot"));
        assert.deepEqual(apiPackagesFor(undefined), rolePackages.api);
        assert.deepEqual(apiPackagesFor("direct"), rolePackages.api);
        const key = { privateKeyOpenssh: "-----BEGIN OPENSSH PRIVATE KEY-----\nRkFLRQ==\n-----END OPENSSH PRIVATE KEY-----\n", publicKeyOpenssh: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake\n" };
        assert.match(renderUserData({ role: "api", edge: "alb", hostname: "h", hostKey: key }), /^ {2}- python3-boto3$/m);
        assert.doesNotMatch(renderUserData({ role: "api", hostname: "h", hostKey: key }), /boto3/);
    });
});
