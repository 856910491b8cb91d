import { securityGroupDisallowWorldSsh as policy } from "../../policies/security-group-disallow-world-ssh";
import { types } from "../../facts/resource-types";
import { baseline, freeswitchSg, resource, stackWith, withIngress } from "../helpers/policy-fixtures";
import { expectVerdicts } from "../helpers/policy-verdicts";

const fix = "allow SSH only from the admin CIDRs (irisx-infra:adminCidrs) or use SSM Session Manager.";
const ssh = "SSH (operators, remote commands) on 22/tcp to the whole internet";

describe("policy security-group-disallow-world-ssh", () => {
    it("accepts the baseline: SSH only from an admin /32 on both hosts", async () => {
        await expectVerdicts(policy, baseline, []);
    });

    it("rejects SSH from 0.0.0.0/0 inline on the FreeSWITCH group", async () => {
        await expectVerdicts(policy, stackWith(withIngress(freeswitchSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }])), [
            { urn: freeswitchSg.urn, message: `ingress[0]: 22/tcp from 0.0.0.0/0 opens ${ssh}; ${fix}` },
        ]);
    });

    it("rejects SSH from ::/0 via a standalone SecurityGroupRule", async () => {
        const rule = resource(types.securityGroupRule, "ssh-v6", { type: "ingress", securityGroupId: freeswitchSg.id, protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/0"] });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `22/tcp from ::/0 opens ${ssh}; ${fix}` }]);
    });

    it("rejects SSH from 0.0.0.0/0 via a SecurityGroupIngressRule", async () => {
        const rule = resource(types.securityGroupIngressRule, "ssh-v4", { securityGroupId: freeswitchSg.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `22/tcp from 0.0.0.0/0 opens ${ssh}; ${fix}` }]);
    });

    it("rejects protocol -1 from ::/0 via a SecurityGroupIngressRule", async () => {
        const rule = resource(types.securityGroupIngressRule, "all-v6", { securityGroupId: freeswitchSg.id, ipProtocol: "-1", cidrIpv6: "::/0" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `all traffic (protocol -1) from ::/0 opens ${ssh}; ${fix}` }]);
    });

    it("rejects protocol ALL (any case) on the default security group", async () => {
        const sg = resource(types.defaultSecurityGroup, "default", { ingress: [{ protocol: "ALL", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
        await expectVerdicts(policy, stackWith(sg), [{ urn: sg.urn, message: `ingress[0]: all traffic (protocol ALL) from 0.0.0.0/0 opens ${ssh}; ${fix}` }]);
    });

    it("rejects a covering tcp range 0-1023 via a SecurityGroupRule", async () => {
        const rule = resource(types.securityGroupRule, "low-ports", { type: "ingress", securityGroupId: freeswitchSg.id, protocol: "tcp", fromPort: 0, toPort: 1023, cidrBlocks: ["0.0.0.0/0"] });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `0-1023/tcp from 0.0.0.0/0 opens ${ssh}; ${fix}` }]);
    });

    it("rejects numeric protocol 6 on port 22 inline", async () => {
        await expectVerdicts(policy, stackWith(withIngress(freeswitchSg, [{ protocol: "6", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/0"] }])), [
            { urn: freeswitchSg.urn, message: `ingress[0]: 22/tcp (protocol 6) from ::/0 opens ${ssh}; ${fix}` },
        ]);
    });

    it("rejects protocol \"06\" on port 22, read as the provider reads it (strconv.Atoi: 6, tcp)", async () => {
        const rule = resource(types.securityGroupIngressRule, "ssh-06", { securityGroupId: freeswitchSg.id, ipProtocol: "06", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `22/tcp (protocol 06) from 0.0.0.0/0 opens ${ssh}; ${fix}` }]);
    });

    it("refuses as unreadable a tcp range of 1 to -1 from 0.0.0.0/0, which could hold port 22", async () => {
        const sg = withIngress(freeswitchSg, [{ protocol: "tcp", fromPort: 1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] }]);
        await expectVerdicts(policy, stackWith(sg), [{
            urn: freeswitchSg.urn,
            message: "ingress[0]: unreadable ports (fromPort 1 to toPort -1)/tcp from 0.0.0.0/0 is refused as unreadable: it may open SSH (operators, remote commands) on 22/tcp " +
                "to the whole internet; write fromPort and toPort as whole numbers with 0 <= fromPort <= toPort <= 65535 (or protocol -1 for all traffic).",
        }]);
    });

    it("leaves 0.0.0.0/1 to the API host's prefix limit: it is not the whole internet", async () => {
        await expectVerdicts(policy, stackWith(withIngress(freeswitchSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1"] }])), []);
    });
});
