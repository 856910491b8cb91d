/**
 * How the diagram marks what matters, for both renderers (DOT and Mermaid): colour says risk
 * (open to the world, judged by the pack), the line says change (added bold, removed dashed).
 */
import { Diagram, DiagramEdge, NodeKind } from "./diagram-model";

export const colours = {
    plain: "#495057",
    world: "#e8590c",
    advisory: "#f08c00",
    mandatory: "#c92a2a",
    added: "#2b8a3e",
    removed: "#868e96",
} as const;

export type Line = "solid" | "bold" | "dashed";

export interface EdgeStyle {
    readonly colour: string;
    readonly width: number;
    readonly line: Line;
    /** Words for the classes a reader (or a test) can select: "world", "mandatory", "added". */
    readonly classes: readonly string[];
}

export function edgeStyle(edge: Pick<DiagramEdge, "world" | "judged" | "change">): EdgeStyle {
    const risk = edge.judged ?? (edge.world ? "world" : undefined);
    const colour = edge.change === "removed" ? colours.removed : risk ? colours[risk] : colours.plain;
    const width = edge.judged === "mandatory" ? 3 : risk || edge.change === "added" ? 2 : 1;
    const line: Line = edge.change === "added" ? "bold" : edge.change === "removed" ? "dashed" : "solid";
    const classes = [...(edge.world ? ["world"] : []), ...(edge.judged ? [edge.judged] : []), ...(edge.change ? [edge.change] : [])];
    return { colour, width, line, classes };
}

/** The edge's label lines: port and protocol, purpose, then what marks it. */
export function edgeLabel(edge: DiagramEdge): string[] {
    const marks = [
        edge.judged === "mandatory" ? "MANDATORY policy violation" : edge.judged === "advisory" ? "advisory (policy pack)" : undefined,
        edge.world && !edge.judged ? "open to the world" : undefined,
    ].filter((m): m is string => m !== undefined);
    const change =
        edge.change === "added" ? "+ added" : edge.change === "removed" ? "− removed"
        : edge.change === "changed" ? `~ ${[...(edge.addedSources ?? []).map((s) => `+${s}`), ...(edge.removedSources ?? []).map((s) => `−${s}`)].join(" ")}`
        : undefined;
    return [`${edge.port}/${edge.protocol}`, edge.purpose, ...marks, ...(change ? [change] : [])];
}

export interface NodeStyle {
    readonly fill: string;
    readonly stroke: string;
    readonly shape: "ellipse" | "box" | "cylinder";
}

export function nodeStyle(kind: NodeKind): NodeStyle {
    switch (kind) {
        case "internet":
            return { fill: "#fff0f0", stroke: colours.world, shape: "ellipse" };
        case "host":
            return { fill: "#fff9db", stroke: "#e67700", shape: "box" };
        case "data":
            return { fill: "#ebfbee", stroke: "#2b8a3e", shape: "cylinder" };
        default:
            return { fill: "#e7f5ff", stroke: "#1971c2", shape: "box" };
    }
}

/** Legend entries: each a sample edge styled as the edges it explains. */
export function legendEntries(diagram: Diagram): { readonly text: string; readonly edge: Pick<DiagramEdge, "world" | "judged" | "change"> }[] {
    const entries: { text: string; edge: Pick<DiagramEdge, "world" | "judged" | "change"> }[] = [
        { text: "inbound rule (port/protocol, purpose)", edge: { world: false } },
        { text: "open to the world (0.0.0.0/0, ::/0)", edge: { world: true } },
        { text: "advisory verdict of the policy pack", edge: { world: false, judged: "advisory" } },
        { text: "mandatory violation (blocks the deploy)", edge: { world: false, judged: "mandatory" } },
    ];
    if (diagram.against !== undefined) {
        entries.push({ text: "added by the change", edge: { world: false, change: "added" } });
        entries.push({ text: "removed by the change", edge: { world: false, change: "removed" } });
    }
    return entries;
}
