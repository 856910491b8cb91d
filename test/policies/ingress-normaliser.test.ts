import * as assert from "assert";
import { IngressRule, coversPort, describeRule, mayCoverPort, normaliseIngress, overlapsPorts } from "../../policies/lib/ingress";
import { types } from "../../facts/resource-types";
import { ports } from "../../facts/ports";
import { unknown } from "../helpers/policy-fixtures";

/** The fields a reader of the normalised rule relies on. */
const brief = (r: IngressRule) => ({ protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, source: r.source, unknown: r.unknown });

describe("the ingress normaliser (policies/lib/ingress.ts)", () => {
    it("expands an inline entry into one rule per source, keeping where each came from", () => {
        const rules = normaliseIngress(types.securityGroup, {
            ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["203.0.113.10/32"], ipv6CidrBlocks: ["2001:db8::/64"], securityGroups: ["sg-1"], prefixListIds: ["pl-1"], self: true, description: "ssh" }],
        }, "urn:x");
        assert.deepStrictEqual(rules.map((r) => [r.source, r.location, r.path.join("."), r.description, r.urn]), [
            [{ kind: "cidr", cidr: "203.0.113.10/32" }, "ingress[0]", "ingress.0.cidrBlocks.0", "ssh", "urn:x"],
            [{ kind: "cidr", cidr: "2001:db8::/64" }, "ingress[0]", "ingress.0.ipv6CidrBlocks.0", "ssh", "urn:x"],
            [{ kind: "prefixList", id: "pl-1" }, "ingress[0]", "ingress.0.prefixListIds.0", "ssh", "urn:x"],
            [{ kind: "securityGroup", id: "sg-1" }, "ingress[0]", "ingress.0.securityGroups.0", "ssh", "urn:x"],
            [{ kind: "self" }, "ingress[0]", "ingress.0.self", "ssh", "urn:x"],
        ]);
    });

    it("reads SecurityGroupRule ingress (target, source group) and ignores its egress", () => {
        const ingress = normaliseIngress(types.securityGroupRule, { type: "ingress", securityGroupId: "sg-t", protocol: "udp", fromPort: 5060, toPort: 5061, sourceSecurityGroupId: "sg-s" });
        assert.deepStrictEqual(ingress.map((r) => [brief(r), r.targetSecurityGroup, r.location]), [
            [{ protocol: "udp", fromPort: 5060, toPort: 5061, source: { kind: "securityGroup", id: "sg-s" }, unknown: [] }, "sg-t", ""],
        ]);
        assert.deepStrictEqual(normaliseIngress(types.securityGroupRule, { type: "egress", protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }), []);
    });

    it("reads SecurityGroupIngressRule (ipProtocol, cidrIpv4/6, prefixListId, referencedSecurityGroupId)", () => {
        const read = (props: Record<string, unknown>) => normaliseIngress(types.securityGroupIngressRule, { securityGroupId: "sg-t", ipProtocol: "tcp", fromPort: 443, toPort: 443, ...props }).map((r) => r.source);
        assert.deepStrictEqual(read({ cidrIpv4: "0.0.0.0/0" }), [{ kind: "cidr", cidr: "0.0.0.0/0" }]);
        assert.deepStrictEqual(read({ cidrIpv6: "::/0" }), [{ kind: "cidr", cidr: "::/0" }]);
        assert.deepStrictEqual(read({ prefixListId: "pl-1" }), [{ kind: "prefixList", id: "pl-1" }]);
        assert.deepStrictEqual(read({ referencedSecurityGroupId: "sg-r" }), [{ kind: "securityGroup", id: "sg-r" }]);
    });

    it("treats -1, all, ALL and a missing protocol as every protocol on every port", () => {
        for (const protocol of ["-1", "all", "ALL", undefined]) {
            const [rule] = normaliseIngress(types.securityGroupIngressRule, { ipProtocol: protocol, fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/8" });
            assert.deepStrictEqual([rule.protocol, rule.fromPort, rule.toPort], ["all", 0, 65535], String(protocol));
            assert.ok(coversPort(rule, 22, "tcp") && coversPort(rule, 5060, "udp"), String(protocol));
        }
    });

    it("maps numeric protocols 6, 17, 1 and 58 and keeps others as written", () => {
        const protocolOf = (p: unknown) => normaliseIngress(types.securityGroupIngressRule, { ipProtocol: p, fromPort: 1, toPort: 1, cidrIpv4: "10.0.0.0/8" })[0].protocol;
        assert.deepStrictEqual(["6", 17, "1", "58", "50", "TCP"].map(protocolOf), ["tcp", "udp", "icmp", "icmpv6", "50", "tcp"]);
    });

    it("reads protocol numbers as integers like the provider's protocolForValue: 06, 017, +6, -01 and 050", () => {
        const protocolOf = (p: unknown) => normaliseIngress(types.securityGroupIngressRule, { ipProtocol: p, fromPort: 1, toPort: 1, cidrIpv4: "10.0.0.0/8" })[0].protocol;
        assert.deepStrictEqual(["06", "017", "+6", "-01", "050"].map(protocolOf), ["tcp", "udp", "tcp", "all", "50"]);
    });

    it("marks tcp/udp ranges it cannot read (1 to -1, 23 to 22, 70000, 22.5) as unreadable and covering every port", () => {
        for (const [fromPort, toPort] of [[1, -1], [23, 22], [22, 70000], [22.5, 22], ["x", 22]]) {
            const [rule] = normaliseIngress(types.securityGroupRule, { type: "ingress", protocol: "tcp", fromPort, toPort, cidrBlocks: ["10.0.0.0/8"] });
            assert.strictEqual(rule.unreadable, `fromPort ${JSON.stringify(fromPort)} to toPort ${JSON.stringify(toPort)}`);
            assert.deepStrictEqual([rule.fromPort, rule.toPort], [0, 65535]);
        }
        const [icmp] = normaliseIngress(types.securityGroupRule, { type: "ingress", protocol: "icmp", fromPort: 8, toPort: -1, cidrBlocks: ["10.0.0.0/8"] });
        assert.strictEqual(icmp.unreadable, undefined, "ICMP type/code -1 is AWS's 'any'");
    });

    it("treats missing ports (and -1/-1 on tcp) as every port, and a range as covering each port in it", () => {
        const [noPorts] = normaliseIngress(types.securityGroupRule, { type: "ingress", protocol: "tcp", cidrBlocks: ["10.0.0.0/8"] });
        assert.deepStrictEqual([noPorts.fromPort, noPorts.toPort], [0, 65535]);
        const [minusOne] = normaliseIngress(types.securityGroupRule, { type: "ingress", protocol: "udp", fromPort: -1, toPort: -1, cidrBlocks: ["10.0.0.0/8"] });
        assert.deepStrictEqual([minusOne.fromPort, minusOne.toPort], [0, 65535]);
        const [range] = normaliseIngress(types.securityGroupRule, { type: "ingress", protocol: "udp", fromPort: 16000, toPort: 17000, cidrBlocks: ["10.0.0.0/8"] });
        assert.ok(coversPort(range, 16384, "udp") && coversPort(range, 17000, "udp"));
        assert.ok(!coversPort(range, 17001, "udp") && !coversPort(range, 16384, "tcp"));
        assert.ok(overlapsPorts(range, ports.rtp) && !overlapsPorts(range, ports.sip));
    });

    it("never throws on preview unknowns: it lists them, and only may-answers count them as matches", () => {
        const [cidr] = normaliseIngress(types.securityGroup, { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [unknown] }] });
        assert.deepStrictEqual(brief(cidr), { protocol: "tcp", fromPort: 22, toPort: 22, source: { kind: "unknown" }, unknown: ["source"] });
        const [ports_] = normaliseIngress(types.securityGroupIngressRule, { ipProtocol: "tcp", fromPort: unknown, toPort: unknown, cidrIpv4: "0.0.0.0/0" });
        assert.deepStrictEqual(ports_.unknown, ["ports"]);
        assert.ok(!coversPort(ports_, 22, "tcp") && mayCoverPort(ports_, 22, "tcp"));
        const [group] = normaliseIngress(types.securityGroupIngressRule, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: unknown });
        assert.deepStrictEqual(brief(group).source, { kind: "securityGroup" });
        assert.deepStrictEqual(group.unknown, []);
        const whole = normaliseIngress(types.securityGroup, { ingress: unknown });
        assert.deepStrictEqual(whole.map((r) => [r.location, r.unknown]), [["ingress", ["protocol", "ports", "source"]]]);
    });

    it("returns nothing for resources that grant no ingress", () => {
        assert.deepStrictEqual(normaliseIngress(types.instance, { ingress: [{ protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }] }), []);
        assert.deepStrictEqual(normaliseIngress(types.securityGroup, {}), []);
    });

    it("describes a rule with its port, protocol (as written when different) and source", () => {
        const describe_ = (props: Record<string, unknown>) => describeRule(normaliseIngress(types.securityGroupIngressRule, props)[0]);
        assert.strictEqual(describe_({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" }), "22/tcp from 0.0.0.0/0");
        assert.strictEqual(describe_({ ipProtocol: "17", fromPort: 16384, toPort: 32768, cidrIpv6: "::/0" }), "16384-32768/udp (protocol 17) from ::/0");
        assert.strictEqual(describe_({ ipProtocol: "-1", referencedSecurityGroupId: "sg-1" }), "all traffic (protocol -1) from security group sg-1");
        assert.strictEqual(describe_({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: unknown }), "5432/tcp from security group (id not known yet)");
    });
});
