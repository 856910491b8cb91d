/**
 * The edge policies on the real program's edge alb stack: clean as planned (in process, and over
 * gRPC as the CLI runs the pack, update and fresh-stack preview), and each broken case, one field
 * changed from the planned stack, refused with its message.
 */
import * as assert from "assert";
import { types } from "../../facts/resource-types";
import { MockedRun, RecordedResource, runMocked } from "../../offline/mock-run";
import { analyzeRequest, analyzeStackRequest, formatVerdicts, mandatoryVerdicts, runPolicyGate, Verdict, verdictsOf } from "../../offline/policy-gate";
import { emptyProto, ensurePackBuilt, PackProcess, startPolicyPack } from "../helpers/policy-pack-process";
import { albValues } from "../helpers/edge-stack";

const edgePolicies = ["alb-listener-require-https-redirect", "alb-listener-require-modern-tls", "alb-require-drop-invalid-headers", "api-host-require-load-balancer-web-source"];

/** The run with one resource's inputs (and recorded outputs) changed. */
function withChange(run: MockedRun, pick: (r: RecordedResource) => boolean, change: Record<string, unknown>): { resources: RecordedResource[]; changed: RecordedResource } {
    const matches = run.resources.filter(pick);
    assert.strictEqual(matches.length, 1, "the change picks one resource");
    const changed = { ...matches[0], inputs: { ...matches[0].inputs, ...change }, outputs: matches[0].outputs && { ...matches[0].outputs, ...change } };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete changed.inputs[key], delete changed.outputs?.[key];
    return { resources: run.resources.map((r) => (r === matches[0] ? changed : r)), changed };
}

const lines = (verdicts: readonly Verdict[]) => mandatoryVerdicts(verdicts).map((v) => [v.policyName, v.urn, v.message.split("\n")[1]]);
const isListener = (port: number) => (r: RecordedResource) => r.type === types.listener && r.inputs.port === port;

