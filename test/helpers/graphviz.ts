/**
 * DOT read back by Graphviz itself (`dot -Tjson0`): the graph as Graphviz understood it, nodes and
 * edges with every attribute, so tests check the diagram, not the text we wrote.
 */
import { spawnSync } from "child_process";

export interface GraphvizEdge {
    readonly tail: string;
    readonly head: string;
    readonly attrs: Readonly<Record<string, string>>;
}

export interface GraphvizGraph {
    readonly nodes: ReadonlyMap<string, Readonly<Record<string, string>>>;
    readonly edges: readonly GraphvizEdge[];
}

/** Runs `dot` with `args` on `input`; fails the test (with what to install) when Graphviz is missing. */
export function runDot(args: readonly string[], input: string): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync("dot", args, { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw new Error(`cannot run Graphviz's dot (Debian: apt-get install graphviz; .ci/run installs it): ${result.error.message}`);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function parseDot(dot: string): GraphvizGraph {
    const result = runDot(["-Tjson0"], dot);
    if (result.status !== 0) throw new Error(`dot refused the graph (exit ${result.status}): ${result.stderr}`);
    const doc = JSON.parse(result.stdout) as { objects?: Record<string, unknown>[]; edges?: Record<string, unknown>[] };
    const objects = doc.objects ?? [];
    // Objects are subgraphs (with their member lists) first, then nodes; edges name nodes by _gvid.
    const graphNodes = objects.filter((o) => !Array.isArray(o.nodes));
    const byGvid = new Map(graphNodes.map((o) => [o._gvid as number, o]));
    const attrsOf = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
    const nodes = new Map(graphNodes.map((o) => [String(o.name), attrsOf(o)]));
    const edges = (doc.edges ?? []).map((e) => ({
        tail: String(byGvid.get(e.tail as number)?.name),
        head: String(byGvid.get(e.head as number)?.name),
        attrs: attrsOf(e),
    }));
    return { nodes, edges };
}
