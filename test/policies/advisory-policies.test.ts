import * as assert from "assert";
import { apiHostDisallowCommonAppPort } from "../../policies/api-host-disallow-common-app-port";
import { freeswitchHostDisallowWorldSip } from "../../policies/freeswitch-host-disallow-world-sip";
import { types } from "../../facts/resource-types";
import { mandatoryVerdicts, runPolicyGate } from "../../offline/policy-gate";
import { apiInstance, baseline, changed, freeswitchInstance, freeswitchSg, resource, stackWith, withIngress } from "../helpers/policy-fixtures";
import { expectVerdicts } from "../helpers/policy-verdicts";

const tagged = (port: string) => changed(apiInstance, { tags: { ...apiInstance.inputs.tags, "irisx:app-port": port } });

describe("policy api-host-disallow-common-app-port (advisory)", () => {
    const policy = apiHostDisallowCommonAppPort;
    const hint = "pick one in 9100-65535 (e.g. 9847) and set irisx-infra:appPort";
    it("accepts the baseline: app port 9847 from the irisx:app-port tag", async () => {
        await expectVerdicts(policy, baseline, []);
    });
    it("warns about 8080, a common port, without blocking the update", async () => {
        const stack = stackWith(tagged("8080"));
        await expectVerdicts(policy, stack, [{
            urn: apiInstance.urn,
            message: `the API app port 8080 is a common, heavily scanned port (port-security-guide.md "Ports to Avoid"); ${hint} (from tag irisx:app-port).`,
        }]);
        assert.deepStrictEqual(mandatoryVerdicts(await runPolicyGate(stack)), []);
    });
    it("warns about a privileged port that is not on the common list (990)", async () => {
        await expectVerdicts(policy, stackWith(tagged("990")), [{
            urn: apiInstance.urn, message: `the API app port 990 is privileged (below 1024) and needs root to bind; ${hint} (from tag irisx:app-port).`,
        }]);
    });
    it("warns about a port that collides with the port table (5432)", async () => {
        await expectVerdicts(policy, stackWith(tagged("5432")), [{ urn: apiInstance.urn, message: `the API app port 5432 collides with PostgreSQL; ${hint} (from tag irisx:app-port).` }]);
    });
    it("reads the policy's appPort config when the instance has no tag", async () => {
        const untagged = changed(apiInstance, { tags: { "irisx:role": "api" } });
        await expectVerdicts(policy, stackWith(untagged), [{
            urn: apiInstance.urn,
            message: `the API app port 3000 is a common, heavily scanned port (port-security-guide.md "Ports to Avoid"); ${hint} (from policy config appPort).`,
        }], { config: { [policy.name]: { appPort: 3000 } } });
    });
    it("ignores the FreeSWITCH instance even with a common port tag", async () => {
        const fs = changed(freeswitchInstance, { tags: { "irisx:role": "freeswitch", "irisx:app-port": "8080" } });
        await expectVerdicts(policy, stackWith(fs), []);
    });
});

describe("policy freeswitch-host-disallow-world-sip (advisory, stack)", () => {
    const policy = freeswitchHostDisallowWorldSip;
    const advice = "list the SIP trunk's signalling and media peers instead (irisx-infra:sipSignallingPeers, irisx-infra:mediaPeers), or accept this advisory knowingly for softphones.";
    const where = "security group 'freeswitch' (tagged irisx:role=freeswitch, attached to instance 'freeswitch')";
    it("accepts the baseline: SIP from Twilio's signalling /30s, RTP from its media /18", async () => {
        await expectVerdicts(policy, baseline, []);
    });
    it("warns about 5060/udp from 0.0.0.0/0 inline", async () => {
        await expectVerdicts(policy, stackWith(withIngress(freeswitchSg, [{ protocol: "udp", fromPort: 5060, toPort: 5060, cidrBlocks: ["0.0.0.0/0"] }])), [{
            urn: freeswitchSg.urn, message: `${where}: ingress[0]: 5060/udp from 0.0.0.0/0 opens SIP signalling on 5060/udp on the FreeSWITCH host to the whole internet; ${advice}`,
        }]);
    });
    it("warns about RTP from ::/0 via a SecurityGroupIngressRule on the FreeSWITCH group", async () => {
        const rule = resource(types.securityGroupIngressRule, "rtp-world", { securityGroupId: freeswitchSg.id, ipProtocol: "udp", fromPort: 16384, toPort: 32768, cidrIpv6: "::/0" });
        await expectVerdicts(policy, stackWith(rule), [{
            urn: rule.urn,
            message: `SecurityGroupIngressRule 'rtp-world' on ${where}: 16384-32768/udp from ::/0 opens RTP media on 16384-32768/udp on the FreeSWITCH host to the whole internet; ${advice}`,
        }]);
    });
    it("does not warn about a named peer range", async () => {
        await expectVerdicts(policy, stackWith(withIngress(freeswitchSg, [{ protocol: "udp", fromPort: 5060, toPort: 5060, cidrBlocks: ["198.51.100.0/24"] }])), []);
    });
});
