import { securityGroupDisallowEslFromCidr as policy } from "../../policies/security-group-disallow-esl-from-cidr";
import { types } from "../../facts/resource-types";
import { apiSg, baseline, changed, eslFromApi, freeswitchSg, resource, stackWith, withIngress } from "../helpers/policy-fixtures";
import { expectVerdicts } from "../helpers/policy-verdicts";

const esl = "FreeSWITCH event socket (ESL) on 8021/tcp";
const fix = "ESL has no TLS, so allow it only from the API host's security group (sourceSecurityGroupId or referencedSecurityGroupId).";

describe("policy security-group-disallow-esl-from-cidr", () => {
    it("accepts the baseline: ESL from the API group by reference", async () => {
        await expectVerdicts(policy, baseline, []);
    });

    it("rejects ESL from the API host's private /32 in an inline entry", async () => {
        await expectVerdicts(policy, stackWith(withIngress(freeswitchSg, [{ protocol: "tcp", fromPort: 8021, toPort: 8021, cidrBlocks: ["10.10.0.10/32"] }])), [
            { urn: freeswitchSg.urn, message: `ingress[0]: 8021/tcp from 10.10.0.10/32 opens ${esl} to a CIDR (10.10.0.10/32); ${fix}` },
        ]);
    });

    it("rejects the baseline ESL rule changed to a CIDR (SecurityGroupIngressRule cidrIpv4)", async () => {
        const rule = changed(eslFromApi, { referencedSecurityGroupId: undefined, cidrIpv4: "10.10.0.0/16" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `8021/tcp from 10.10.0.0/16 opens ${esl} to a CIDR (10.10.0.0/16); ${fix}` }]);
    });

    it("rejects ESL from ::/0 via a SecurityGroupRule", async () => {
        const rule = resource(types.securityGroupRule, "esl-v6", { type: "ingress", securityGroupId: freeswitchSg.id, protocol: "tcp", fromPort: 8021, toPort: 8021, ipv6CidrBlocks: ["::/0"] });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `8021/tcp from ::/0 opens ${esl} to a CIDR (::/0); ${fix}` }]);
    });

    it("rejects ESL from a prefix list (a list of CIDRs)", async () => {
        const rule = resource(types.securityGroupRule, "esl-pl", { type: "ingress", securityGroupId: freeswitchSg.id, protocol: "tcp", fromPort: 8021, toPort: 8021, prefixListIds: ["pl-0aa"] });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `8021/tcp from prefix list pl-0aa opens ${esl} to a prefix list; ${fix}` }]);
    });

    it("rejects protocol -1 from the VPC CIDR", async () => {
        await expectVerdicts(policy, stackWith(withIngress(freeswitchSg, [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.10.0.0/16"] }])), [
            { urn: freeswitchSg.urn, message: `ingress[0]: all traffic (protocol -1) from 10.10.0.0/16 opens ${esl} to a CIDR (10.10.0.0/16); ${fix}` },
        ]);
    });

    it("rejects protocol all via a SecurityGroupIngressRule", async () => {
        const rule = resource(types.securityGroupIngressRule, "vpc-all", { securityGroupId: freeswitchSg.id, ipProtocol: "all", cidrIpv4: "10.10.0.0/16" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `all traffic from 10.10.0.0/16 opens ${esl} to a CIDR (10.10.0.0/16); ${fix}` }]);
    });

    it("rejects a covering range 8000-8100 with numeric protocol 6", async () => {
        await expectVerdicts(policy, stackWith(withIngress(freeswitchSg, [{ protocol: "6", fromPort: 8000, toPort: 8100, cidrBlocks: ["10.10.1.0/24"] }])), [
            { urn: freeswitchSg.urn, message: `ingress[0]: 8000-8100/tcp (protocol 6) from 10.10.1.0/24 opens ${esl} to a CIDR (10.10.1.0/24); ${fix}` },
        ]);
    });

    it("accepts ESL from a source group and from the group itself", async () => {
        await expectVerdicts(policy, stackWith(withIngress(freeswitchSg, [
            { protocol: "tcp", fromPort: 8021, toPort: 8021, securityGroups: [apiSg.id] },
            { protocol: "tcp", fromPort: 8021, toPort: 8021, self: true },
        ])), []);
    });
});
