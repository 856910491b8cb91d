/** The diagram of a change: a changed copy of a committed stack, or a base plan document, against the stack. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { planDiagram } from "../../offline/plan/diagram";
import { renderJson } from "../../offline/plan/render-json";
import { planStack, resolveStack } from "../../offline/plan/plan-stack";
import { stackFilePath } from "../../offline/stack-file";
import { parseDot, runDot } from "../helpers/graphviz";
import { runCli, tempStacks } from "./cli";
import { parseMermaid } from "../helpers/mermaid";

const committedDev = fs.readFileSync(stackFilePath("dev"), "utf8");
/** Edges as Graphviz read them: "tail -> head port/protocol" with the change the diagram marks. */
const edgesOf = (dot: string) =>
    parseDot(dot).edges.filter((e) => e.attrs.class?.split(" ").includes("exposure")).map((e) => ({
        edge: `${e.tail} -> ${e.head} ${e.attrs.irisx_port}/${e.attrs.irisx_protocol}`,
        change: e.attrs.irisx_change ?? "",
    }));

describe("exposure diagram of a change to a committed stack", () => {
    // The committed dev stack with SIP over TLS switched on: eight new rules, one new edge.
    const stacks = tempStacks({ dev: `${committedDev.trimEnd()}\n  irisx-infra:sipTls: true\n` });
    after(() => stacks.remove());
    let committed: { edge: string; change: string }[];
    let changed: { edge: string; change: string }[];
    let changedDot: string;
    before(async () => {
        committed = edgesOf((await planDiagram(resolveStack("dev"), { format: "dot" })).text);
        changedDot = (await planDiagram(resolveStack(undefined, stacks.file("dev")), { format: "dot" })).text;
        changed = edgesOf(changedDot);
    });

    it("is accepted by dot -Tsvg, legend of changes included", () => {
        const svg = runDot(["-Tsvg"], changedDot);
        assert.strictEqual(svg.status, 0, svg.stderr);
        assert.deepStrictEqual(parseDot(changedDot).edges.filter((e) => e.attrs.class?.startsWith("legend")).map((e) => e.attrs.label).sort(), [
            "added by the change", "advisory verdict of the policy pack", "inbound rule (port/protocol, purpose)",
            "mandatory violation (blocks the deploy)", "open to the world (0.0.0.0/0, ::/0)", "removed by the change",
        ]);
    });

    it("marks the rule the stack file adds as the one added edge, and nothing else as changed", () => {
        assert.deepStrictEqual(changed.filter((e) => e.change !== ""), [{ edge: "range_Twilio_signalling -> role_freeswitch 5061/TCP", change: "added" }]);
        assert.deepStrictEqual(changed.filter((e) => e.change === "").map((e) => e.edge), committed.map((e) => e.edge));
        assert.ok(committed.every((e) => e.change === ""), "the committed stack alone marks no change");
    });

    it("marks the edge the change removes against a base plan document, and says so in Markdown with the row diff", async () => {
        const base = path.join(stacks.dir, "base.json");
        fs.writeFileSync(base, renderJson(await planStack(resolveStack(undefined, stacks.file("dev")))));
        const dot = (await planDiagram(resolveStack("dev"), { format: "dot", basePlan: base })).text;
        assert.deepStrictEqual(edgesOf(dot).filter((e) => e.change !== ""), [{ edge: "range_Twilio_signalling -> role_freeswitch 5061/TCP", change: "removed" }]);
        const markdown = (await planDiagram(resolveStack("dev"), { format: "markdown", basePlan: base })).text;
        assert.match(markdown, /^Edges: 0 added, 1 removed, 0 with changed sources\. Exposure rows: 8 changed\.$/m);
        assert.strictEqual(markdown.split("\n").filter((l) => /^\| − \| FreeSWITCH host \| 5061 \| TCP \| [0-9./]+ \| SIP over TLS \|$/.test(l)).length, 8);
        const mermaid = markdown.split("```mermaid\n")[1].split("\n```")[0];
        const parsed = await parseMermaid(mermaid);
        assert.deepStrictEqual(parsed.edges.filter((e) => e.stroke === "dotted" && !e.start.startsWith("legend_")).map((e) => `${e.start} -> ${e.end}`), [
            "range_Twilio_signalling -> role_freeswitch",
        ]);
    });
});

describe("exposure diagram against a plan document from before the data tier was drawn", () => {
    const stacks = tempStacks({});
    after(() => stacks.remove());

    it("names the base's peers as this stack does, so only the data tier's edges read as added", async () => {
        const old = JSON.parse(renderJson(await planStack(resolveStack("dev"))));
        delete old.dataTier;
        delete old.sourceRanges;
        const base = path.join(stacks.dir, "old.json");
        fs.writeFileSync(base, JSON.stringify(old));
        const dot = (await planDiagram(resolveStack("dev"), { format: "dot", basePlan: base })).text;
        assert.deepStrictEqual(edgesOf(dot).filter((e) => e.change !== "").map((e) => `${e.change} ${e.edge}`).sort(), [
            "added role_api -> role_cache 6379/TCP",
            "added role_api -> role_db 5432/TCP",
            "added role_freeswitch -> role_cache 6379/TCP",
            "added role_freeswitch -> role_db 5432/TCP",
        ]);
    });
});

describe("plan --diagram CLI", () => {
    const stacks = tempStacks({ "not-a-plan.json": JSON.stringify({ schema: "something/v9" }) });
    after(() => stacks.remove());

    it("writes the SVG to --out, with nothing on stdout", () => {
        const out = path.join(stacks.dir, "prod.svg");
        const result = runCli("plan", ["prod", "--diagram", "svg", "--out", out]);
        assert.strictEqual(result.status, 0, result.stderr);
        assert.strictEqual(result.stdout, "");
        assert.match(fs.readFileSync(out, "utf8"), /<svg[^>]*>[\s\S]*Exposure of prod[\s\S]*<\/svg>/);
    });

    it("exits 2 naming the option for an unknown format, a bad base plan, or --out without --diagram", () => {
        const cases: [string[], RegExp][] = [
            [["dev", "--diagram", "png"], /--diagram must be one of mermaid, dot, svg, markdown, got "png"/],
            [["dev", "--diagram", "dot", "--base-plan", path.join(stacks.dir, "not-a-plan.json")], /is not a irisx-plan\/v1 plan document/],
            [["dev", "--out", "x.svg"], /--out and --base-plan go with --diagram/],
        ];
        for (const [args, message] of cases) {
            const result = runCli("plan", args);
            assert.strictEqual(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
            assert.match(result.stderr, message);
        }
    });

    it("exits 2 saying what to install when --diagram svg finds no Graphviz, leaving no file", () => {
        const out = path.join(stacks.dir, "none.svg");
        const result = runCli("plan", ["dev", "--diagram", "svg", "--out", out], { ...process.env, PATH: stacks.dir });
        assert.strictEqual(result.status, 2, result.stderr);
        assert.match(result.stderr, /--diagram svg needs Graphviz's dot on PATH \(Debian: apt-get install graphviz\)/);
        assert.ok(!fs.existsSync(out));
    });
});
