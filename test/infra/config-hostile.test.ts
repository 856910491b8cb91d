/**
 * Every string-valued key, fed the mistakes and attacks people really send (line breaks, shell and
 * markup metacharacters, a line separator, 10 kB): exit 2 from the offline plan with the key named
 * and no stack trace, and nothing registered when the program itself reads it.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../infra/config";
import { configKeys } from "../../infra/config/schema";
import { main } from "../../bin/plan";
import { RecordedResource, runMocked } from "../../offline/mock-run";
import { committedValues } from "../helpers/stacks";
import { tempDir } from "../provisioning/fixtures";

const fullKey = (key: string) => (key.includes(":") ? key : `irisx-infra:${key}`);

/** A valid value of each string-valued key (list keys: one valid item). */
const valid: Record<string, string> = {
    "aws:region": "us-east-1",
    environment: "dev",
    domain: "api.dev.irisx.example",
    alarmEmail: "oncall@irisx.example",
    vpcCidr: "10.10.0.0/16",
    apiInstanceType: "t3.micro",
    freeswitchInstanceType: "t3.medium",
    dbInstanceClass: "db.t4g.micro",
    cacheNodeType: "cache.t4g.micro",
    secretsRotation: "2026-11",
    secretsRotationPrevious: "2026-10",
    trunkAuthToken: "0123456789abcdef0123456789abcdef",
    amiId: "ami-0123456789abcdef0",
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPGTsPP0GFc0ZRmKTtQXRwCGsbsW8Cq9+iEU4bgXSfK ops@irisx",
    sshPrivateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nRkFLRS1OT1QtQS1LRVk=\n-----END OPENSSH PRIVATE KEY-----\n",
    corsOrigins: "https://app.irisx.example",
    adminCidrs: "203.0.113.10/32",
    sipSignallingPeers: "54.172.60.0/30",
    mediaPeers: "168.86.128.0/18",
    edge: "direct",
    certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
    hostedZoneId: "Z0123456789ABCDEFGHIJ",
};

const hostile: readonly (readonly [string, (v: string) => string])[] = [
    ["a trailing newline", (v) => `${v}\n`],
    ["a leading newline", (v) => `\n${v}`],
    ["a carriage return", (v) => `${v}\r`],
    ["a tab", (v) => `${v}\tx`],
    ["a NUL", (v) => `${v}\0`],
    ["a semicolon", (v) => `${v};id`],
    ["$(…)", (v) => `${v}$(id)`],
    ["a backtick", (v) => `${v}\`id\``],
    ["a double quote", (v) => `${v}"`],
    ["a single quote", (v) => `${v}'`],
    ["<>&", (v) => `${v}<a>&`],
    ["braces", (v) => `${v}{a}`],
    ["a comma", (v) => `${v},null`],
    ["a unicode line separator", (v) => `${v}\u2028x`],
    ["10 kB", (v) => `${v}${"a".repeat(10_240)}`],
];

const stringKeys = configKeys.filter((entry) => entry.type === "string" || entry.type === "list");

function valuesWith(key: string, value: string): Record<string, string> {
    const entry = configKeys.find((e) => e.key === key)!;
    const values = { ...committedValues("dev"), [fullKey(key)]: entry.type === "list" ? JSON.stringify([value]) : value };
    // The private key is only read beside a public key; unprovisioned hosts need no private key.
    if (key === "sshPrivateKey") values[fullKey("sshPublicKey")] = valid.sshPublicKey;
    if (key === "sshPublicKey") values[fullKey("provisionHosts")] = "false";
    return values;
}

/** The plan CLI's main, in this process, on a stack file holding `values`: exit code and output. */
async function plan(dir: string, values: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const file = path.join(dir, "Pulumi.hostile.yaml");
    // JSON strings are YAML double-quoted scalars: every escape (\n, \0, \u2028) reaches the reader.
    const lines = Object.entries(values).map(([k, v]) => `  ${k}: ${v.startsWith("[") ? `[${(JSON.parse(v) as string[]).map((s) => JSON.stringify(s)).join(", ")}]` : JSON.stringify(v)}`);
    fs.writeFileSync(file, `config:\n${lines.join("\n")}\n`);
    const out = { stdout: "", stderr: "" };
    const [stdout, stderr] = [process.stdout.write, process.stderr.write];
    process.stdout.write = ((chunk: string) => ((out.stdout += chunk), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => ((out.stderr += chunk), true)) as typeof process.stderr.write;
    try {
        return { code: await main(["hostile", "--stack-file", file]), ...out };
    } finally {
        [process.stdout.write, process.stderr.write] = [stdout, stderr];
    }
}

describe("hostile values for every string-valued key", function () {
    this.timeout(600_000);
    let dir: string;
    before(() => (dir = tempDir("hostile")));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("covers every string and list key of the schema table", () => {
        assert.deepEqual(stringKeys.map((e) => e.key).sort(), Object.keys(valid).sort());
    });

    for (const entry of stringKeys) {
        it(`${entry.key}: the valid value passes, each hostile one exits 2 naming the key, without a stack trace`, async () => {
            assert.equal(parseStackConfig(valuesWith(entry.key, valid[entry.key])).environment, "dev");
            for (const [what, make] of hostile) {
                const value = make(valid[entry.key]);
                const result = await plan(dir, valuesWith(entry.key, value));
                assert.equal(result.code, 2, `${what}: ${result.stderr}`);
                assert.match(result.stderr, new RegExp(`  - ${fullKey(entry.key)}: `), what);
                assert.doesNotMatch(result.stderr, /^\s+at /m, what);
                assert.equal(result.stdout, "", what);
                // Messages quote at most 60 characters, escaped: never a raw line break or the secret.
                assert.ok(result.stderr.length < 2000, `${what}: ${result.stderr.length} characters of message`);
                if (entry.secret) assert.ok(!result.stderr.includes("RkFLRS1"), `${what}: the secret was echoed`);
            }
        });
    }

    for (const entry of stringKeys) {
        it(`${entry.key}: the program itself refuses a hostile value before registering anything`, async () => {
            const registered: RecordedResource[] = [];
            const values = valuesWith(entry.key, hostile[0][1](valid[entry.key]));
            await assert.rejects(runMocked({ stack: "dev", values, onResource: (r) => registered.push(r) }), (error: Error) => {
                assert.equal(error.name, "ConfigError");
                assert.match(error.message, new RegExp(`  - ${fullKey(entry.key)}: `));
                return true;
            });
            assert.deepEqual(registered.map((r) => r.name), []);
        });
    }
});
