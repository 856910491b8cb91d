/**
 * The exposure diagram as data, drawn from the plan report alone: the exposure tables (hosts and
 * data tier, the pack's own model) give the edges, one per table row grouped by source group, and
 * the pack's verdicts mark the edges they judge. No second linker: nothing here reads resources.
 * A plan document (`--json`) of another commit is a report too, so it can be the diff's base.
 */
import { parseCidr } from "../../facts/cidr";
import { ExposureRow, HostExposure, NamedRanges, portText, protocolText } from "./exposure-model";
import { PlanReport, Verdict } from "./report";

export type Judgement = "mandatory" | "advisory";
export type NodeKind = "internet" | "range" | "cidr" | "group" | "prefixList" | "unknown" | "host" | "data";

export interface DiagramNode {
    /** Stable across stacks (no environment in it), so two diagrams can be compared. */
    readonly id: string;
    readonly kind: NodeKind;
    /** Lines of the label. */
    readonly label: readonly string[];
}

export interface DiagramEdge {
    readonly from: string;
    readonly to: string;
    /** The destination's role (api, freeswitch, db, cache). */
    readonly role: string;
    /** As the exposure table prints them: "5060", "TCP/UDP". */
    readonly port: string;
    readonly protocol: string;
    readonly purpose: string;
    /** The table's Source cells this edge stands for (one row each, per host of the role). */
    readonly sources: readonly string[];
    readonly world: boolean;
    readonly judged?: Judgement;
    /** Set by the diff: the edge exists only after / only before, or its sources changed. */
    readonly change?: "added" | "removed" | "changed";
    readonly addedSources?: readonly string[];
    readonly removedSources?: readonly string[];
}

export interface Diagram {
    readonly title: string;
    /** Replaced by `{env}` in names when two stacks' diagrams are compared. */
    readonly environment: string;
    /** Set by the diff: what the change is compared with ("prod (Pulumi.prod.yaml)"). */
    readonly against?: string;
    readonly nodes: readonly DiagramNode[];
    readonly edges: readonly DiagramEdge[];
}

/** What the plan report must hold; a plan document older than the data tier lacks two fields. */
export type DiagramSource = Pick<PlanReport, "stack" | "stackFile" | "environment" | "exposure" | "verdicts"> &
    Partial<Pick<PlanReport, "dataTier" | "sourceRanges">>;

const roleNames: Record<string, string> = { alb: "load balancer + AWS WAF", api: "API host", freeswitch: "FreeSWITCH host", db: "PostgreSQL", cache: "Redis" };
const dataRoles = ["db", "cache"];

export const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");
export const edgeKey = (e: Pick<DiagramEdge, "from" | "to" | "protocol" | "port" | "purpose">) => `${e.from}|${e.to}|${e.protocol}|${e.port}|${e.purpose}`;

/** "8 × /30", or the ranges themselves when there are two or fewer. */
function rangeSummary(cidrs: readonly string[]): string[] {
    if (cidrs.length <= 2) return [...cidrs];
    const prefixes = new Set(cidrs.map((c) => c.split("/")[1]));
    return [prefixes.size === 1 ? `${cidrs.length} × /${[...prefixes][0]}` : `${cidrs.length} ranges`];
}

/** A verdict judges a row when it is on a resource that grants it, and on that inline entry if it is one. */
function judgementOf(row: ExposureRow, verdicts: PlanReport["verdicts"]): Judgement | undefined {
    const on = (v: Verdict) =>
        (row.grants ?? []).some((g) => g.urn === v.urn && (g.location === undefined || v.message.startsWith(`${g.location}: `)));
    if (verdicts.mandatory.some(on)) return "mandatory";
    return verdicts.advisory.some(on) ? "advisory" : undefined;
}

interface SourceNode {
    readonly id: string;
    readonly kind: NodeKind;
    readonly name: string;
}

export function buildDiagram(report: DiagramSource): Diagram {
    const tables: HostExposure[] = [...report.exposure, ...(report.dataTier ?? [])];
    const ranges: readonly NamedRanges[] = report.sourceRanges ?? [];
    const roleOfGroup = new Map<string, string>();
    for (const t of tables) for (const sg of t.securityGroups) if (!roleOfGroup.has(sg)) roleOfGroup.set(sg, t.role);
    const roleId = (role: string) => `role_${slug(role)}`;

    const sourceOf = (row: ExposureRow, role: string): SourceNode => {
        if (row.world) return { id: "internet", kind: "internet", name: "internet" };
        if (row.sourceKind === "securityGroup") {
            const group = row.source.replace(/^sg /, "");
            const owner = roleOfGroup.get(group);
            return owner ? { id: roleId(owner), kind: "host", name: owner } : { id: `sg_${slug(group)}`, kind: "group", name: `security group ${group}` };
        }
        if (row.sourceKind === "self") return { id: roleId(role), kind: "host", name: role };
        if (row.sourceKind === "prefixList") return { id: `pl_${slug(row.source)}`, kind: "prefixList", name: row.source };
        if (!parseCidr(row.source)) return { id: "unknown", kind: "unknown", name: row.source };
        const named = ranges.find((r) => r.cidrs.includes(row.source));
        return named ? { id: `range_${slug(named.name)}`, kind: "range", name: named.name } : { id: `cidr_${slug(row.source)}`, kind: "cidr", name: row.source };
    };

    const edges = new Map<string, DiagramEdge>();
    const sources = new Map<string, { node: SourceNode; members: Set<string> }>();
    for (const table of tables) {
        for (const row of table.rows) {
            const source = sourceOf(row, table.role);
            const entry = sources.get(source.id) ?? { node: source, members: new Set<string>() };
            entry.members.add(row.source);
            sources.set(source.id, entry);
            const edge = { from: source.id, to: roleId(table.role), role: table.role, port: portText(row), protocol: protocolText(row), purpose: row.purpose };
            const seen = edges.get(edgeKey(edge));
            const verdict = judgementOf(row, report.verdicts);
            const judged = seen?.judged === "mandatory" || verdict === "mandatory" ? "mandatory" : seen?.judged ?? verdict;
            edges.set(edgeKey(edge), {
                ...edge,
                sources: [...new Set([...(seen?.sources ?? []), row.source])],
                world: (seen?.world ?? false) || row.world,
                ...(judged ? { judged } : {}),
            });
        }
    }

    const nodes: DiagramNode[] = [];
    const roles = [...new Set(tables.map((t) => t.role))];
    for (const role of roles) {
        const count = tables.filter((t) => t.role === role).length;
        const name = roleNames[role] ?? `${role} host`;
        nodes.push({ id: roleId(role), kind: dataRoles.includes(role) ? "data" : "host", label: count > 1 ? [`${name} × ${count}`] : [name] });
    }
    for (const { node, members } of sources.values()) {
        if (node.kind === "host") continue;
        const list = [...members];
        const label =
            node.kind === "internet" ? ["internet", ...list] : node.kind === "range" ? [node.name, ...rangeSummary(list)] : [node.name];
        nodes.push({ id: node.id, kind: node.kind, label });
    }
    return { title: `Exposure of ${report.stack} (${report.stackFile})`, environment: report.environment, nodes, edges: [...edges.values()] };
}
