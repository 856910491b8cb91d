import * as assert from "assert";
import { planSchema, renderJson, renderJsonFailure } from "../../offline/plan/render-json";
import { planStack, resolveStack } from "../../offline/plan/plan-stack";
import { UsageError } from "../../offline/plan/exit-codes";
import { ConfigError } from "../../infra/config";

const typeOf = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);
const shape = (obj: Record<string, unknown>) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, typeOf(v)]));

describe("plan --json document", () => {
    let doc: any;
    before(async () => {
        doc = JSON.parse(renderJson(await planStack(resolveStack("staging"))));
    });

    it("has the same sections as the text plan, with a schema tag", () => {
        assert.deepStrictEqual(shape(doc), {
            schema: "string", stack: "string", stackFile: "string", environment: "string", appPort: "number",
            status: "string", exitCode: "number", summary: "object", exposure: "array", dataTier: "array", sourceRanges: "array", verdicts: "object", freshPreview: "object",
            score: "object", alarms: "object", deployTime: "object", cost: "object",
        });
        assert.deepStrictEqual([doc.schema, doc.stack, doc.status, doc.exitCode], [planSchema, "staging", "clean", 0]);
        assert.deepStrictEqual(doc.freshPreview, { status: "clean", violations: [] });
    });

    it("lists resources by type with counts that add up to the total", () => {
        assert.deepStrictEqual(shape(doc.summary), { total: "number", custom: "number", components: "number", byType: "array" });
        assert.strictEqual(doc.summary.byType.reduce((s: number, t: { count: number }) => s + t.count, 0), doc.summary.total);
    });

    it("gives each exposure row ports, protocols, source, purpose and what grants it", () => {
        assert.deepStrictEqual(doc.exposure.map((h: any) => h.role), ["api", "freeswitch"]);
        assert.deepStrictEqual(shape(doc.exposure[0].rows[0]), {
            fromPort: "number", toPort: "number", protocols: "array", source: "string", sourceKind: "string",
            world: "boolean", purpose: "string", grantedBy: "array", grants: "array",
        });
    });

    it("splits verdicts into mandatory and advisory, and itemises score and deploy chain", () => {
        assert.deepStrictEqual(shape(doc.verdicts), { mandatory: "array", advisory: "array" });
        assert.deepStrictEqual(shape(doc.score), { baseline: "number", score: "number", deductions: "array", warnings: "array", sanctioned: "array" });
        assert.deepStrictEqual(shape(doc.deployTime), { longestChainSeconds: "number", totalSerialSeconds: "number", chain: "array", unlistedTypes: "array" });
        assert.deepStrictEqual(shape(doc.deployTime.chain[0]), { name: "string", type: "string", seconds: "number" });
    });

    it("carries the cost estimate's figures: each line's quantity, price with its source, monthly, and the total", () => {
        assert.deepStrictEqual(shape(doc.cost), {
            region: "string", currency: "string", lines: "array", knownMonthlyUsd: "number", unknownItems: "number", assumptions: "object", designNotesCostImpact: "array",
        });
        const api = doc.cost.lines.find((l: any) => l.price.key === "ec2:t3.small");
        assert.deepStrictEqual([api.quantity, api.price.usd, api.price.region, api.monthlyUsd], [730, 0.0208, "us-east-1", 15.18]);
        assert.match(api.price.source.url, /^https:\/\//);
        const known = doc.cost.lines.filter((l: any) => l.monthlyUsd !== "unknown");
        assert.strictEqual(doc.cost.unknownItems, doc.cost.lines.length - known.length);
        assert.ok(Math.abs(doc.cost.knownMonthlyUsd - known.reduce((s: number, l: any) => s + l.monthlyUsd, 0)) < 0.005);
    });

    it("renders a bad config as a document naming each bad key", () => {
        const error = new ConfigError([{ key: "irisx-infra:appPort", message: "8080 is a common port" }]);
        const failure = JSON.parse(renderJsonFailure({ stack: "dev", error }));
        assert.deepStrictEqual([failure.status, failure.exitCode, failure.error.problems], ["bad-config", 2, [{ key: "irisx-infra:appPort", message: "8080 is a common port" }]]);
        const usage = JSON.parse(renderJsonFailure({ stack: "qa", error: new UsageError("unknown stack") }));
        assert.deepStrictEqual([usage.status, usage.error.kind], ["bad-usage", "usage"]);
    });
});
