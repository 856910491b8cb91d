import { strict as assert } from "assert";
import { unknownStringValue as unknownValue } from "../../facts/unknown";
import { isSecret, MockedRun, runMocked, unwrapSecrets } from "../../offline/mock-run";
import { freshStackPreview, rotationPreview } from "../../offline/first-preview";
import { hasUnknown } from "../../offline/mock-preview";
import { roleTagKey } from "../../facts/ports";
import { committedStacks, committedValues, mockedStack, one, plain } from "../helpers/stacks";
import { tokenParts, types } from "../../facts/resource-types";
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
        assert.match(run.outputs.redisEndpoint, /^master\.irisx-prod-redis-[0-9a-f]{7}\..*cache\.amazonaws\.com$/);
    });

    for (const stack of committedStacks) {
        it(`previews a fresh ${stack} stack with the same resources as the update, every computed output unknown`, async () => {
            const [update, { run }] = await Promise.all([mockedStack(stack), freshStackPreview(stack)]);
            assert.equal(run.preview, true);
            assert.deepEqual(run.resources.map((r) => r.urn).sort(), update.resources.map((r) => r.urn).sort());
            assert.ok(run.resources.filter((r) => r.custom).every((r) => r.id === "" && r.step === "create"));
            for (const key of ["vpcId", "apiPublicIp", "apiPrivateIp", "dbEndpoint", "redisEndpoint", "recordingsBucketName", "alarmTopicArn"]) {
                assert.equal(run.outputs[key], unknownValue, key);
            }
            // Generated secrets and keys: unknown, and still secret.
            for (const key of ["redisAuthToken", "eslPassword", "sshPrivateKey"]) {
                assert.ok(isSecret(run.outputs[key]) && run.outputs[key].value === unknownValue, key);
            }
            // What feeds a resource from another's computed output arrives unknown, as the engine sends it.
            const db = one(run, types.rdsInstance);
            assert.ok(hasUnknown(db.inputs.password) && hasUnknown(db.inputs.dbSubnetGroupName));
            assert.equal(plain(db).engine, "postgres");
        });
    }

    it("previews an unchanged existing stack as no change at all, with every output as stored", async () => {
        const update = await mockedStack("staging");
        const again = await runMocked({ stack: "staging", preview: true, prior: update });
        const changed = again.resources.filter((r) => r.custom && r.step !== "same").map((r) => `${r.step} ${r.name}`);
        assert.deepEqual(changed, []);
        assert.deepEqual(again.outputs, update.outputs);
    });

    describe("a secretsRotation preview of an existing stack", () => {
        let update: MockedRun;
        let rotation: MockedRun;
        before(async () => {
            update = await mockedStack("prod");
            rotation = (await rotationPreview(update, committedValues("prod"))).run;
        });

        it("replaces exactly the four generated passwords and what pushes them, creates the new label's API-key hashing secret; only RDS and Redis update", () => {
            const byStep = (step: string) => rotation.resources.filter((r) => r.step === step);
            assert.deepEqual(byStep("replace").filter((r) => r.type === types.randomPassword).map((r) => r.name).sort(), [
                "irisx-prod-db-password", "irisx-prod-esl-password", "irisx-prod-freeswitch-default-password", "irisx-prod-redis-token",
            ]);
            assert.ok(byStep("replace").every((r) => r.type === types.randomPassword || tokenParts(r.type).pkg === "command"));
            assert.deepEqual(byStep("update").map((r) => r.type).sort(), [types.rdsInstance, types.replicationGroup].sort());
            // One hashing secret per label (infra/data/app-secrets.ts): a new label creates one.
            assert.deepEqual(byStep("create").map((r) => [r.type, /^irisx-prod-api-key-hash-secret-/.test(r.name)]), [[types.randomPassword, true]]);
        });

        it("leaves the new random values unknown and every other output known", () => {
            assert.ok(isSecret(rotation.outputs.redisAuthToken) && rotation.outputs.redisAuthToken.value === unknownValue);
            for (const key of ["vpcId", "apiPublicIp", "dbEndpoint", "redisEndpoint", "recordingsBucketName"]) assert.equal(rotation.outputs[key], update.outputs[key], key);
            const db = one(rotation, types.rdsInstance);
            assert.ok(hasUnknown(db.inputs.password));
            assert.equal(db.id, one(update, types.rdsInstance).id);
        });
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
