/**
 * Mermaid text parsed by Mermaid itself (npm `mermaid`, the library GitHub renders with), in Node
 * with jsdom standing in for the browser DOM its sanitiser needs. Nothing is rendered: the
 * flowchart's parser fills its database, which is what we read.
 */
import { JSDOM } from "jsdom";

export interface MermaidEdge {
    readonly start: string;
    readonly end: string;
    readonly text: string;
    readonly stroke: string;
    readonly style?: readonly string[];
}

export interface MermaidFlowchart {
    readonly type: string;
    readonly vertices: ReadonlyMap<string, { readonly text?: string }>;
    readonly edges: readonly MermaidEdge[];
    readonly subgraphs: readonly { readonly id: string; readonly title: string; readonly nodes: readonly string[] }[];
}

let loaded: Promise<any> | undefined;

async function mermaid(): Promise<any> {
    if (!loaded) {
        const dom = new JSDOM("<!doctype html><html><body></body></html>");
        Object.assign(globalThis, { window: dom.window, document: dom.window.document });
        // An ES module: `import()` kept as is (TypeScript would turn it into require under CommonJS).
        loaded = (new Function("specifier", "return import(specifier)") as (s: string) => Promise<any>)("mermaid").then((m) => {
            m.default.initialize({ startOnLoad: false });
            return m.default;
        });
    }
    return loaded;
}

/** Throws Mermaid's own parse error for text it does not accept. */
export async function parseMermaid(text: string): Promise<MermaidFlowchart> {
    const m = await mermaid();
    await m.parse(text);
    const diagram = await m.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    return { type: diagram.type, vertices: db.getVertices(), edges: db.getEdges(), subgraphs: db.getSubGraphs() };
}
