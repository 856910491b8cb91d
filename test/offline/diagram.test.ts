/** The exposure diagram, read back by Graphviz and by Mermaid's own parser: what it draws is the exposure table. */
import * as assert from "assert";
import * as fs from "fs";
import { buildDiagram } from "../../offline/plan/diagram-model";
import { renderDot } from "../../offline/plan/diagram-dot";
import { renderMermaid } from "../../offline/plan/diagram-mermaid";
import { colours } from "../../offline/plan/diagram-style";
import { portText, protocolText } from "../../offline/plan/exposure-model";
import { planStack, reportFor, resolveStack, runStack } from "../../offline/plan/plan-stack";
import { PlanReport } from "../../offline/plan/report";
import { parseDot, runDot } from "../helpers/graphviz";
import { parseMermaid } from "../helpers/mermaid";
import { types } from "../../facts/resource-types";

/** Every exposure-table row (hosts and data tier) as "role | port | protocol | source | purpose", one per role. */
function tableRows(report: PlanReport): string[] {
    const rows = [...report.exposure, ...report.dataTier].flatMap((t) => t.rows.map((r) => [t.role, portText(r), protocolText(r), r.source, r.purpose].join(" | ")));
    return [...new Set(rows)].sort();
}

/** The same from the DOT: each exposure edge, as Graphviz parsed it, once per source it stands for. */
function diagramRows(dot: string): string[] {
    return parseDot(dot)
        .edges.filter((e) => e.attrs.class?.split(" ").includes("exposure"))
        .flatMap((e) => {
            assert.strictEqual(e.head, `role_${e.attrs.irisx_role}`, "an edge ends at its destination role's node");
            return (JSON.parse(e.attrs.irisx_sources) as string[]).map((s) =>
                [e.attrs.irisx_role, e.attrs.irisx_port, e.attrs.irisx_protocol, s, e.attrs.irisx_purpose].join(" | "));
        })
        .sort();
}

for (const stack of ["dev", "staging", "prod"]) {
    describe(`exposure diagram of the committed ${stack} stack`, () => {
        let report: PlanReport;
        let dot: string;
        before(async () => {
            report = await planStack(resolveStack(stack));
            dot = renderDot(buildDiagram(report));
        });

        it("has exactly the exposure table's rows as its edges (DOT parsed back by Graphviz)", () => {
            const rows = tableRows(report);
            assert.ok(rows.some((r) => r.startsWith("db | 5432 | TCP | sg ")), "the data tier is in the table");
            assert.deepStrictEqual(diagramRows(dot), rows);
        });

        it("draws ESL and the data tier from the host groups' own nodes, and Twilio's eight /30s as one source", () => {
            const edges = parseDot(dot).edges.filter((e) => e.attrs.class?.includes("exposure"));
            const between = (tail: string, head: string) => edges.filter((e) => e.tail === tail && e.head === head).map((e) => e.attrs.irisx_port);
            assert.deepStrictEqual(between("role_api", "role_freeswitch"), ["8021"]);
            assert.deepStrictEqual(between("role_freeswitch", "role_db"), ["5432"]);
            assert.deepStrictEqual(between("role_api", "role_cache"), ["6379"]);
            assert.strictEqual(parseDot(dot).nodes.get("range_Twilio_signalling")?.label, "Twilio signalling\\n8 × /30");
        });

        it("is accepted by dot -Tsvg", () => {
            const svg = runDot(["-Tsvg"], dot);
            assert.strictEqual(svg.status, 0, svg.stderr);
            assert.match(svg.stdout, /<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        });

        it("parses with Mermaid's own parser into the same edges and the legend", async () => {
            const diagram = buildDiagram(report);
            const parsed = await parseMermaid(renderMermaid(diagram));
            const drawn = parsed.edges.filter((e) => !e.start.startsWith("legend_")).map((e) => `${e.start}->${e.end}`);
            assert.deepStrictEqual(drawn, diagram.edges.map((e) => `${e.from}->${e.to}`));
            assert.ok(parsed.subgraphs.some((s) => s.title === "Legend"));
        });
    });
}

describe("exposure diagram of a stack whose program opens SSH to the world on the API host", () => {
    let dot: string;
    let mermaid: string;
    before(async () => {
        const mocked = await runStack(resolveStack("dev"));
        const apiSg = mocked.resources.find((r) => r.type === types.securityGroup && r.name === "irisx-dev-sg-api")!;
        const name = "irisx-dev-api-ssh-from-anywhere";
        const open = {
            ...apiSg,
            type: types.securityGroupIngressRule,
            name,
            urn: apiSg.urn.replace(`${types.securityGroup}::irisx-dev-sg-api`, `${types.securityGroupIngressRule}::${name}`),
            id: "sgr-0123456789abcdef0",
            inputs: { securityGroupId: apiSg.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" },
            dependencies: [apiSg.urn],
            propertyDependencies: { securityGroupId: [apiSg.urn] },
        };
        const diagram = buildDiagram(await reportFor({ ...mocked, resources: [...mocked.resources, open] }));
        dot = renderDot(diagram);
        mermaid = renderMermaid(diagram);
    });

    it("styles the world SSH edge as a mandatory violation, and only that edge", () => {
        const judged = parseDot(dot).edges.filter((e) => e.attrs.class?.split(" ").includes("mandatory") && e.attrs.class.includes("exposure"));
        assert.deepStrictEqual(judged.map((e) => [e.tail, e.head, e.attrs.irisx_port, e.attrs.irisx_protocol, e.attrs.color, e.attrs.penwidth]), [
            ["internet", "role_api", "22", "TCP", colours.mandatory, "3"],
        ]);
        assert.match(judged[0].attrs.label, /MANDATORY policy violation/);
        assert.strictEqual(runDot(["-Tsvg"], dot).status, 0);
    });

    it("colours it the same in Mermaid", async () => {
        const parsed = await parseMermaid(mermaid);
        const ssh = parsed.edges.filter((e) => e.start === "internet" && e.end === "role_api" && e.text.startsWith("22/TCP"));
        assert.strictEqual(ssh.length, 1);
        assert.ok(ssh[0].style?.includes(`stroke:${colours.mandatory}`), JSON.stringify(ssh[0]));
    });
});