describe("the edge policies on the program's edge alb stack", function () {
    this.timeout(180_000);
    let run: MockedRun;
    before(async () => (run = await runMocked({ stack: "dev", values: albValues() })));

    it("passes the planned edge alb stack (update and fresh-stack preview) with zero mandatory violations", async () => {
        const verdicts = await runPolicyGate(run.resources);
        assert.deepStrictEqual(mandatoryVerdicts(verdicts), [], formatVerdicts(verdicts));
        const preview = await runMocked({ stack: "dev", values: albValues(), preview: true });
        const previewVerdicts = await runPolicyGate(preview.resources);
        assert.deepStrictEqual(mandatoryVerdicts(previewVerdicts), [], formatVerdicts(previewVerdicts));
    });

    it("refuses a plain-HTTP listener that forwards to the API instead of redirecting", async () => {
        const targets = run.resources.find((r) => r.type === types.targetGroup)!;
        const { resources, changed } = withChange(run, isListener(80), { defaultActions: [{ type: "forward", targetGroupArn: targets.id }] });
        assert.deepStrictEqual(lines(await runPolicyGate(resources)), [[
            "alb-listener-require-https-redirect", changed.urn,
            `listener '${changed.name}' (plain HTTP): defaultActions[0] is a "forward" action, which serves plain HTTP; make its only action { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }.`,
        ]]);
    });

    it("refuses a plain-HTTP listener that redirects to HTTP", async () => {
        const { resources, changed } = withChange(run, isListener(80), { defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080", statusCode: "HTTP_302" } }] });
        assert.deepStrictEqual(lines(await runPolicyGate(resources)).map((l) => [l[0], l[1]]), [["alb-listener-require-https-redirect", changed.urn]]);
    });

    it("refuses an HTTPS listener with a policy that accepts TLS 1.0, or with none", async () => {
        for (const sslPolicy of ["ELBSecurityPolicy-2016-08", undefined]) {
            const { resources, changed } = withChange(run, isListener(443), { sslPolicy });
            const shown = sslPolicy ? `sslPolicy is "${sslPolicy}", which accepts TLS older than 1.2` : "sslPolicy is not set, which accepts TLS older than 1.2 (AWS then applies ELBSecurityPolicy-2016-08)";
            assert.deepStrictEqual(lines(await runPolicyGate(resources)), [[
                "alb-listener-require-modern-tls", changed.urn,
                `${shown}; set sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" or another TLS 1.2+ policy of AWS's table.`,
            ]]);
        }
    });

    it("refuses an application load balancer that passes invalid header fields on", async () => {
        const { resources, changed } = withChange(run, (r) => r.type === types.loadBalancer, { dropInvalidHeaderFields: false });
        assert.deepStrictEqual(lines(await runPolicyGate(resources)), [[
            "alb-require-drop-invalid-headers", changed.urn,
            "dropInvalidHeaderFields is false: the load balancer passes invalid header fields to the targets; set dropInvalidHeaderFields: true.",
        ]]);
    });

    it("refuses 443 to the fronted API host from a VPC-wide range instead of the load balancer's group", async () => {
        const pick = (r: RecordedResource) => r.type === types.securityGroupIngressRule && r.inputs.fromPort === 443 && r.inputs.referencedSecurityGroupId !== undefined && r.name.includes("-api-");
        const { resources, changed } = withChange(run, pick, { referencedSecurityGroupId: undefined, cidrIpv4: "10.0.0.0/8" });
        changed.propertyDependencies = { ...changed.propertyDependencies, referencedSecurityGroupId: [] };
        const found = lines(await runPolicyGate(resources));
        assert.deepStrictEqual(found.map((l) => [l[0], l[1]]), [["api-host-require-load-balancer-web-source", changed.urn]]);
        assert.match(String(found[0][2]), /443\/tcp from 10\.0\.0\.0\/8 opens 443\/tcp on the API host to a source that is not a load balancer's group/);
    });

    it("refuses 443 to the fronted API host from the FreeSWITCH host's group", async () => {
        const freeswitch = run.resources.find((r) => r.type === types.securityGroup && r.inputs.tags?.["irisx:role"] === "freeswitch")!;
        const pick = (r: RecordedResource) => r.type === types.securityGroupIngressRule && r.inputs.fromPort === 443 && r.name.includes("-api-");
        const { resources, changed } = withChange(run, pick, { referencedSecurityGroupId: freeswitch.id });
        changed.propertyDependencies = { ...changed.propertyDependencies, referencedSecurityGroupId: [freeswitch.urn] };
        assert.deepStrictEqual(lines(await runPolicyGate(resources)).map((l) => [l[0], l[1]]), [["api-host-require-load-balancer-web-source", changed.urn]]);
    });

    it("lets a load balancer's group take 80/443 from the world, but not 8443", async () => {
        const pick = (r: RecordedResource) => r.type === types.securityGroupIngressRule && r.inputs.fromPort === 443 && r.inputs.cidrIpv4 === "0.0.0.0/0";
        const { resources, changed } = withChange(run, pick, { fromPort: 8443, toPort: 8443 });
        assert.deepStrictEqual(lines(await runPolicyGate(resources)).map((l) => [l[0], l[1]]), [["security-group-disallow-world-ingress", changed.urn]]);
    });

    describe("over gRPC, as `pulumi preview --policy-pack policies` runs the pack", () => {
        let pack: PackProcess;
        before(async () => {
            ensurePackBuilt();
            pack = await startPolicyPack();
        });
        after(async () => pack?.stop());

        const overGrpc = async (resources: readonly RecordedResource[]): Promise<Verdict[]> => {
            const verdicts = verdictsOf(await pack.call("analyzeStack", analyzeStackRequest(resources)), "analyzeStack");
            for (const r of resources.filter((x) => x.custom)) verdicts.push(...verdictsOf(await pack.call("analyze", analyzeRequest(r)), "analyze", r.urn));
            return verdicts;
        };

        it("lists the four edge policies and passes the planned stack", async () => {
            const info = await pack.call("getAnalyzerInfo", new emptyProto.Empty());
            const names: string[] = info.getPoliciesList().map((p: any) => p.getName());
            for (const name of edgePolicies) assert.ok(names.includes(name), name);
            assert.deepStrictEqual(mandatoryVerdicts(await overGrpc(run.resources)), []);
        });

        it("refuses each broken case with the same policy as in process", async () => {
            const targets = run.resources.find((r) => r.type === types.targetGroup)!;
            const cases = [
                withChange(run, isListener(80), { defaultActions: [{ type: "forward", targetGroupArn: targets.id }] }),
                withChange(run, isListener(443), { sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01" }),
                withChange(run, (r) => r.type === types.loadBalancer, { dropInvalidHeaderFields: false }),
            ];
            const expected = ["alb-listener-require-https-redirect", "alb-listener-require-modern-tls", "alb-require-drop-invalid-headers"];
            for (const [i, { resources, changed }] of cases.entries()) {
                const found = mandatoryVerdicts(await overGrpc(resources));
                assert.deepStrictEqual([...new Set(found.map((v) => `${v.policyName} ${v.urn}`))], [`${expected[i]} ${changed.urn}`]);
            }
        });
    });
});
