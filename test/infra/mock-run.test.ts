import { strict as assert } from "assert";
import { isSecret, runMocked, unknownValue, unwrapSecrets } from "../../offline/mock-run";
import { roleTagKey } from "../../facts/ports";
import { committedValues, mockedStack, one, plain, types } from "../helpers/stacks";
import { groupIngress } from "../helpers/ingress";

describe("runMocked", () => {
    it("runs dev, staging and prod one after another in one process, each with its own config", async () => {
        const runs = await Promise.all((["dev", "staging", "prod"] as const).map(mockedStack));
        assert.deepEqual(runs.map((r) => plain(one(r, types.vpc)).cidrBlock), ["10.10.0.0/16", "10.20.0.0/16", "10.30.0.0/16"]);
        for (const run of runs) assert.ok(run.resources.every((r) => r.urn.includes(`urn:pulumi:${run.stack}::irisx-infra::`)));
        // A second run of the same stack registers the same resources: nothing leaked between runs.
        const again = await runMocked({ stack: "dev" });
        assert.deepEqual(again.resources.map((r) => r.urn).sort(), runs[0].resources.map((r) => r.urn).sort());
    });

    it("records parents and property dependencies, linking an instance to its group and the group to its rules", async () => {
        const run = await mockedStack("dev");
        const instance = one(run, types.instance, (r) => plain(r).tags[roleTagKey] === "api");
        assert.ok(instance.parent?.includes("irisx:compute:Host"));
        assert.ok(instance.dependencies.length > 0);
        const [sgUrn] = instance.propertyDependencies.vpcSecurityGroupIds;
        const sg = run.resources.find((r) => r.urn === sgUrn)!;
        assert.equal(sg.type, types.securityGroup);
        assert.ok(groupIngress(run, sg).length >= 3);
    });

    it("answers with realistic state: private IPs inside their subnet, Elastic IPs, endpoints", async () => {
        const run = await mockedStack("prod");
        assert.match(run.outputs.apiPrivateIp, /^10\.30\.(\d+)\.\d+$/);
        assert.match(run.outputs.apiPublicIp, /^\d+\.\d+\.\d+\.\d+$/);
        assert.match(run.outputs.dbEndpoint, /^irisx-prod-db\..*\.rds\.amazonaws\.com:5432$/);
        assert.match(run.outputs.redisEndpoint, /^master\.irisx-prod-redis\..*cache\.amazonaws\.com$/);
    });

    it("leaves computed outputs unknown during a preview", async () => {
        const run = await runMocked({ stack: "staging", preview: true });
        assert.equal(run.preview, true);
        assert.equal(run.outputs.apiPublicIp, unknownValue);
        assert.ok(run.resources.length > 50);
    });

    it("surfaces an error from the program instead of hanging", async () => {
        const values = { ...committedValues("dev"), "irisx-infra:environment": "qa" };
        await assert.rejects(runMocked({ stack: "dev", values }), /irisx-infra:environment/);
    });

    it("unwraps nested secrets and recognises them", () => {
        const wrapped = { a: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: ["x"] } };
        assert.ok(isSecret(wrapped.a));
        assert.ok(!isSecret(["x"]));
        assert.deepEqual(unwrapSecrets(wrapped), { a: ["x"] });
    });
});
