/**
 * The diagram as Graphviz DOT. Besides what it draws, each exposure edge carries its row's data as
 * attributes (irisx_role, irisx_port, irisx_protocol, irisx_purpose, irisx_sources as a JSON list, irisx_change)
 * and `class` names (world, mandatory, advisory, added, removed) that Graphviz copies into the SVG,
 * so a reader of either output can select them.
 */
import { Diagram, DiagramEdge } from "./diagram-model";
import { edgeLabel, edgeStyle, legendEntries, nodeStyle } from "./diagram-style";

/** A DOT double-quoted string: backslashes and quotes escaped; `\n` in labels stays a line break. */
const quote = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
const attributes = (attrs: Record<string, string | number>) =>
    `[${Object.entries(attrs).map(([k, v]) => `${k}=${typeof v === "number" ? v : quote(v)}`).join(", ")}]`;

function edgeAttributes(edge: Pick<DiagramEdge, "world" | "judged" | "change">, label: string[]): Record<string, string | number> {
    const style = edgeStyle(edge);
    return {
        label: label.join("\n"),
        color: style.colour,
        fontcolor: style.colour,
        penwidth: style.width,
        style: style.line,
        class: ["exposure", ...style.classes].join(" "),
    };
}

export function renderDot(diagram: Diagram): string {
    const lines = [
        "digraph exposure {",
        `  graph ${attributes({ rankdir: "LR", label: diagram.title + (diagram.against ? `\nchanges against ${diagram.against}` : ""), labelloc: "t", fontname: "Helvetica", fontsize: 14, nodesep: 0.25, ranksep: 1.2 })};`,
        `  node ${attributes({ fontname: "Helvetica", fontsize: 11, style: "filled" })};`,
        `  edge ${attributes({ fontname: "Helvetica", fontsize: 9 })};`,
    ];
    for (const node of diagram.nodes) {
        const style = nodeStyle(node.kind);
        lines.push(`  ${quote(node.id)} ${attributes({ label: node.label.join("\n"), shape: style.shape, fillcolor: style.fill, color: style.stroke, class: node.kind })};`);
    }
    for (const edge of diagram.edges) {
        const data = {
            irisx_role: edge.role,
            irisx_port: edge.port,
            irisx_protocol: edge.protocol,
            irisx_purpose: edge.purpose,
            irisx_sources: JSON.stringify(edge.sources),
            irisx_change: edge.change ?? "",
            tooltip: edge.sources.join(", "),
        };
        lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} ${attributes({ ...edgeAttributes(edge, edgeLabel(edge)), ...data })};`);
    }
    // The legend: sample edges between invisible points, kept apart from the platform.
    lines.push("  subgraph cluster_legend {", `    graph ${attributes({ label: "Legend", fontsize: 11, color: "#adb5bd" })};`);
    legendEntries(diagram).forEach(({ text, edge }, i) => {
        lines.push(`    ${quote(`legend_${i}_a`)} ${attributes({ shape: "point", width: 0.05, class: "legend" })};`);
        lines.push(`    ${quote(`legend_${i}_b`)} ${attributes({ shape: "point", width: 0.05, class: "legend" })};`);
        const attrs = edgeAttributes(edge, [text]);
        lines.push(`    ${quote(`legend_${i}_a`)} -> ${quote(`legend_${i}_b`)} ${attributes({ ...attrs, class: ["legend", ...edgeStyle(edge).classes].join(" ") })};`);
    });
    lines.push("  }", "}");
    return lines.join("\n") + "\n";
}
