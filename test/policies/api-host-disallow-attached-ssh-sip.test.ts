import * as assert from "assert";
import { apiHostDisallowAttachedSshSip as policy } from "../../policies/api-host-disallow-attached-ssh-sip";
import { types } from "../../facts/resource-types";
import { apiInstance, apiSg, baseline, changed, freeswitchInstance, freeswitchSg, resource, stackWith, unknown } from "../helpers/policy-fixtures";
import { expectVerdicts, verdictsOf } from "../helpers/policy-verdicts";

const sshFix = "allow SSH only from the admin CIDRs (a /24 or narrower for IPv4, /56 for IPv6, or the policy's extraAdminCidrs).";
const sipFix = "on the API host, which must accept no SIP, RTP or ESL traffic from anyone; remove the rule (these ports belong on the FreeSWITCH host's security group).";
const ssh = "SSH (operators, remote commands) on 22/tcp on the API host";
const onApiGroup = "on security group 'api' (tagged irisx:role=api, attached to instance 'api')";

/** An untagged group, and the API instance with it attached (by property dependency and/or id). */
function attachedGroup(ingress: Record<string, any>[], link: { byDependency: boolean; byId: boolean }) {
    const extra = resource(types.securityGroup, "extra", { description: "added later", ingress }, { id: "sg-0e0e0e0e0e0e0e0e0" });
    const instance = changed(apiInstance, { vpcSecurityGroupIds: link.byId ? [apiSg.id, extra.id] : [unknown] }, {
        propertyDependencies: { vpcSecurityGroupIds: link.byDependency ? [apiSg.urn, extra.urn] : [] },
    });
    return { extra, stack: stackWith(extra, instance) };
}

