/**
 * The pack as `pulumi preview --policy-pack policies` runs it: the precompiled entry started by
 * @pulumi/pulumi's run-policy-pack in policies/, spoken to over gRPC like the engine does.
 */
import * as assert from "assert";
import { packName, policies } from "../../policies/policies";
import { analyzeRequest, analyzeStackRequest, runPolicyGate, verdictsOf } from "../../offline/policy-gate";
import { apiInstance, apiSg, baseline, changed, resource, stackWith, withIngress } from "../helpers/policy-fixtures";
import { PackProcess, analyzerProto, emptyProto, ensurePackBuilt, startPolicyPack, structProto } from "../helpers/policy-pack-process";
import { types } from "../../facts/resource-types";
import { Shape, asExpected, failingShapes, passingNeighbours, sorted } from "../helpers/host-shapes";

const { convertEnforcementLevel } = require("@pulumi/policy/protoutil");
const worldSsh = withIngress(apiSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }]);

describe("the pack over gRPC, started as the CLI starts it", function () {
    this.timeout(120_000);
    let pack: PackProcess;

    before(async () => {
        ensurePackBuilt();
        pack = await startPolicyPack();
    });
    after(async () => {
        await pack?.stop();
    });

    it("answers GetAnalyzerInfo with the pack's name, version, every policy, its level and config schema", async () => {
        const info = await pack.call("getAnalyzerInfo", new emptyProto.Empty());
        assert.strictEqual(info.getName(), packName);
        assert.strictEqual(info.getVersion(), require("../../policies/package.json").version);
        assert.strictEqual(info.getSupportsconfig(), true);
        const listed = info.getPoliciesList().map((p: any) => [p.getName(), convertEnforcementLevel(p.getEnforcementlevel()), p.getDescription()]);
        assert.deepStrictEqual(listed, policies.map((p) => [p.name, p.enforcementLevel, p.description]));
        const ssh = info.getPoliciesList().find((p: any) => p.getName() === "api-host-disallow-broad-ssh");
        assert.deepStrictEqual(Object.keys(ssh.getConfigschema().getProperties().toJavaScript()).sort(), ["broadestIpv4Prefix", "broadestIpv6Prefix", "extraAdminCidrs"]);
    });

    it("rejects SSH from 0.0.0.0/0 on the API group in Analyze, with the same verdicts as the in-process gate", async () => {
        const overGrpc = verdictsOf(await pack.call("analyze", analyzeRequest(worldSsh)), "analyze", worldSsh.urn);
        const inProcess = (await runPolicyGate([worldSsh])).filter((v) => v.call === "analyze");
        assert.deepStrictEqual(overGrpc.map((v) => v.policyName).sort(), ["api-host-disallow-broad-ssh", "security-group-disallow-world-ssh"]);
        assert.deepStrictEqual(overGrpc, inProcess);
    });

    it("passes the compliant baseline through Analyze and AnalyzeStack with no verdict", async () => {
        for (const r of baseline) assert.deepStrictEqual(verdictsOf(await pack.call("analyze", analyzeRequest(r)), "analyze", r.urn), [], r.urn);
        assert.deepStrictEqual(verdictsOf(await pack.call("analyzeStack", analyzeStackRequest(baseline)), "analyzeStack"), []);
    });

    it("rejects, in AnalyzeStack, an untagged group with SIP attached to the API instance", async () => {
        const extra = resource(types.securityGroup, "extra", { ingress: [{ protocol: "udp", fromPort: 5060, toPort: 5060, cidrBlocks: ["54.172.60.0/30"] }] });
        const instance = changed(apiInstance, {}, { propertyDependencies: { vpcSecurityGroupIds: [apiSg.urn, extra.urn] } });
        const verdicts = verdictsOf(await pack.call("analyzeStack", analyzeStackRequest(stackWith(extra, instance))), "analyzeStack");
        assert.deepStrictEqual(verdicts.map((v) => [v.policyName, v.enforcementLevel, v.urn, v.message.split("\n")[1]]), [[
            "api-host-disallow-attached-ssh-sip", "mandatory", extra.urn,
            "security group 'extra' (attached to instance 'api'): ingress[0]: 5060/udp from 54.172.60.0/30 opens SIP signalling on 5060/udp on the API host, " +
                "which must accept no SIP, RTP or ESL traffic from anyone; remove the rule (these ports belong on the FreeSWITCH host's security group).",
        ]]);
    });

    /** Analyze for every resource, then AnalyzeStack once: what `pulumi preview --policy-pack` asks. */
    async function overGrpc(shape: Shape) {
        const verdicts = [];
        for (const r of shape.stack) verdicts.push(...verdictsOf(await pack.call("analyze", analyzeRequest(r)), "analyze", r.urn));
        verdicts.push(...verdictsOf(await pack.call("analyzeStack", analyzeStackRequest(shape.stack)), "analyzeStack"));
        return sorted(verdicts.map(asExpected));
    }
    for (const shape of failingShapes) {
        it(`refuses ${shape.name}, as in process`, async () => assert.deepStrictEqual(await overGrpc(shape), sorted(shape.verdicts), pack.stderr()));
    }
    for (const shape of passingNeighbours()) {
        it(`passes ${shape.name}, as in process`, async () => assert.deepStrictEqual(await overGrpc(shape), [], pack.stderr()));
    }

    it("takes the SSH prefix limit from Configure, as set in a policy config file", async () => {
        const sg = withIngress(apiSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["198.51.100.0/24"] }]);
        const configure = (properties?: Record<string, unknown>) => {
            const req = new analyzerProto.ConfigureAnalyzerRequest();
            if (properties) {
                const config = new analyzerProto.PolicyConfig();
                config.setEnforcementlevel(analyzerProto.EnforcementLevel.MANDATORY);
                config.setProperties(structProto.Struct.fromJavaScript(properties));
                req.getPolicyconfigMap().set("api-host-disallow-broad-ssh", config);
            }
            return pack.call("configure", req);
        };
        try {
            await configure({ broadestIpv4Prefix: 28 });
            const verdicts = verdictsOf(await pack.call("analyze", analyzeRequest(sg)), "analyze", sg.urn);
            assert.deepStrictEqual(verdicts.map((v) => [v.policyName, v.enforcementLevel]), [["api-host-disallow-broad-ssh", "mandatory"]]);
        } finally {
            await configure();
        }
        assert.deepStrictEqual(verdictsOf(await pack.call("analyze", analyzeRequest(sg)), "analyze", sg.urn), []);
    });
});
