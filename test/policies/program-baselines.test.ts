/**
 * The baselines against the real program (infra/index.ts under Pulumi's mocks): the committed stacks
 * pass (program-and-pack.test.ts), and undoing any one thing the program does on purpose is stopped
 * by the policy that guards it, with no other mandatory verdict.
 */
import * as assert from "assert";
import { RecordedResource, runMocked } from "../../offline/mock-run";
import { mandatoryVerdicts, runPolicyGate } from "../../offline/policy-gate";
import { readStackValues, stackFilePath } from "../../offline/stack-file";
import { types } from "../../facts/resource-types";

type Edit = (r: RecordedResource) => Record<string, any> | undefined;

/** The run with `edit`'s inputs merged into the resources it matches; asserts it matched one. */
function edited(resources: readonly RecordedResource[], edit: Edit): RecordedResource[] {
    let hits = 0;
    const result = resources.map((r) => {
        const inputs = edit(r);
        if (!inputs) return r;
        hits++;
        // The gate reads the mock's recorded state when there is one (as AnalyzeStack reads outputs), so the edit goes to both.
        return { ...r, inputs: { ...r.inputs, ...inputs }, ...(r.outputs ? { outputs: { ...r.outputs, ...inputs } } : {}) };
    });
    assert.strictEqual(hits, 1, "the edit matches exactly one resource of the program");
    return result;
}

async function mandatoryPolicies(resources: readonly RecordedResource[]): Promise<[string, string | undefined][]> {
    return mandatoryVerdicts(await runPolicyGate(resources)).map((v) => [v.policyName, v.urn]);
}

describe("the baselines against the program's own resources", function () {
    this.timeout(180_000);
    let dev: RecordedResource[];
    const named = (type: string, suffix: string) => (r: RecordedResource) => r.type === type && r.name.endsWith(suffix);

    before(async () => {
        dev = (await runMocked({ stack: "dev" })).resources;
    });

    it("stops rds.force_ssl 0 in the program's parameter group (rds-require-force-ssl, on the database)", async () => {
        const stack = edited(dev, (r) => (named(types.rdsParameterGroup, "-db-params")(r) ? { parameters: r.inputs.parameters.map((p: any) => (p.name === "rds.force_ssl" ? { ...p, value: "0" } : p)) } : undefined));
        const db = dev.find((r) => r.type === types.rdsInstance)!;
        assert.deepStrictEqual(await mandatoryPolicies(stack), [["rds-require-force-ssl", db.urn]]);
    });

    it("stops the recordings bucket's policy without its TLS-only deny (s3-require-tls-only-access)", async () => {
        const stack = edited(dev, (r) => (r.type === types.bucketPolicy ? { policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) } : undefined));
        const bucket = dev.find((r) => r.type === types.bucket)!;
        assert.deepStrictEqual(await mandatoryPolicies(stack), [["s3-require-tls-only-access", bucket.urn]]);
    });

    it("stops s3:* in the API host role's recordings policy (iam-disallow-wildcard-host-policies)", async () => {
        const target = named(types.iamRolePolicy, "-api-recordings");
        const stack = edited(dev, (r) => (target(r) ? { policy: r.inputs.policy.replace(/"Action":\[[^\]]*\]/, '"Action":["s3:*"]') } : undefined));
        assert.deepStrictEqual(await mandatoryPolicies(stack), [["iam-disallow-wildcard-host-policies", dev.find(target)!.urn]]);
    });

    it("stops the VPC default group given back an ingress rule (vpc-require-closed-default-security-group)", async () => {
        const target = (r: RecordedResource) => r.type === types.defaultSecurityGroup;
        const stack = edited(dev, (r) => (target(r) ? { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] } : undefined));
        assert.deepStrictEqual(await mandatoryPolicies(stack), [["vpc-require-closed-default-security-group", dev.find(target)!.urn]]);
    });

    it("stops the API host's HTTPS rule widened to every port (security-group-disallow-world-ingress)", async () => {
        const target = (r: RecordedResource) => r.type === types.securityGroupIngressRule && r.inputs.fromPort === 443;
        const stack = edited(dev, (r) => (target(r) ? { fromPort: 443, toPort: 3389 } : undefined));
        assert.deepStrictEqual(await mandatoryPolicies(stack), [["security-group-disallow-world-ingress", dev.find(target)!.urn]]);
    });

    it("stops prod with irisx-infra:deletionProtection false (rds-require-deletion-protection)", async () => {
        const values = { ...readStackValues(stackFilePath("prod")), "irisx-infra:deletionProtection": "false" };
        const run = await runMocked({ stack: "prod", values });
        const db = run.resources.find((r) => r.type === types.rdsInstance)!;
        assert.deepStrictEqual(await mandatoryPolicies(run.resources), [["rds-require-deletion-protection", db.urn]]);
    });
});