describe("policy api-host-disallow-attached-ssh-sip (stack)", () => {
    it("accepts the baseline, and judges rules on tagged groups too rather than trusting the resource policies saw them", async () => {
        await expectVerdicts(policy, baseline, []);
        const taggedRule = resource(types.securityGroupIngressRule, "tagged", {
            securityGroupId: apiSg.id, tags: { "irisx:role": "api" }, ipProtocol: "udp", fromPort: 5060, toPort: 5060, cidrIpv4: "0.0.0.0/0",
        }, { propertyDependencies: { securityGroupId: [apiSg.urn] } });
        await expectVerdicts(policy, stackWith(taggedRule), [{
            urn: taggedRule.urn,
            message: `SecurityGroupIngressRule 'tagged' ${onApiGroup}: 5060/udp from 0.0.0.0/0 opens SIP signalling on 5060/udp ${sipFix}`,
        }]);
    });

    it("rejects an untagged group attached to the API instance by property dependency (preview) with SSH from 0.0.0.0/1", async () => {
        const { extra, stack } = attachedGroup([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1"] }], { byDependency: true, byId: false });
        await expectVerdicts(policy, stack, [{
            urn: extra.urn,
            message: `security group 'extra' (attached to instance 'api'): ingress[0]: 22/tcp from 0.0.0.0/1 opens ${ssh} to 0.0.0.0/1, broader than /24; ${sshFix}`,
        }]);
    });

    it("rejects an untagged group attached to the API instance by id only (after apply) with 5060/udp from ::/0", async () => {
        const { extra, stack } = attachedGroup([{ protocol: "udp", fromPort: 5060, toPort: 5060, ipv6CidrBlocks: ["::/0"] }], { byDependency: false, byId: true });
        await expectVerdicts(policy, stack, [{
            urn: extra.urn,
            message: `security group 'extra' (attached to instance 'api'): ingress[0]: 5060/udp from ::/0 opens SIP signalling on 5060/udp ${sipFix}`,
        }]);
    });

    it("rejects protocol -1 from 0.0.0.0/0 on an attached untagged group for both SSH and SIP", async () => {
        const { extra, stack } = attachedGroup([{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }], { byDependency: true, byId: true });
        const prefix = "security group 'extra' (attached to instance 'api'): ingress[0]: all traffic (protocol -1) from 0.0.0.0/0 opens";
        await expectVerdicts(policy, stack, [
            { urn: extra.urn, message: `${prefix} ${ssh} to the whole internet; ${sshFix}` },
            { urn: extra.urn, message: `${prefix} SIP signalling on 5060/tcp+udp, SIP over TLS on 5061/tcp+udp, RTP media on 16384-32768/udp, FreeSWITCH event socket (ESL) on 8021/tcp ${sipFix}` },
        ]);
    });

    it("rejects SSH from ::/0 via a standalone SecurityGroupRule on the API group whose id is unknown (linked by property dependency)", async () => {
        const rule = resource(types.securityGroupRule, "api-ssh-world", {
            type: "ingress", securityGroupId: unknown, protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/0"],
        }, { propertyDependencies: { securityGroupId: [apiSg.urn] } });
        await expectVerdicts(policy, stackWith(rule), [
            { urn: rule.urn, message: `SecurityGroupRule 'api-ssh-world' ${onApiGroup}: 22/tcp from ::/0 opens ${ssh} to the whole internet; ${sshFix}` },
        ]);
    });

    it("rejects protocol all from 10.0.0.0/8 via a SecurityGroupRule linked by id", async () => {
        const rule = resource(types.securityGroupRule, "api-all", { type: "ingress", securityGroupId: apiSg.id, protocol: "all", fromPort: 0, toPort: 65535, cidrBlocks: ["10.0.0.0/8"] });
        const prefix = `SecurityGroupRule 'api-all' ${onApiGroup}: all traffic from 10.0.0.0/8 opens`;
        await expectVerdicts(policy, stackWith(rule), [
            { urn: rule.urn, message: `${prefix} ${ssh} to 10.0.0.0/8, broader than /24; ${sshFix}` },
            { urn: rule.urn, message: `${prefix} SIP signalling on 5060/tcp+udp, SIP over TLS on 5061/tcp+udp, RTP media on 16384-32768/udp, FreeSWITCH event socket (ESL) on 8021/tcp ${sipFix}` },
        ]);
    });

    it("rejects a covering range 16000-17000 with numeric protocol 17 via an untagged SecurityGroupIngressRule", async () => {
        const rule = resource(types.securityGroupIngressRule, "api-media", { securityGroupId: apiSg.id, ipProtocol: "17", fromPort: 16000, toPort: 17000, cidrIpv4: "168.86.128.0/18" });
        await expectVerdicts(policy, stackWith(rule), [{
            urn: rule.urn,
            message: `SecurityGroupIngressRule 'api-media' ${onApiGroup}: 16000-17000/udp (protocol 17) from 168.86.128.0/18 opens RTP media on 16384-32768/udp ${sipFix}`,
        }]);
    });

    it("ignores egress rules and groups attached only to the FreeSWITCH instance", async () => {
        const egress = resource(types.securityGroupRule, "api-egress", { type: "egress", securityGroupId: apiSg.id, protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] });
        const fsExtra = resource(types.securityGroup, "fs-extra", { ingress: [{ protocol: "udp", fromPort: 5060, toPort: 5060, cidrBlocks: ["54.172.60.0/30"] }] }, { id: "sg-0c0c0c0c0c0c0c0c0" });
        const fs = changed(freeswitchInstance, { vpcSecurityGroupIds: [freeswitchSg.id, fsExtra.id] });
        await expectVerdicts(policy, stackWith(egress, fsExtra, fs), []);
    });

    it("stays decided during preview when the output tagsAll of untagged resources is unknown", async () => {
        const other = resource(types.securityGroup, "other", { tagsAll: unknown, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] });
        const rule = resource(types.securityGroupRule, "other-rule", { type: "ingress", securityGroupId: unknown, tagsAll: unknown, protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] });
        await expectVerdicts(policy, stackWith(other, rule), []);
    });

    it("defers (advisory) rather than passing when an instance's role tag is unknown during preview", async () => {
        const { stack } = attachedGroup([{ protocol: "udp", fromPort: 5060, toPort: 5060, cidrBlocks: ["0.0.0.0/0"] }], { byDependency: true, byId: false });
        const unclear = stack.map((r) => (r.urn === apiInstance.urn ? changed(r, { tags: { "irisx:role": unknown } }) : r));
        const verdicts = await verdictsOf(policy, unclear);
        assert.deepStrictEqual(verdicts.map((v) => [v.enforcementLevel, v.message]), [[
            "advisory",
            "can't run policy 'api-host-disallow-attached-ssh-sip' from policy pack 'irisx-infra-guardrails@v0.0.0' during preview: string value at .tags.irisx:role can't be known during preview",
        ]]);
    });

    it("applies its own broadestIpv4Prefix config: 28 rejects a /24 on an attached group", async () => {
        const { extra, stack } = attachedGroup([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["198.51.100.0/24"] }], { byDependency: true, byId: true });
        await expectVerdicts(policy, stack, [{
            urn: extra.urn,
            message: `security group 'extra' (attached to instance 'api'): ingress[0]: 22/tcp from 198.51.100.0/24 opens ${ssh} to 198.51.100.0/24, broader than /28; ` +
                "allow SSH only from the admin CIDRs (a /28 or narrower for IPv4, /56 for IPv6, or the policy's extraAdminCidrs).",
        }], { config: { [policy.name]: { broadestIpv4Prefix: 28 } } });
    });
});
