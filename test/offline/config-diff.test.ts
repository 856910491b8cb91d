import * as assert from "assert";
import { ConfigError } from "../../infra/config";
import { classifyKey, diffConfig, widensCidrs } from "../../offline/plan/config-diff";

const base = {
    "aws:region": "us-east-1",
    "irisx-infra:environment": "staging",
    "irisx-infra:appPort": "9848",
    "irisx-infra:domain": "api.staging.irisx.example",
    "irisx-infra:adminCidrs": JSON.stringify(["203.0.113.10/32"]),
    "irisx-infra:alarmEmail": "oncall@irisx.example",
    "irisx-infra:apiInstanceType": "t3.small",
};

describe("promote: config diff", () => {
    it("classifies sizes, ports and HA as expected and access lists as review-required", () => {
        assert.strictEqual(classifyKey("irisx-infra:dbInstanceClass").class, "expected");
        assert.strictEqual(classifyKey("irisx-infra:multiAz").class, "expected");
        assert.strictEqual(classifyKey("irisx-infra:appPort").class, "expected");
        assert.strictEqual(classifyKey("irisx-infra:adminCidrs").class, "review");
        assert.strictEqual(classifyKey("irisx-infra:sipSignallingPeers").class, "review");
        assert.strictEqual(classifyKey("irisx-infra:sshPublicKey").class, "review");
    });

    it("sends any key it does not know to review", () => {
        assert.strictEqual(classifyKey("irisx-infra:somethingNew").class, "review");
        assert.strictEqual(classifyKey("aws:profile").class, "review");
    });

    it("finds nothing between a stack and itself", () => {
        assert.deepStrictEqual(diffConfig(base, base).differences, []);
    });

    it("flags a widened admin CIDR and changed SIP peers for review, with what was added", () => {
        const to = {
            ...base,
            "irisx-infra:adminCidrs": JSON.stringify(["203.0.113.0/24"]),
            "irisx-infra:sipSignallingPeers": JSON.stringify(["198.51.100.0/24"]),
            "irisx-infra:apiInstanceType": "t3.large",
        };
        const diff = diffConfig(base, to);
        const admin = diff.differences.find((d) => d.key === "irisx-infra:adminCidrs");
        assert.deepStrictEqual([admin?.class, admin?.widens, admin?.added, admin?.removed], ["review", true, ["203.0.113.0/24"], ["203.0.113.10/32"]]);
        const peers = diff.differences.find((d) => d.key === "irisx-infra:sipSignallingPeers");
        assert.deepStrictEqual([peers?.class, peers?.presence, peers?.widens], ["review", "only-to", true]);
        assert.strictEqual(diff.differences.find((d) => d.key === "irisx-infra:apiInstanceType")?.class, "expected");
        assert.deepStrictEqual([diff.expected, diff.review], [1, 2]);
    });

    it("does not call a narrowed CIDR list a widening", () => {
        assert.strictEqual(widensCidrs(["203.0.113.0/24"], ["203.0.113.10/32"]), false);
        assert.strictEqual(widensCidrs(["203.0.113.10/32"], ["203.0.113.10/32", "198.51.100.7/32"]), true);
    });

    it("compares effective values, so a default that differs by environment is reported", () => {
        const prod = { ...base, "irisx-infra:environment": "prod" };
        const diff = diffConfig(base, prod);
        const multiAz = diff.differences.find((d) => d.key === "irisx-infra:multiAz");
        assert.deepStrictEqual([multiAz?.presence, multiAz?.from, multiAz?.to, multiAz?.class], ["defaults", "false", "true", "expected"]);
        assert.strictEqual(diff.differences.find((d) => d.key === "irisx-infra:deletionProtection")?.class, "expected");
    });

    it("sends a security-relevant switch to a reviewer", () => {
        const diff = diffConfig(base, { ...base, "irisx-infra:sipTls": "true" });
        assert.deepStrictEqual(diff.differences.map((d) => [d.key, d.class]), [["irisx-infra:sipTls", "review"]]);
    });

    it("stops with a ConfigError naming the key when a stack is invalid", () => {
        const bad = { ...base, "irisx-infra:adminCidrs": JSON.stringify(["0.0.0.0/0"]) };
        assert.throws(() => diffConfig(base, bad), (e: unknown) => e instanceof ConfigError && /irisx-infra:adminCidrs/.test(e.message));
    });
});
