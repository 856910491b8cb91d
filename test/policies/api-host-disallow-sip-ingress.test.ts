import * as assert from "assert";
import { apiHostDisallowSipIngress as policy } from "../../policies/api-host-disallow-sip-ingress";
import { types } from "../../facts/resource-types";
import { apiSg, baseline, changed, freeswitchSg, resource, stackWith, unknown, withIngress } from "../helpers/policy-fixtures";
import { expectVerdicts, verdictsOf } from "../helpers/policy-verdicts";

const fix = "on the API host, which must accept no SIP, RTP or ESL traffic from anyone; remove the rule (these ports belong on the FreeSWITCH host's security group).";
const everything = "SIP signalling on 5060/tcp+udp, SIP over TLS on 5061/tcp+udp, RTP media on 16384-32768/udp, FreeSWITCH event socket (ESL) on 8021/tcp";
const apiRule = (inputs: Record<string, any>) =>
    resource(types.securityGroupIngressRule, "api-extra", { securityGroupId: apiSg.id, tags: { "irisx:role": "api" }, ...inputs });

describe("policy api-host-disallow-sip-ingress", () => {
    it("accepts the baseline: the API group opens only 22, 80 and 443", async () => {
        await expectVerdicts(policy, baseline, []);
    });

    it("rejects 5060/udp from a SIP trunk's /30 in an inline entry (no source is allowed)", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "udp", fromPort: 5060, toPort: 5060, cidrBlocks: ["54.172.60.0/30"] }])), [
            { urn: apiSg.urn, message: `ingress[0]: 5060/udp from 54.172.60.0/30 opens SIP signalling on 5060/udp ${fix}` },
        ]);
    });

    it("rejects 5061/udp too, though SIP-TLS is tcp on the FreeSWITCH host", async () => {
        const rule = apiRule({ ipProtocol: "udp", fromPort: 5061, toPort: 5061, cidrIpv4: "198.51.100.7/32" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `5061/udp from 198.51.100.7/32 opens SIP over TLS on 5061/udp ${fix}` }]);
    });

    it("rejects ESL 8021/tcp even from a security-group reference", async () => {
        const rule = apiRule({ ipProtocol: "tcp", fromPort: 8021, toPort: 8021, referencedSecurityGroupId: freeswitchSg.id });
        await expectVerdicts(policy, stackWith(rule), [
            { urn: rule.urn, message: `8021/tcp from security group ${freeswitchSg.id} opens FreeSWITCH event socket (ESL) on 8021/tcp ${fix}` },
        ]);
    });

    it("rejects a udp range 20000-20010 inside the RTP range, via a SecurityGroupIngressRule from ::/0", async () => {
        const rule = apiRule({ ipProtocol: "udp", fromPort: 20000, toPort: 20010, cidrIpv6: "::/0" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `20000-20010/udp from ::/0 opens RTP media on 16384-32768/udp ${fix}` }]);
    });

    it("rejects protocol -1 from the group itself (self)", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }])), [
            { urn: apiSg.urn, message: `ingress[0]: all traffic (protocol -1) from the group itself (self) opens ${everything} ${fix}` },
        ]);
    });

    it("rejects protocol all from a prefix list", async () => {
        const rule = apiRule({ ipProtocol: "all", prefixListId: "pl-0123456789abcdef0" });
        await expectVerdicts(policy, stackWith(rule), [{ urn: rule.urn, message: `all traffic from prefix list pl-0123456789abcdef0 opens ${everything} ${fix}` }]);
    });

    it("rejects a covering tcp range 5000-9000 (5060, 5061 and 8021 on tcp)", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "tcp", fromPort: 5000, toPort: 9000, cidrBlocks: ["10.10.0.0/16"] }])), [
            { urn: apiSg.urn, message: `ingress[0]: 5000-9000/tcp from 10.10.0.0/16 opens SIP signalling on 5060/tcp, SIP over TLS on 5061/tcp, FreeSWITCH event socket (ESL) on 8021/tcp ${fix}` },
        ]);
    });

    it("rejects numeric protocol 17 (udp) on 5060", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [{ protocol: "17", fromPort: 5060, toPort: 5060, cidrBlocks: ["0.0.0.0/0"] }])), [
            { urn: apiSg.urn, message: `ingress[0]: 5060/udp (protocol 17) from 0.0.0.0/0 opens SIP signalling on 5060/udp ${fix}` },
        ]);
    });

    it("accepts tcp in the RTP range and udp on 8021 (RTP is udp only, ESL tcp only)", async () => {
        await expectVerdicts(policy, stackWith(withIngress(apiSg, [
            { protocol: "tcp", fromPort: 16384, toPort: 32768, cidrBlocks: ["10.10.0.0/16"] },
            { protocol: "udp", fromPort: 8021, toPort: 8021, cidrBlocks: ["10.10.0.0/16"] },
        ])), []);
    });

    it("ignores the FreeSWITCH group, where SIP belongs", async () => {
        assert.deepStrictEqual(await verdictsOf(policy, stackWith(freeswitchSg)), []);
    });

    it("defers (advisory) when the API group's tags are unknown and a rule would open SIP", async () => {
        const sg = changed(apiSg, { tags: unknown, ingress: [{ protocol: "udp", fromPort: 5060, toPort: 5060, cidrBlocks: ["0.0.0.0/0"] }] });
        const verdicts = await verdictsOf(policy, stackWith(sg));
        assert.deepStrictEqual(verdicts.map((v) => [v.enforcementLevel, v.message]), [[
            "advisory",
            "can't run policy 'api-host-disallow-sip-ingress' from policy pack 'irisx-infra-guardrails@v0.0.0' during preview: string value at .tags can't be known during preview",
        ]]);
    });
});
