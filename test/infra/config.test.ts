import { strict as assert } from "assert";
import { RecordedResource, runMocked } from "../../offline/mock-run";
import { ConfigError, parseStackConfig } from "../../infra/config";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { repoRoot } from "../../offline/stack-file";
import { committedStacks, committedValues } from "../helpers/stacks";

const key = (name: string) => `irisx-infra:${name}`;

interface BadInput {
    readonly behaviour: string;
    readonly key: string;
    readonly value: string;
    /** What the message must say, beyond naming the key. */
    readonly says: RegExp;
}

const badInputs: readonly BadInput[] = [
    { behaviour: "rejects an admin CIDR of 0.0.0.0/0", key: "adminCidrs", value: '["0.0.0.0/0"]', says: /whole internet/ },
    { behaviour: "rejects an admin CIDR of ::/0", key: "adminCidrs", value: '["203.0.113.10/32", "::/0"]', says: /"::\/0" opens SSH to the whole internet/ },
    { behaviour: "rejects a malformed admin CIDR", key: "adminCidrs", value: '["203.0.113.300/32"]', says: /is not a CIDR/ },
    { behaviour: "rejects a malformed media peer", key: "mediaPeers", value: '["168.86.128.0"]', says: /is not a CIDR/ },
    { behaviour: "rejects an app port above 65535", key: "appPort", value: "70000", says: /from 1 to 65535/ },
    { behaviour: "rejects an app port of 0", key: "appPort", value: "0", says: /from 1 to 65535/ },
    { behaviour: "rejects the common app port 8080", key: "appPort", value: "8080", says: /common, heavily scanned/ },
    { behaviour: "rejects the common app port 443", key: "appPort", value: "443", says: /common, heavily scanned/ },
    { behaviour: "rejects the common app port 80", key: "appPort", value: "80", says: /common, heavily scanned/ },
    { behaviour: "rejects the common app port 3000", key: "appPort", value: "3000", says: /common, heavily scanned/ },
    { behaviour: "rejects a privileged app port", key: "appPort", value: "1000", says: /privileged/ },
    { behaviour: "rejects an empty SIP signalling peer list", key: "sipSignallingPeers", value: "[]", says: /at least one CIDR/ },
    { behaviour: "rejects an empty media peer list", key: "mediaPeers", value: "[]", says: /at least one CIDR/ },
    { behaviour: "rejects an empty admin CIDR list", key: "adminCidrs", value: "[]", says: /at least one CIDR/ },
    { behaviour: "rejects a slow-statement threshold of 0, which would log every statement's data", key: "dbSlowStatementMs", value: "0", says: /from 50 to 600000/ },
    { behaviour: "rejects a database log retention CloudWatch does not offer", key: "dbLogRetentionDays", value: "45", says: /not a CloudWatch Logs retention/ },
    { behaviour: "rejects a previous rotation label equal to the current one", key: "secretsRotationPrevious", value: "2026-11", says: /equals secretsRotation/ },
    { behaviour: "rejects zero API hosts", key: "apiHosts", value: "0", says: /from 1 to 10/ },
    { behaviour: "rejects eleven API hosts, over the host-count limit", key: "apiHosts", value: "11", says: /from 1 to 10/ },
    { behaviour: "rejects a fractional FreeSWITCH host count", key: "freeswitchHosts", value: "2.5", says: /whole number from 1 to 10/ },
    { behaviour: "rejects a FreeSWITCH host count that is not a number", key: "freeswitchHosts", value: "three", says: /whole number from 1 to 10/ },
    { behaviour: "rejects a drain bound too short to pause and poll", key: "drainTimeoutSeconds", value: "5", says: /from 10 to 3600/ },
    { behaviour: "rejects a drain bound over an hour", key: "drainTimeoutSeconds", value: "7200", says: /from 10 to 3600/ },
    { behaviour: "rejects a trunk auth token that would break api.env, without showing it", key: "trunkAuthToken", value: "Secret token with spaces", says: /value not shown: it is a secret/ },
];

function withValue(name: string, value: string) {
    return { ...committedValues("dev"), [key(name)]: value };
}

