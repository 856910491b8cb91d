/**
 * Both halves of issue 16 at once: edge alb with apiHosts and freeswitchHosts at 1, 3 and 10 under
 * the mock runtime. The load balancer reaches every API host, every API host may ban into the one
 * WAF IP set and pushes it to fail2ban, the rules do not grow, and the pack, the exposure tables and
 * the fresh-stack preview stay clean at N = 3.
 */
import { strict as assert } from "assert";
import { MockedRun, RecordedResource, runMocked } from "../../offline/mock-run";
import { freshStackPreview } from "../../offline/first-preview";
import { evaluatePolicies } from "../../offline/plan/verdicts";
import { computeExposure, loadBalancerRole } from "../../offline/plan/exposure";
import { roleTagKey } from "../../facts/ports";
import { hostLabel } from "../../facts/hosts";
import { types } from "../../facts/resource-types";
import { albValues } from "../helpers/edge-stack";
import { inputsFrom, ofType, plain } from "../helpers/stacks";
import { pushedFiles } from "../helpers/push-files";

const scaledAlb = (n: number) => albValues({
    "irisx-infra:hostedZoneId": "Z0123456789ABCDEFGHIJ",
    "irisx-infra:apiHosts": String(n),
    "irisx-infra:freeswitchHosts": String(n),
});

const count = (run: MockedRun, type: string) => ofType(run, type).length;
const apiInstances = (run: MockedRun) => ofType(run, types.instance).filter((r) => plain(r).tags[roleTagKey] === "api");

describe("edge alb with N hosts per role (mock runtime, dev at 1, 3, 10)", function () {
    this.timeout(300_000);
    const runs: Record<number, MockedRun> = {};
    before(async () => {
        for (const n of [1, 3, 10]) runs[n] = await runMocked({ stack: "dev", values: scaledAlb(n) });
    });

    it("grows linearly, and keeps the security-group rules, the load balancer and the web ACL single", () => {
        const totals = [1, 3, 10].map((n) => runs[n].resources.length);
        assert.equal((totals[1] - totals[0]) * 9, (totals[2] - totals[0]) * 2, `resources ${totals.join(" / ")} are not linear in N`);
        for (const type of [types.securityGroupIngressRule, types.securityGroupEgressRule, types.securityGroup, types.loadBalancer, types.webAcl, types.ipSet, types.listener]) {
            assert.deepEqual([1, 3, 10].map((n) => count(runs[n], type)), Array(3).fill(count(runs[1], type)), type);
        }
    });

    it("attaches every API host to the target group once, and nothing else", () => {
        for (const n of [1, 3, 10]) {
            const run = runs[n];
            const targets = ofType(run, types.targetGroupAttachment).map((a) => inputsFrom(run, a, "targetId").map((r) => r.urn)).flat().sort();
            assert.deepEqual(targets, apiInstances(run).map((r) => r.urn).sort(), `N=${n}`);
        }
    });

    it("lets every API host's role, and only theirs, update the one IP set, and pushes that set to every API host's fail2ban", () => {
        const run = runs[3];
        const ipSet = ofType(run, types.ipSet)[0];
        const banPolicies = ofType(run, types.iamRolePolicy).filter((p) => p.name.endsWith("-waf-ban"));
        assert.deepEqual(banPolicies.map((p) => p.name).sort(), [0, 1, 2].map((i) => `irisx-dev-${hostLabel("api", i)}-waf-ban`).sort());
        for (const policy of banPolicies) {
            const statement = JSON.parse(plain(policy).policy).Statement;
            assert.deepEqual(statement, [{ Effect: "Allow", Action: ["wafv2:GetIPSet", "wafv2:UpdateIPSet"], Resource: [plain(ipSet).arn ?? ipSet.outputs?.arn] }]);
        }
        for (let i = 0; i < 3; i++) {
            const label = hostLabel("api", i);
            const push = run.resources.find((r) => r.type === types.remoteCommand && r.name === `irisx-dev-${label}-fail2ban-apply`);
            assert.ok(push, `${label}: no fail2ban push`);
            const files = pushedFiles(plain(push).stdin);
            const action = [...files.entries()].find(([file]) => file.includes("action.d/irisx-waf-ipset"));
            assert.ok(action, `${label}: no WAF ban action`);
            assert.match(action[1], new RegExp(`--id ${ipSet.id}\\b`), `${label}: the action names another IP set`);
        }
    });

    it("passes the pack, shows the load balancer as the only public face of every API host, and previews clean as a fresh stack", async () => {
        const run = runs[3];
        const verdicts = await evaluatePolicies(run.resources);
        assert.deepEqual(verdicts.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName} ${v.urn}`), []);
        const tables = computeExposure(run.resources as RecordedResource[], 9847);
        const lb = tables.filter((t) => t.role === loadBalancerRole);
        assert.equal(lb.length, 1);
        assert.deepEqual(lb[0].rows.map((r) => `${r.fromPort} ${r.source}`).sort(), ["443 0.0.0.0/0", "80 0.0.0.0/0"]);
        const api = tables.filter((t) => t.role === "api");
        assert.equal(api.length, 3);
        for (const table of api) {
            const web = table.rows.filter((r) => r.fromPort === 80 || r.fromPort === 443);
            assert.ok(web.length > 0 && web.every((r) => r.fromPort === 443 && r.source.startsWith("sg ") && r.source.includes("-sg-alb")), `${table.host}: ${JSON.stringify(web)}`);
        }
        const preview = await freshStackPreview("dev", scaledAlb(3));
        assert.equal(preview.status, "clean", JSON.stringify(preview.violations));
    });
});
