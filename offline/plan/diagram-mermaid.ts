/**
 * The diagram as Mermaid flowchart text, which GitHub renders in Markdown (a job summary, a PR
 * comment), and the Markdown of a change: the diagram plus the exposure-table diff.
 */
import { Diagram, DiagramEdge, DiagramNode } from "./diagram-model";
import { changeCounts } from "./diagram-diff";
import { edgeLabel, edgeStyle, legendEntries, nodeStyle } from "./diagram-style";

/** Mermaid's entity codes: a label is a quoted string, so quotes and angle brackets are escaped. */
const text = (lines: readonly string[]) => `"${lines.map((l) => l.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;")).join("<br/>")}"`;

function nodeLine(node: DiagramNode): string {
    const shape = nodeStyle(node.kind).shape;
    const label = text(node.label);
    return shape === "ellipse" ? `${node.id}([${label}])` : shape === "cylinder" ? `${node.id}[(${label})]` : `${node.id}[${label}]`;
}

const arrow = (edge: Pick<DiagramEdge, "change">) => (edge.change === "added" ? "==>" : edge.change === "removed" ? "-.->" : "-->");
const linkStyle = (index: number, edge: Pick<DiagramEdge, "world" | "judged" | "change">) => {
    const style = edgeStyle(edge);
    return `  linkStyle ${index} stroke:${style.colour},stroke-width:${style.width}px,color:${style.colour}`;
};

export function renderMermaid(diagram: Diagram): string {
    const title = diagram.title + (diagram.against ? `, changes against ${diagram.against}` : "");
    const lines = ["---", `title: ${text([title])}`, "---", "flowchart LR"];
    for (const node of diagram.nodes) lines.push(`  ${nodeLine(node)}`);
    const styles: string[] = [];
    diagram.edges.forEach((edge, i) => {
        lines.push(`  ${edge.from} ${arrow(edge)}|${text(edgeLabel(edge))}| ${edge.to}`);
        styles.push(linkStyle(i, edge));
    });
    lines.push(`  subgraph legend["Legend"]`, "    direction LR");
    legendEntries(diagram).forEach(({ text: words, edge }, i) => {
        lines.push(`    legend_${i}_a[" "] ${arrow(edge)}|${text([words])}| legend_${i}_b[" "]`);
        styles.push(linkStyle(diagram.edges.length + i, edge));
    });
    lines.push("  end", ...styles);
    for (const kind of new Set(diagram.nodes.map((n) => n.kind))) {
        const style = nodeStyle(kind);
        lines.push(`  classDef ${kind} fill:${style.fill},stroke:${style.stroke}`);
        lines.push(`  class ${diagram.nodes.filter((n) => n.kind === kind).map((n) => n.id).join(",")} ${kind}`);
    }
    return lines.join("\n") + "\n";
}

const cell = (value: string) => value.replace(/\|/g, "\\|");

/** For a job summary or a PR comment: counts, the diagram, and each exposure row added or removed. */
export function renderMarkdown(diagram: Diagram): string {
    const names = new Map(diagram.nodes.map((n) => [n.id, n.label[0]]));
    const lines = [`### ${diagram.title}${diagram.against ? `, changes against ${diagram.against}` : ""}`, ""];
    const rows: string[] = [];
    for (const edge of diagram.edges) {
        const row = (sign: string, source: string) => `| ${sign} | ${cell(names.get(edge.to) ?? edge.role)} | ${edge.port} | ${edge.protocol} | ${cell(source)} | ${cell(edge.purpose)} |`;
        for (const s of edge.addedSources ?? []) rows.push(row("+", s));
        for (const s of edge.removedSources ?? []) rows.push(row("−", s));
    }
    if (diagram.against) {
        const { added, removed, changed } = changeCounts(diagram);
        lines.push(`Edges: ${added} added, ${removed} removed, ${changed} with changed sources. Exposure rows: ${rows.length} changed.`, "");
    }
    lines.push("```mermaid", renderMermaid(diagram).trimEnd(), "```", "");
    if (diagram.against) {
        if (rows.length === 0) lines.push("No exposure row changes.");
        else lines.push("| | destination | port | protocol | source | purpose |", "|---|---|---|---|---|---|", ...rows);
        lines.push("");
    }
    return lines.join("\n");
}
