import * as assert from "assert";
import { computeExposure, purposeOf } from "../../offline/plan/exposure";
import { portText, protocolText } from "../../offline/plan/exposure-model";
import { resource } from "./fixtures";
import { types } from "../../facts/resource-types";

const tags = (role?: string) => ({ Name: "x", ...(role ? { "irisx:role": role } : {}) });

describe("exposure table", () => {
    const apiSg = resource(types.securityGroup, "irisx-dev-sg-api", { name: "irisx-dev-sg-api", tags: tags("api") });
    const fsSg = resource(types.securityGroup, "irisx-dev-sg-freeswitch", {
        name: "irisx-dev-sg-freeswitch",
        ingress: [{ protocol: "udp", fromPort: 16384, toPort: 32768, cidrBlocks: ["168.86.128.0/18"] }],
    });
    const ssh = resource(types.securityGroupIngressRule, "api-ssh", { securityGroupId: apiSg.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "203.0.113.10/32" }, { propertyDependencies: { securityGroupId: [apiSg] } });
    const sipTcp = resource(types.securityGroupRule, "fs-sip-tcp", { type: "ingress", securityGroupId: fsSg.id, protocol: "6", fromPort: 5060, toPort: 5060, cidrBlocks: ["54.172.60.0/30"] });
    const sipUdp = resource(types.securityGroupIngressRule, "fs-sip-udp", { securityGroupId: fsSg.id, ipProtocol: "udp", fromPort: 5060, toPort: 5060, cidrIpv4: "54.172.60.0/30" });
    const esl = resource(types.securityGroupIngressRule, "fs-esl", { securityGroupId: fsSg.id, ipProtocol: "tcp", fromPort: 8021, toPort: 8021, referencedSecurityGroupId: apiSg.id });
    const egress = resource(types.securityGroupRule, "fs-egress", { type: "egress", securityGroupId: fsSg.id, protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] });
    // Attached by property dependency only (id unknown) and by id only: both are found.
    const api = resource(types.instance, "irisx-dev-api", { tags: tags("api"), vpcSecurityGroupIds: ["(unknown)"] }, { propertyDependencies: { vpcSecurityGroupIds: [apiSg] } });
    const fs = resource(types.instance, "irisx-dev-freeswitch", { tags: tags("freeswitch"), vpcSecurityGroupIds: [fsSg.id] });
    const untagged = resource(types.instance, "bastion", { vpcSecurityGroupIds: [apiSg.id] });
    const all = [apiSg, fsSg, ssh, sipTcp, sipUdp, esl, egress, api, fs, untagged];

    const table = (role: string) =>
        computeExposure(all).find((h) => h.role === role)?.rows.map((r) => [portText(r), protocolText(r), r.source, r.purpose]);

    it("lists one exposure table per host tagged irisx:role and skips untagged instances", () => {
        assert.deepStrictEqual(computeExposure(all).map((h) => [h.role, h.host, h.securityGroups]), [
            ["api", "irisx-dev-api", ["irisx-dev-sg-api"]],
            ["freeswitch", "irisx-dev-freeswitch", ["irisx-dev-sg-freeswitch"]],
        ]);
    });

    it("reads standalone rules attached by property dependency", () => {
        assert.deepStrictEqual(table("api"), [["22", "TCP", "203.0.113.10/32", "SSH (operators, remote commands)"]]);
    });

    it("joins inline, SecurityGroupRule and SecurityGroupIngressRule grants, merges TCP/UDP and names SG sources", () => {
        assert.deepStrictEqual(table("freeswitch"), [
            ["5060", "TCP/UDP", "54.172.60.0/30", "SIP signalling"],
            ["8021", "TCP", "sg irisx-dev-sg-api", "FreeSWITCH event socket (ESL)"],
            ["16384-32768", "UDP", "168.86.128.0/18", "RTP media"],
        ]);
    });

    it("marks world sources and protocol -1 as every port", () => {
        const open = resource(types.securityGroupRule, "open", { type: "ingress", securityGroupId: apiSg.id, protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] });
        const row = computeExposure([apiSg, api, open])[0].rows[0];
        assert.deepStrictEqual([portText(row), protocolText(row), row.world], ["all", "ALL", true]);
        assert.match(row.purpose, /^EVERYTHING \(incl\. SSH/);
    });

    it("describes ports missing from the port table by what they cover", () => {
        assert.strictEqual(purposeOf(9847, 9847, "tcp", 9847), "the app's own port (should sit behind nginx)");
        assert.strictEqual(purposeOf(5000, 6000, "tcp"), "not in the port table; covers SIP signalling, SIP over TLS, PostgreSQL");
        assert.strictEqual(purposeOf(5061, 5061, "udp"), "not in the port table; covers SIP over TLS");
    });
});
