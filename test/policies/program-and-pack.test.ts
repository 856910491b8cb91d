/**
 * The real program (infra/index.ts under Pulumi's mocks) and the real pack together: every
 * committed stack passes, and a change that opens SSH or SIP on the API host is stopped.
 */
import * as assert from "assert";
import { collectHostIngress } from "../../policies/lib/hosts";
import { types } from "../../facts/resource-types";
import { RecordedResource, runMocked } from "../../offline/mock-run";
import { formatVerdicts, mandatoryVerdicts, runPolicyGate } from "../../offline/policy-gate";
import { readStackValues, stackFilePath } from "../../offline/stack-file";
import { unknownStringValue } from "../../facts/unknown";

const asLinked = (resources: readonly RecordedResource[]) => resources.map((r) => ({ ...r, props: r.inputs }));

function apiGroup(resources: readonly RecordedResource[]): RecordedResource {
    const groups = resources.filter((r) => r.type === types.securityGroup && r.inputs.tags?.["irisx:role"] === "api");
    assert.strictEqual(groups.length, 1, "the program registers one API security group");
    return groups[0];
}

describe("the program and the pack together", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "staging", "prod"]) {
        for (const preview of [false, true]) {
            it(`passes ${stack} (${preview ? "preview" : "update"}) with zero mandatory violations, having seen the API host's rules`, async () => {
                const run = await runMocked({ stack, preview });
                const verdicts = await runPolicyGate(run.resources);
                assert.deepStrictEqual(mandatoryVerdicts(verdicts), [], formatVerdicts(verdicts));
                // Not vacuous: the pack links the API instance to its group and sees the SSH rule.
                const api = collectHostIngress(asLinked(run.resources), "api");
                assert.strictEqual(api.hosts.length, 1);
                assert.ok(api.rules.some((r) => r.rule.fromPort === 22 && r.rule.source.kind === "cidr"), "the API host's SSH rule is linked");
            });
        }
    }

    it("stops a program change that adds an untagged rule opening 5060/udp to the world on the API host's group", async () => {
        const run = await runMocked({ stack: "dev", preview: true });
        const group = apiGroup(run.resources);
        const added: RecordedResource = {
            type: types.securityGroupIngressRule, name: "irisx-dev-api-sip-debug", urn: `${group.urn.replace(/::[^:]+::[^:]+$/, "")}::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::irisx-dev-api-sip-debug`,
            id: "", custom: true, parent: run.stackUrn, dependencies: [group.urn], propertyDependencies: { securityGroupId: [group.urn] },
            inputs: { securityGroupId: unknownStringValue, ipProtocol: "udp", fromPort: 5060, toPort: 5060, cidrIpv4: "0.0.0.0/0" },
            additionalSecretOutputs: [],
        };
        const mandatory = mandatoryVerdicts(await runPolicyGate([...run.resources, added]));
        assert.deepStrictEqual(mandatory.map((v) => [v.policyName, v.urn, v.message.split("\n")[1]]), [[
            "api-host-disallow-attached-ssh-sip",
            added.urn,
            "SecurityGroupIngressRule 'irisx-dev-api-sip-debug' on security group 'irisx-dev-sg-api' (tagged irisx:role=api, attached to instance 'irisx-dev-api-instance'): " +
                "5060/udp from 0.0.0.0/0 opens SIP signalling on 5060/udp on the API host, which must accept no SIP, RTP or ESL traffic from anyone; " +
                "remove the rule (these ports belong on the FreeSWITCH host's security group).",
        ]]);
    });

    it("stops an edit that widens the API host's SSH rule to 0.0.0.0/0", async () => {
        const run = await runMocked({ stack: "staging" });
        const ssh = run.resources.find((r) => r.type === types.securityGroupIngressRule && r.inputs.tags?.["irisx:role"] === "api" && r.inputs.fromPort === 22);
        assert.ok(ssh, "the program registers the API host's SSH rule");
        // The edit reaches the recorded state too: AnalyzeStack reads it in place of the inputs.
        const widen = (props: Record<string, any>) => ({ ...props, cidrIpv4: "0.0.0.0/0" });
        const edited = run.resources.map((r) => (r === ssh ? { ...r, inputs: widen(r.inputs), ...(r.outputs ? { outputs: widen(r.outputs) } : {}) } : r));
        const mandatory = mandatoryVerdicts(await runPolicyGate(edited));
        // Analyze (inputs) and AnalyzeStack (the linked API host) reach the same verdict on the rule.
        assert.deepStrictEqual(mandatory.map((v) => [v.policyName, v.urn]).sort(), [
            ["api-host-disallow-attached-ssh-sip", ssh.urn],
            ["api-host-disallow-broad-ssh", ssh.urn],
            ["security-group-disallow-world-ssh", ssh.urn],
        ]);
    });

    it("stops a stack input: adminCidrs gains a /24 the program accepts but the team's pack config (/28) does not", async () => {
        const values = readStackValues(stackFilePath("prod"));
        values["irisx-infra:adminCidrs"] = JSON.stringify(["203.0.113.10/32", "198.51.100.0/24"]);
        const run = await runMocked({ stack: "prod", values });
        const config = { "api-host-disallow-broad-ssh": { broadestIpv4Prefix: 28 }, "api-host-disallow-attached-ssh-sip": { broadestIpv4Prefix: 28 } };
        const mandatory = mandatoryVerdicts(await runPolicyGate(run.resources, { config }));
        const finding = "22/tcp from 198.51.100.0/24 opens SSH (operators, remote commands) on 22/tcp on the API host to 198.51.100.0/24, broader than /28; " +
            "allow SSH only from the admin CIDRs (a /28 or narrower for IPv4, /56 for IPv6, or the policy's extraAdminCidrs).";
        const rule = mandatory.find((v) => v.policyName === "api-host-disallow-broad-ssh")?.urn ?? "";
        assert.deepStrictEqual(mandatory.map((v) => [v.policyName, v.message.split("\n")[1]]).sort(), [
            ["api-host-disallow-attached-ssh-sip", `SecurityGroupIngressRule '${rule.split("::").pop()}' on security group 'irisx-prod-sg-api' ` +
                `(tagged irisx:role=api, attached to instance 'irisx-prod-api-instance'): ${finding}`],
            ["api-host-disallow-broad-ssh", finding],
        ]);
        // The same stack passes the pack's defaults: the gate, not the program, made the difference.
        assert.deepStrictEqual(mandatoryVerdicts(await runPolicyGate(run.resources)), []);
    });
});
