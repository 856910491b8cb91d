/**
 * The diagram of a change: the edges of `after` marked added, removed or changed (sources
 * gained or lost) against `before` — a committed stack, a plan document of the base commit, or
 * the stack a promotion starts from. Names are compared with the environment replaced by `{env}`
 * (plan-diff.ts), so staging's `sg irisx-staging-sg-api` is prod's `sg irisx-prod-sg-api`.
 */
import { Diagram, DiagramEdge, edgeKey } from "./diagram-model";
import { normaliseEnv } from "./plan-diff";

export function diffDiagrams(before: Diagram, after: Diagram): Diagram {
    const old = new Map(before.edges.map((e) => [edgeKey(e), e]));
    const normal = (d: Diagram) => (source: string) => normaliseEnv(source, d.environment);
    const edges: DiagramEdge[] = [];
    for (const edge of after.edges) {
        const was = old.get(edgeKey(edge));
        if (!was) {
            edges.push({ ...edge, change: "added", addedSources: edge.sources });
            continue;
        }
        const then = new Set(was.sources.map(normal(before)));
        const now = new Set(edge.sources.map(normal(after)));
        const addedSources = edge.sources.filter((s) => !then.has(normal(after)(s)));
        const removedSources = was.sources.filter((s) => !now.has(normal(before)(s)));
        edges.push(addedSources.length || removedSources.length ? { ...edge, change: "changed", addedSources, removedSources } : edge);
    }
    const kept = new Set(after.edges.map(edgeKey));
    for (const edge of before.edges) if (!kept.has(edgeKey(edge))) edges.push({ ...edge, change: "removed", removedSources: edge.sources });
    const ids = new Set(after.nodes.map((n) => n.id));
    return {
        title: after.title,
        against: before.title.replace(/^Exposure of /, ""),
        environment: after.environment,
        nodes: [...after.nodes, ...before.nodes.filter((n) => !ids.has(n.id))],
        edges,
    };
}

/** How many edges the change adds, removes and changes. */
export function changeCounts(diagram: Diagram): Record<"added" | "removed" | "changed", number> {
    const count = (c: DiagramEdge["change"]) => diagram.edges.filter((e) => e.change === c).length;
    return { added: count("added"), removed: count("removed"), changed: count("changed") };
}
