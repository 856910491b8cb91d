import { securityGroupDisallowCidrToDataPorts as policy } from "../../policies/security-group-disallow-cidr-to-data-ports";
import { types } from "../../facts/resource-types";
import { apiSg, baseline, dataSg, resource, stackWith, withIngress } from "../helpers/policy-fixtures";
import { expectVerdicts } from "../helpers/policy-verdicts";

const fix = "allow the database and Redis only from the API and FreeSWITCH security groups (sourceSecurityGroupId or referencedSecurityGroupId).";
const pg = "PostgreSQL on 5432/tcp";
const redis = "Redis on 6379/tcp";

describe("policy security-group-disallow-cidr-to-data-ports", () => {
    it("accepts the baseline: 5432 and 6379 from the host groups by reference", async () => {
        await expectVerdicts(policy, baseline, []);
    });

    it("rejects 5432 from the VPC CIDR in an inline entry", async () => {
        await expectVerdicts(policy, stackWith(withIngress(dataSg, [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.10.0.0/16"] }])), [
            { urn: dataSg.urn, message: `ingress[0]: 5432/tcp from 10.10.0.0/16 opens ${pg} to a CIDR (10.10.0.0/16); ${fix}` },
        ]);
    });

    it("rejects 6379 from a /32 via a SecurityGroupRule", async () => {
        const rule = resource(types.securityGroupRule, "redis-ip", { type: "ingress", securityGroupId: dataSg.id, protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["10.10.0.10/32"] });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `6379/tcp from 10.10.0.10/32 opens ${redis} to a CIDR (10.10.0.10/32); ${fix}` }]);
    });

    it("rejects 5432 from ::/0 via a SecurityGroupIngressRule", async () => {
        const rule = resource(types.securityGroupIngressRule, "pg-v6", { securityGroupId: dataSg.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv6: "::/0" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `5432/tcp from ::/0 opens ${pg} to a CIDR (::/0); ${fix}` }]);
    });

    it("rejects protocol -1 from a prefix list", async () => {
        const rule = resource(types.securityGroupIngressRule, "pl-all", { securityGroupId: dataSg.id, ipProtocol: "-1", prefixListId: "pl-0bb" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `all traffic (protocol -1) from prefix list pl-0bb opens ${pg}, ${redis} to a prefix list; ${fix}` }]);
    });

    it("rejects protocol all from 0.0.0.0/1 inline", async () => {
        await expectVerdicts(policy, stackWith(withIngress(dataSg, [{ protocol: "all", cidrBlocks: ["0.0.0.0/1"] }])), [
            { urn: dataSg.urn, message: `ingress[0]: all traffic from 0.0.0.0/1 opens ${pg}, ${redis} to a CIDR (0.0.0.0/1); ${fix}` },
        ]);
    });

    it("rejects a covering range 5000-7000 with numeric protocol 6 on the API group", async () => {
        const rule = resource(types.securityGroupRule, "api-range", { type: "ingress", securityGroupId: apiSg.id, protocol: "6", fromPort: 5000, toPort: 7000, cidrBlocks: ["10.10.0.0/16"] });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `5000-7000/tcp (protocol 6) from 10.10.0.0/16 opens ${pg}, ${redis} to a CIDR (10.10.0.0/16); ${fix}` }]);
    });

    it("accepts udp 5432 and a tcp range that stops below 5432", async () => {
        await expectVerdicts(policy, stackWith(withIngress(dataSg, [
            { protocol: "udp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.10.0.0/16"] },
            { protocol: "tcp", fromPort: 5000, toPort: 5431, cidrBlocks: ["10.10.0.0/16"] },
        ])), []);
    });
});
