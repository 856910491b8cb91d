import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { packName, policies } from "../../policies/policies";

const policiesDir = path.join(__dirname, "..", "..", "policies");

/** The pack's contract: each policy and the level a team relies on. */
const expectedLevels: Record<string, "mandatory" | "advisory"> = {
    "api-host-disallow-broad-ssh": "mandatory",
    "api-host-disallow-sip-ingress": "mandatory",
    "api-host-disallow-attached-ssh-sip": "mandatory",
    "security-group-disallow-world-ssh": "mandatory",
    "security-group-disallow-esl-from-cidr": "mandatory",
    "security-group-disallow-cidr-to-data-ports": "mandatory",
    "security-group-disallow-world-ingress": "mandatory",
    "security-group-disallow-mixed-rule-forms": "mandatory",
    "vpc-require-closed-default-security-group": "mandatory",
    "prefix-list-disallow-world-ssh": "mandatory",
    "resource-disallow-ambiguous-role-tag": "mandatory",
    "network-resource-disallow-unmodelled-provider": "mandatory",
    "rds-disallow-public-access": "mandatory",
    "rds-require-storage-encryption": "mandatory",
    "rds-require-backup-retention": "mandatory",
    "rds-require-force-ssl": "mandatory",
    "rds-require-deletion-protection": "mandatory",
    "s3-require-public-access-block": "mandatory",
    "s3-require-server-side-encryption": "mandatory",
    "s3-require-tls-only-access": "mandatory",
    "elasticache-require-encryption": "mandatory",
    "elasticache-require-auth": "mandatory",
    "ec2-require-imdsv2": "mandatory",
    "ebs-require-encrypted-volumes": "mandatory",
    "iam-disallow-access-keys": "mandatory",
    "iam-disallow-wildcard-host-policies": "mandatory",
    "api-host-disallow-common-app-port": "advisory",
    "freeswitch-host-disallow-world-sip": "advisory",
    "prefix-list-disallow-unseen-ssh-source": "advisory",
    "alb-listener-require-https-redirect": "mandatory",
    "alb-listener-require-modern-tls": "mandatory",
    "alb-require-drop-invalid-headers": "mandatory",
    "api-host-require-load-balancer-web-source": "mandatory",
};

describe("the policy pack's metadata", () => {
    it("has a valid pack name (the server refuses anything else)", () => {
        assert.match(packName, /^[a-zA-Z0-9-_.]{1,100}$/);
    });

    it("lists exactly the expected policies, each at its expected enforcement level", () => {
        assert.deepStrictEqual(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel])), expectedLevels);
    });

    it("names every policy <resource>-<verb>-<what> with verb disallow, require or enforce", () => {
        for (const p of policies) assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*-(disallow|require|enforce)-[a-z0-9]+(-[a-z0-9]+)*$/, p.name);
    });

    it("keeps each policy in its own file named after it", () => {
        for (const p of policies) {
            const file = path.join(policiesDir, `${p.name}.ts`);
            assert.ok(fs.existsSync(file), `${p.name} should live in policies/${p.name}.ts`);
            assert.ok(fs.readFileSync(file, "utf8").includes(`name: "${p.name}"`), `policies/${p.name}.ts should define ${p.name}`);
        }
    });

    it("gives every policy a one-sentence description", () => {
        for (const p of policies) {
            assert.match(p.description, /^[A-Z][^]*\.$/, `${p.name}: starts with a capital and ends with a full stop`);
            assert.ok(!/\.\s+[A-Z]/.test(p.description), `${p.name}: one sentence only: ${p.description}`);
            assert.ok(p.description.length <= 160, `${p.name}: description under 160 characters`);
        }
    });

    it("has unique names and never the reserved name 'all'", () => {
        const names = policies.map((p) => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        assert.ok(!names.includes("all"));
    });

    it("offers the SSH prefix limit and extra admin ranges as config on both API SSH policies", () => {
        for (const name of ["api-host-disallow-broad-ssh", "api-host-disallow-attached-ssh-sip"]) {
            const schema = policies.find((p) => p.name === name)?.configSchema;
            assert.deepStrictEqual(Object.keys(schema?.properties ?? {}), ["broadestIpv4Prefix", "broadestIpv6Prefix", "extraAdminCidrs"], name);
            assert.strictEqual(schema?.properties.broadestIpv4Prefix.default, 24);
            assert.strictEqual(schema?.properties.broadestIpv6Prefix.default, 56);
        }
    });

    it("ships an example config (policies/policy-config.example.json) that only sets properties the schemas declare", () => {
        const example: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(policiesDir, "policy-config.example.json"), "utf8"));
        for (const [name, entry] of Object.entries(example)) {
            const policy = policies.find((p) => p.name === name);
            assert.ok(policy, `${name} is a policy of the pack`);
            if (typeof entry === "string") continue;
            const { enforcementLevel, ...properties } = entry as Record<string, unknown>;
            assert.ok(enforcementLevel === undefined || ["advisory", "mandatory", "disabled"].includes(String(enforcementLevel)));
            for (const key of Object.keys(properties)) assert.ok(policy.configSchema?.properties[key], `${name}.${key} is in its configSchema`);
        }
    });

    it("keeps index.ts down to building the PolicyPack", () => {
        const code = fs.readFileSync(path.join(policiesDir, "index.ts"), "utf8").replace(/\/\*[^]*?\*\//g, "").trim();
        assert.deepStrictEqual(code.split("\n").filter((l) => l.trim() !== ""), [
            'import { PolicyPack } from "@pulumi/policy";',
            'import { packName, policies } from "./policies";',
            "new PolicyPack(packName, { policies });",
        ]);
    });
});
