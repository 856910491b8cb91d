/**
 * The plan of an edge alb stack shows the load balancer as the API's public face: its own
 * exposure table (the world on 80/443), the API hosts' 443 from its group only, the diagram's
 * edges world → load balancer → API hosts, and a score that sanctions the listeners.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildDiagram } from "../../offline/plan/diagram-model";
import { portText } from "../../offline/plan/exposure-model";
import { planStack, resolveStack } from "../../offline/plan/plan-stack";
import { PlanReport } from "../../offline/plan/report";
import { albZoneId } from "../helpers/edge-stack";
import { tempDir } from "../provisioning/fixtures";

describe("the plan's exposure in edge alb", function () {
    this.timeout(180_000);
    let report: PlanReport;
    let direct: PlanReport;
    before(async () => {
        const dir = tempDir("edge-plan");
        const file = path.join(dir, "Pulumi.dev.yaml");
        fs.writeFileSync(file, `${fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8")}  irisx-infra:edge: alb\n  irisx-infra:hostedZoneId: ${albZoneId}\n`);
        report = await planStack(resolveStack("dev", file));
        direct = await planStack(resolveStack("dev"));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const rows = (r: PlanReport, role: string) => r.exposure.filter((h) => h.role === role).flatMap((h) => h.rows.map((row) => `${portText(row)} ${row.source}`));

    it("gives the load balancer a table of its own: the world on 80 and 443, nothing else", () => {
        const lb = report.exposure.filter((h) => h.role === "alb");
        assert.deepStrictEqual(lb.map((h) => [h.host, h.securityGroups]), [["irisx-dev-alb", ["irisx-dev-sg-alb"]]]);
        assert.deepStrictEqual(rows(report, "alb"), ["80 0.0.0.0/0", "443 0.0.0.0/0"]);
    });

    it("shows the API host's web port reached only through the load balancer's group, where direct shows the world", () => {
        assert.deepStrictEqual(rows(report, "api"), ["22 203.0.113.10/32", "443 sg irisx-dev-sg-alb"]);
        assert.deepStrictEqual(rows(direct, "api"), ["22 203.0.113.10/32", "80 0.0.0.0/0", "443 0.0.0.0/0"]);
        assert.deepStrictEqual(rows(direct, "alb"), []);
    });

    it("draws internet → load balancer on 80/443 and load balancer → API hosts on 443, with no world edge to the API", () => {
        const edges = buildDiagram(report).edges.map((e) => `${e.from} -> ${e.to} ${e.port}`);
        for (const edge of ["internet -> role_alb 80", "internet -> role_alb 443", "role_alb -> role_api 443"]) assert.ok(edges.includes(edge), edge);
        assert.deepStrictEqual(edges.filter((e) => e.startsWith("internet -> role_api")), []);
        assert.deepStrictEqual(buildDiagram(report).nodes.find((n) => n.id === "role_alb")?.label, ["load balancer + AWS WAF"]);
    });

    it("scores the listeners as the sanctioned public entry point and the stack clean", () => {
        assert.strictEqual(report.score.score, 100);
        assert.deepStrictEqual(report.score.sanctioned.map((s) => s.split(":")[0]), ["80 open to 0.0.0.0/0 on the alb load balancer (irisx-dev-alb)", "443 open to 0.0.0.0/0 on the alb load balancer (irisx-dev-alb)"]);
        assert.deepStrictEqual([report.status, report.verdicts.mandatory], ["clean", []]);
        assert.strictEqual(report.freshPreview.status, "clean");
    });
});
