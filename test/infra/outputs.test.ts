import { strict as assert } from "assert";
import { isSecret, MockedRun, runMocked, unwrapSecrets } from "../../offline/mock-run";
import { roleTagKey } from "../../facts/ports";
import { committedStacks, committedValues, mockedStack, ofType, plain } from "../helpers/stacks";
import { tokenParts, types } from "../../facts/resource-types";

/** Every plain (non-secret) string anywhere inside a value. */
function plainStrings(value: any): string[] {
    if (isSecret(value)) return [];
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(plainStrings);
    if (value !== null && typeof value === "object") return Object.values(value).flatMap(plainStrings);
    return [];
}

for (const stack of committedStacks) {
    describe(`outputs, secrets and tags (${stack})`, () => {
        let run: MockedRun;
        let generatedSecrets: string[];
        before(async () => {
            run = await mockedStack(stack);
            // The generated values themselves, as the mocked providers returned them.
            const db = plain(ofType(run, types.rdsInstance)[0]);
            const redis = plain(ofType(run, types.replicationGroup)[0]);
            generatedSecrets = [db.password, redis.authToken, unwrapSecrets(run.outputs.sshPrivateKey), unwrapSecrets(run.outputs.apiKeyHashSecrets).current];
        });

        it("exports the hosts' public and private IPs, the endpoints, the bucket and the VPC", () => {
            for (const key of ["apiPublicIp", "freeswitchPublicIp", "apiPrivateIp", "freeswitchPrivateIp", "dbEndpoint", "redisEndpoint", "recordingsBucketName", "vpcId"]) {
                assert.equal(typeof run.outputs[key], "string", key);
                assert.ok(!isSecret(run.outputs[key]), `${key} needlessly secret`);
            }
            assert.match(run.outputs.recordingsBucketName, new RegExp(`^irisx-${stack}-recordings-`));
            assert.match(run.outputs.dbEndpoint, /:5432$/);
        });

        it("exports each host's SSH host public key in plaintext, for known_hosts", () => {
            for (const key of ["apiHostKey", "freeswitchHostKey"]) {
                assert.ok(!isSecret(run.outputs[key]), key);
                assert.match(run.outputs[key], /^ssh-ed25519 [A-Za-z0-9+/]+=*\s*$/, key);
            }
            assert.notEqual(run.outputs.apiHostKey, run.outputs.freeswitchHostKey);
        });

        it("exports the generated SSH private key only as a secret", () => {
            assert.ok(isSecret(run.outputs.sshPrivateKey));
            assert.match(unwrapSecrets(run.outputs.sshPrivateKey), /BEGIN OPENSSH PRIVATE KEY/);
        });

        it("exports the Redis token (to retire the previous one after a rotation) only as a secret", () => {
            assert.ok(isSecret(run.outputs.redisAuthToken));
            assert.equal(unwrapSecrets(run.outputs.redisAuthToken), plain(ofType(run, types.replicationGroup)[0]).authToken);
        });

        it("never shows the DB password, Redis token, SSH key or API-key hashing secret in plaintext in any output", () => {
            const visible = plainStrings(run.outputs).join("\n");
            for (const secret of generatedSecrets) {
                assert.ok(secret && secret.length >= 32);
                assert.ok(!visible.includes(secret), "a generated secret is visible in the outputs");
            }
        });

        it("never passes a generated secret to a resource as a plain input", () => {
            for (const resource of run.resources) {
                const visible = plainStrings(resource.inputs).join("\n");
                for (const secret of generatedSecrets) assert.ok(!visible.includes(secret), `${resource.name} receives a secret in plaintext`);
            }
        });

        it("marks the generated secrets' outputs secret at their source", () => {
            for (const generator of [...ofType(run, types.randomPassword), ...ofType(run, types.privateKey)]) {
                assert.ok(generator.additionalSecretOutputs.length > 0, generator.name);
            }
        });

        it("tags every taggable resource with its project and environment, and hosts and groups with their role", () => {
            const tagged = run.resources.filter((r) => r.custom && tokenParts(r.type).pkg === "aws" && r.inputs.tags !== undefined);
            assert.ok(tagged.length > 40);
            for (const r of tagged) {
                assert.equal(plain(r).tags.Environment, stack, r.name);
                assert.equal(plain(r).tags.Project, "irisx", r.name);
            }
            const roles = (type: string) => ofType(run, type).map((r) => plain(r).tags[roleTagKey]).sort();
            assert.deepEqual(roles(types.instance), ["api", "freeswitch"]);
            assert.deepEqual(roles(types.securityGroup), ["api", "cache", "db", "freeswitch"]);
        });

        it("names resources after the environment", () => {
            const names = run.resources.filter((r) => r.custom).map((r) => r.name);
            for (const name of names) assert.match(name, new RegExp(`^irisx-${stack}-`));
        });
    });
}

describe("the trunk auth token (a secret config value)", () => {
    const token = "ACtrunk0123456789abcdef0123456789";
    let run: MockedRun;
    before(async function () {
        this.timeout(60_000);
        run = await runMocked({ stack: "dev", values: { ...committedValues("dev"), "irisx-infra:trunkAuthToken": token } });
    });

    it("reaches no resource input and no output in plaintext", () => {
        for (const resource of run.resources) assert.ok(!plainStrings(resource.inputs).join("\n").includes(token), `${resource.name} receives the token in plaintext`);
        assert.ok(!plainStrings(run.outputs).join("\n").includes(token));
    });

    it("changes only the api.env push", async function () {
        this.timeout(60_000);
        const without = await mockedStack("dev");
        const inputs = (r: MockedRun) => new Map(r.resources.map((x) => [x.urn, JSON.stringify(plain(x))]));
        const was = inputs(without);
        const changed = [...inputs(run)].filter(([urn, text]) => was.get(urn) !== text).map(([urn]) => urn.split("::").pop());
        assert.deepEqual(changed.sort(), ["irisx-dev-api-api-env-apply"]);
    });
});
