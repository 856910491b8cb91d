import * as assert from "assert";
import { apiHostDisallowBroadSsh as policy } from "../../policies/api-host-disallow-broad-ssh";
import { types } from "../../facts/resource-types";
import { runPolicyGate } from "../../offline/policy-gate";
import { apiSg, baseline, changed, resource, stackWith, unknown, withIngress } from "../helpers/policy-fixtures";
import { expectVerdicts, verdictsOf } from "../helpers/policy-verdicts";

const fix = "allow SSH only from the admin CIDRs (a /24 or narrower for IPv4, /56 for IPv6, or the policy's extraAdminCidrs).";
const ssh = "SSH (operators, remote commands) on 22/tcp on the API host";
const apiRule = (inputs: Record<string, any>) =>
    resource(types.securityGroupIngressRule, "api-ssh-extra", { securityGroupId: apiSg.id, tags: { "irisx:role": "api" }, ...inputs });

describe("policy api-host-disallow-broad-ssh", () => {
    it("accepts the baseline: SSH from one admin /32 on the API group", async () => {
        await expectVerdicts(policy, baseline, []);
    });

    it("rejects SSH from 0.0.0.0/0 in an inline ingress entry of the API group", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }])), [
            { urn: apiSg.urn, message: `ingress[0]: 22/tcp from 0.0.0.0/0 opens ${ssh} to the whole internet; ${fix}` },
        ]);
    });

    it("rejects SSH from ::/0 in an inline ingress entry of the API group", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/0"] }])), [
            { urn: apiSg.urn, message: `ingress[0]: 22/tcp from ::/0 opens ${ssh} to the whole internet; ${fix}` },
        ]);
    });

    it("rejects SSH from 0.0.0.0/1, which is broader than /24 though not the whole internet", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1"] }])), [
            { urn: apiSg.urn, message: `ingress[0]: 22/tcp from 0.0.0.0/1 opens ${ssh} to 0.0.0.0/1, broader than /24; ${fix}` },
        ]);
    });

    it("rejects SSH from an IPv6 /48, broader than /56", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["2001:db8::/48"] }])), [
            { urn: apiSg.urn, message: `ingress[0]: 22/tcp from 2001:db8::/48 opens ${ssh} to 2001:db8::/48, broader than /56; ${fix}` },
        ]);
    });

    it("rejects SSH from 0.0.0.0/1 via a SecurityGroupIngressRule tagged irisx:role=api", async () => {
        const rule = apiRule({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/1" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `22/tcp from 0.0.0.0/1 opens ${ssh} to 0.0.0.0/1, broader than /24; ${fix}` }]);
    });

    it("rejects SSH from ::/0 via a SecurityGroupIngressRule tagged irisx:role=api", async () => {
        const rule = apiRule({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv6: "::/0" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `22/tcp from ::/0 opens ${ssh} to the whole internet; ${fix}` }]);
    });

    it("rejects protocol -1 (every port) from 10.0.0.0/8", async () => {
        const rule = apiRule({ ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" });
        await expectVerdicts(policy, stackWith(rule), [
            { urn: rule.urn, message: `all traffic (protocol -1) from 10.0.0.0/8 opens ${ssh} to 10.0.0.0/8, broader than /24; ${fix}` },
        ]);
    });

    it("rejects protocol all with ports 0-0 from 0.0.0.0/0 (ports are ignored for all)", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "all", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }])), [
            { urn: apiSg.urn, message: `ingress[0]: all traffic from 0.0.0.0/0 opens ${ssh} to the whole internet; ${fix}` },
        ]);
    });

    it("rejects a tcp range 1-1024 that covers 22", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "tcp", fromPort: 1, toPort: 1024, cidrBlocks: ["198.51.100.0/23"] }])), [
            { urn: apiSg.urn, message: `ingress[0]: 1-1024/tcp from 198.51.100.0/23 opens ${ssh} to 198.51.100.0/23, broader than /24; ${fix}` },
        ]);
    });

    it("rejects numeric protocol 6 (tcp) with no ports from 0.0.0.0/0", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "6", cidrBlocks: ["0.0.0.0/0"] }])), [
            { urn: apiSg.urn, message: `ingress[0]: 0-65535/tcp (protocol 6) from 0.0.0.0/0 opens ${ssh} to the whole internet; ${fix}` },
        ]);
    });

    it("accepts a /24 (the limit itself), a security-group reference and udp 22", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [
            { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["198.51.100.0/24"] },
            { protocol: "tcp", fromPort: 22, toPort: 22, securityGroups: ["sg-0123456789abcdef0"] },
            { protocol: "udp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
        ])), []);
    });

    it("leaves an untagged group to the stack policy (it cannot know the group is the API host's)", async () => {
        const untagged = changed(apiSg, { tags: { Name: "other" }, ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1"] }] });
        const verdicts = await verdictsOf(policy, stackWith(untagged));
        assert.deepStrictEqual(verdicts, []);
        assert.ok((await runPolicyGate(stackWith(untagged))).some((v) => v.policyName === "api-host-disallow-attached-ssh-sip"));
    });

    it("accepts a broader range when configured: broadestIpv4Prefix 16", async () => {
        const sg = withIngress(apiSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["198.51.96.0/20"] }]);
        await expectVerdicts(policy, stackWith(sg), [], { config: { [policy.name]: { broadestIpv4Prefix: 16 } } });
    });

    it("accepts a range inside the configured extraAdminCidrs but still rejects 0.0.0.0/0", async () => {
        const sg = withIngress(apiSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["198.51.96.0/20", "0.0.0.0/0"] }]);
        await expectVerdicts(policy, stackWith(sg), [{ urn: apiSg.urn, message: `ingress[0]: 22/tcp from 0.0.0.0/0 opens ${ssh} to the whole internet; ${fix}` }], {
            config: { [policy.name]: { extraAdminCidrs: ["198.51.96.0/19", "0.0.0.0/0"] } },
        });
    });

    it("stays mandatory when only the group's id is unknown, and defers (advisory) when the CIDR itself is unknown", async () => {
        const knownCidr = changed(apiRule({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" }), { securityGroupId: unknown });
        await expectVerdicts(policy, stackWith(knownCidr), [{ urn: knownCidr.urn, message: `22/tcp from 0.0.0.0/0 opens ${ssh} to the whole internet; ${fix}` }]);
        const unknownCidr = withIngress(apiSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [unknown] }]);
        const verdicts = await verdictsOf(policy, stackWith(unknownCidr));
        assert.deepStrictEqual(verdicts.map((v) => [v.enforcementLevel, v.message]), [[
            "advisory",
            "can't run policy 'api-host-disallow-broad-ssh' from policy pack 'irisx-infra-guardrails@v0.0.0' during preview: string value at .ingress.0.cidrBlocks.0 can't be known during preview",
        ]]);
    });
});
