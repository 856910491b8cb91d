import * as assert from "assert";
import { diffPlans, normaliseEnv } from "../../offline/plan/plan-diff";
import { resource, secret } from "./fixtures";
import { types } from "../../facts/resource-types";

describe("promote: plan diff", () => {
    it("replaces the environment where it names the stack, not where it is an ordinary word", () => {
        assert.strictEqual(normaliseEnv("irisx-dev-sg-api", "dev"), "irisx-{env}-sg-api");
        assert.strictEqual(normaliseEnv("arn:aws:s3:::irisx-dev-recordings/*", "dev"), "arn:aws:s3:::irisx-{env}-recordings/*");
        assert.strictEqual(normaliseEnv("staging", "staging"), "{env}");
        assert.strictEqual(normaliseEnv("irisx-staging-api-nginx-staging", "staging"), "irisx-{env}-api-nginx-staging");
        assert.strictEqual(normaliseEnv("irisx-devices", "dev"), "irisx-devices");
    });

    it("matches resources across environments and reports added, removed and changed by type and name", () => {
        const from = [
            resource(types.securityGroup, "irisx-staging-sg-api", { name: "irisx-staging-sg-api", tags: { Environment: "staging" } }),
            resource(types.instance, "irisx-staging-api", { instanceType: "t3.small" }),
            resource(types.subnet, "irisx-staging-private-2", {}),
        ];
        const to = [
            resource(types.securityGroup, "irisx-prod-sg-api", { name: "irisx-prod-sg-api", tags: { Environment: "prod" } }),
            resource(types.instance, "irisx-prod-api", { instanceType: "t3.medium" }),
            resource(types.securityGroupIngressRule, "irisx-prod-freeswitch-sipTls-tcp-from-x", {}),
        ];
        const diff = diffPlans({ environment: "staging", resources: from }, { environment: "prod", resources: to });
        assert.deepStrictEqual(diff.added, [{ type: types.securityGroupIngressRule, name: "irisx-{env}-freeswitch-sipTls-tcp-from-x" }]);
        assert.deepStrictEqual(diff.removed, [{ type: types.subnet, name: "irisx-{env}-private-2" }]);
        assert.deepStrictEqual(diff.changed, [{ type: types.instance, name: "irisx-{env}-api", inputs: ["instanceType"] }]);
        assert.strictEqual(diff.unchanged, 1);
    });

    it("does not call a value changed when it is written the same in both stacks", () => {
        const path = "/home/admin/.irisx-staging/nginx/nginx.conf";
        const a = [resource(types.copyToRemote, "irisx-staging-api-nginx-conf", { remotePath: path })];
        const b = [resource(types.copyToRemote, "irisx-prod-api-nginx-conf", { remotePath: path })];
        assert.deepStrictEqual(diffPlans({ environment: "staging", resources: a }, { environment: "prod", resources: b }).changed, []);
    });

    it("compares references to other resources by what they point at, not by id", () => {
        const vpcA = resource(types.vpc, "irisx-dev-vpc", {}, { id: "vpc-0aaaaaaaaaaaaaaaa" });
        const vpcB = resource(types.vpc, "irisx-prod-vpc", {}, { id: "vpc-0bbbbbbbbbbbbbbbb" });
        const sgA = resource(types.securityGroup, "irisx-dev-sg-api", { vpcId: vpcA.id });
        const sgB = resource(types.securityGroup, "irisx-prod-sg-api", { vpcId: vpcB.id });
        const sgWrong = resource(types.securityGroup, "irisx-prod-sg-api", { vpcId: "vpc-0ccccccccccccccc" });
        assert.deepStrictEqual(diffPlans({ environment: "dev", resources: [vpcA, sgA] }, { environment: "prod", resources: [vpcB, sgB] }).changed, []);
        assert.deepStrictEqual(diffPlans({ environment: "dev", resources: [vpcA, sgA] }, { environment: "prod", resources: [vpcB, sgWrong] }).changed.map((c) => c.inputs), [["vpcId"]]);
    });

    it("treats two secret inputs as equal whatever they hold", () => {
        const a = [resource(types.rdsInstance, "irisx-dev-db", { password: secret("one") })];
        const b = [resource(types.rdsInstance, "irisx-prod-db", { password: secret("two") })];
        assert.deepStrictEqual(diffPlans({ environment: "dev", resources: a }, { environment: "prod", resources: b }).changed, []);
    });
});