describe("stack config validation", () => {
    for (const [stack, port] of [["dev", 9847], ["staging", 9848], ["prod", 9849]] as const) {
        it(`accepts the committed ${stack} stack with app port ${port}`, () => {
            const config = parseStackConfig(committedValues(stack));
            assert.equal(config.appPort, port);
            assert.equal(config.environment, stack);
        });
    }

    for (const bad of badInputs) {
        it(`${bad.behaviour}, naming ${bad.key}`, () => {
            const values = withValue(bad.key, bad.value);
            assert.throws(() => parseStackConfig(values), (error: unknown) => {
                assert.ok(error instanceof ConfigError);
                assert.deepEqual(error.problems.map((p) => p.key), [key(bad.key)]);
                assert.match(error.message, new RegExp(`${key(bad.key)}: .*${bad.says.source}`));
                return true;
            });
        });

        it(`${bad.behaviour} before registering anything`, async () => {
            const registered: RecordedResource[] = [];
            await assert.rejects(
                runMocked({ stack: "dev", values: withValue(bad.key, bad.value), onResource: (r) => registered.push(r) }),
                (error: any) => {
                    assert.equal(error.name, "ConfigError");
                    assert.match(error.message, new RegExp(`${key(bad.key)}: .*${bad.says.source}`));
                    return true;
                },
            );
            assert.deepEqual(registered.map((r) => r.name), []);
        });
    }

    it("names every bad key in one message", () => {
        const values = { ...withValue("appPort", "8080"), [key("adminCidrs")]: '["0.0.0.0/0"]' };
        assert.throws(() => parseStackConfig(values), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.deepEqual(error.problems.map((p) => p.key).sort(), [key("adminCidrs"), key("appPort")]);
            return true;
        });
    });

    it("refuses the committed documentation-range admin CIDR on a real update, naming adminCidrs, but plans it", () => {
        const values = committedValues("prod");
        assert.throws(
            () => parseStackConfig(values, { deploying: true }),
            /irisx-infra:adminCidrs: "203\.0\.113\.10\/32" is a documentation address, the committed placeholder/,
        );
        assert.deepEqual(parseStackConfig(values).adminCidrs, ["203.0.113.10/32"]);
        const real = { ...values, [key("adminCidrs")]: '["198.18.0.10/32"]', [key("alarmEmail")]: "oncall@irisx.io" };
        assert.deepEqual(parseStackConfig(real, { deploying: true }).adminCidrs, ["198.18.0.10/32"]);
    });

    it("refuses the committed example alarm address on a real update, so alarms never go nowhere, but plans it", () => {
        const values = { ...committedValues("prod"), [key("adminCidrs")]: '["198.18.0.10/32"]' };
        assert.throws(
            () => parseStackConfig(values, { deploying: true }),
            /irisx-infra:alarmEmail: "oncall@irisx\.example" is a reserved example domain/,
        );
        assert.equal(parseStackConfig(values).alarmEmail, "oncall@irisx.example");
        for (const bad of ["oncall", "on call@irisx.io", "oncall@"]) {
            const typo = { ...values, [key("alarmEmail")]: bad };
            assert.throws(() => parseStackConfig(typo), /irisx-infra:alarmEmail: ".*" is not valid; use the on-call address/, bad);
        }
    });

    it("never echoes a refused trunk auth token, and accepts a Twilio-style one", () => {
        const values = withValue("trunkAuthToken", "0123456789abcdef 0123456789abcdef");
        assert.throws(() => parseStackConfig(values), (e: Error) => /irisx-infra:trunkAuthToken:/.test(e.message) && !e.message.includes("0123456789abcdef"));
        const twilio = withValue("trunkAuthToken", "0123456789abcdef0123456789abcdef");
        assert.equal(parseStackConfig(twilio).trunkAuthTokenSet, true);
        assert.equal(parseStackConfig(committedValues("dev")).trunkAuthTokenSet, false);
    });

    it("requires sshPrivateKey when a public key is supplied and the hosts are provisioned", () => {
        const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPGTsPP0GFc0ZRmKTtQXRwCGsbsW8Cq9+iEU4bgXSfK ops@irisx";
        const values = withValue("sshPublicKey", publicKey);
        assert.throws(() => parseStackConfig(values), /irisx-infra:sshPrivateKey: is required with sshPublicKey/);
        const unprovisioned = { ...values, [key("provisionHosts")]: "false" };
        assert.equal(parseStackConfig(unprovisioned).sshPublicKey, publicKey);
    });

});

describe("Pulumi.yaml config declarations", () => {
    const project = yaml.load(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as { config: Record<string, { default?: unknown }> };
    const projectText = fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8");

    for (const stack of committedStacks) {
        it(`declares no key without a default that Pulumi.${stack}.yaml leaves unset (the CLI would refuse the stack)`, () => {
            const unset = Object.entries(project.config)
                .filter(([name, declaration]) => declaration.default === undefined && committedValues(stack)[key(name)] === undefined)
                .map(([name]) => name);
            assert.deepEqual(unset, []);
        });
    }
});

