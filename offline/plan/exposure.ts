/**
 * Exposure per host, from the security groups and rules actually registered (inline and
 * standalone), linked and normalised exactly as the policy pack does (policies/lib/hosts.ts and
 * policies/lib/ingress.ts), so the table shows what the pack judged.
 */
import { collectHostIngress, HostRule, LinkedResource } from "../../policies/lib/hosts";
import { hostModel } from "../../policies/lib/host-model";
import { loadBalancerGroups, loadBalancerIngress } from "../../policies/lib/load-balancers";
import { loadBalancerTypes, securityGroupTypes, types } from "../../facts/resource-types";
import { parseCidr, isWorld } from "../../facts/cidr";
import { PortSpec, ports, Role, roleTagKey, twilioMediaCidrs, twilioSignallingCidrs } from "../../facts/ports";
import type { StackConfig } from "../../infra/config";
import { ExposureRow, Grant, HostExposure, NamedRanges, SourceKind } from "./exposure-model";
import { unwrapSecrets } from "../mock-run";
import { PlanResource, inputOf, tagOf } from "./resource";

/** The AWS group name (what the design tables show), else the Name tag, else the resource name. */
export function securityGroupLabel(sg: PlanResource): string {
    const name = inputOf(sg, "name");
    return typeof name === "string" ? name : tagOf(sg, "Name") ?? sg.name;
}

/** Purpose from the port table; a range that is no single entry names what it covers. */
export function purposeOf(fromPort: number, toPort: number, protocol: string, appPort?: number): string {
    const all = Object.values(ports) as PortSpec[];
    const exact = all.find((p) => p.from === fromPort && p.to === toPort && (protocol === "all" || p.protocols.includes(protocol as never)));
    if (exact) return exact.purpose;
    if (appPort !== undefined && fromPort === appPort && toPort === appPort) return "the app's own port (should sit behind nginx)";
    const covered = all.filter((p) => p.from >= fromPort && p.to <= toPort).map((p) => p.purpose.split(" (")[0]);
    if (protocol === "all" || (fromPort <= 0 && toPort >= 65535)) return `EVERYTHING${covered.length ? ` (incl. ${covered.join(", ")})` : ""}`;
    return covered.length ? `not in the port table; covers ${covered.join(", ")}` : "not in the port table";
}

/**
 * The names a CIDR source goes by, first match wins: Twilio's published ranges (facts/ports.ts),
 * then the stack's own lists by the config key they come from.
 */
export function namedRanges(config: Pick<StackConfig, "adminCidrs" | "sipSignallingPeers" | "mediaPeers">): NamedRanges[] {
    return [
        { name: "Twilio signalling", cidrs: twilioSignallingCidrs },
        { name: "Twilio media", cidrs: twilioMediaCidrs },
        { name: "admin ranges", cidrs: config.adminCidrs },
        { name: "SIP signalling peers", cidrs: config.sipSignallingPeers },
        { name: "media peers", cidrs: config.mediaPeers },
    ].map((r) => ({ name: r.name, cidrs: [...r.cidrs] }));
}

/** CIDRs in address order (IPv4 first), then named sources alphabetically. */
export function compareSources(a: string, b: string): number {
    const x = parseCidr(a);
    const y = parseCidr(b);
    if (x && y) return x.family - y.family || (x.address < y.address ? -1 : x.address > y.address ? 1 : x.prefix - y.prefix);
    if (x || y) return x ? -1 : 1;
    return a.localeCompare(b);
}

function uniqueGrants(grants: readonly Grant[]): Grant[] {
    return [...new Map(grants.map((g) => [`${g.urn}|${g.location ?? ""}`, g])).values()];
}

const sourceFields = ["ingress", "referencedSecurityGroupId", "sourceSecurityGroupId"];

/** The data tier's resources, each tagged with its role (db, cache) like its security group. */
export const dataTierTypes: readonly string[] = [types.rdsInstance, types.replicationGroup];

/**
 * One table per instance tagged `irisx:role` (or per resource of `targetTypes` so tagged, e.g.
 * dataTierTypes): the rules the policy pack links to that role (collectHostIngress: groups
 * attached to its instances or tagged with it, and every inline or standalone rule that opens
 * them), as rows of port, protocol, source and purpose.
 */
export function computeExposure(resources: readonly PlanResource[], appPort?: number, targetTypes: readonly string[] = [types.instance]): HostExposure[] {
    const { linked, table } = exposureTables(resources, appPort);
    const hosts: HostExposure[] = [];
    for (const target of resources.filter((r) => targetTypes.includes(r.type))) {
        const role = tagOf(target, roleTagKey);
        if (role === undefined) continue;
        const ingress = collectHostIngress(linked, role as Role);
        hosts.push(table(target.name, role, ingress.rules, ingress.securityGroups.map((g) => g.resource ?? g.label)));
    }
    // edge alb: the load balancer is the API's public face, so it gets a table of its own (role "alb").
    if (targetTypes.includes(types.instance)) {
        const model = hostModel(linked);
        const groups = loadBalancerGroups(linked);
        for (const lb of linked.filter((r) => loadBalancerTypes.includes(r.type))) {
            const own = model.groupRef(lb, ["securityGroups"]).filter((g) => groups.has(g.key));
            const keys = new Set(own.map((g) => g.key));
            // Inline rules of its groups, and standalone rules whose securityGroupId is one of them.
            const rules = loadBalancerIngress(linked).filter((r) => keys.has(r.owner.urn) || model.groupRef(r.owner, ["securityGroupId"]).some((g) => keys.has(g.key)));
            hosts.push(table(lb.name, loadBalancerRole, rules, own.map((g) => g.resource ?? g.label), loadBalancerPurposes));
        }
    }
    return hosts.sort((a, b) => a.role.localeCompare(b.role) || a.host.localeCompare(b.host));
}

/** The role the plan gives a load balancer's exposure table (no host carries it as a tag). */
export const loadBalancerRole = "alb";

/** What 80 and 443 mean on the load balancer, where the port table's nginx purposes do not apply. */
const loadBalancerPurposes: Readonly<Record<number, string>> = {
    [ports.http.from]: "HTTP (the listener redirects to HTTPS)",
    [ports.https.from]: "HTTPS (the listener, AWS WAF in front, to the API hosts' nginx)",
};

/** Builds one exposure table from linked rules, as the pack linked them. */
function exposureTables(resources: readonly PlanResource[], appPort?: number) {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const byId = new Map(resources.filter((r) => securityGroupTypes.includes(r.type) && r.id).map((g) => [g.id as string, g]));
    // The linker reads ids from outputs, as the engine sends them to a stack policy.
    const linked: LinkedResource[] = resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: { ...(unwrapSecrets(r.inputs) as Record<string, unknown>), ...(r.id ? { id: r.id } : {}) },
        propertyDependencies: r.propertyDependencies,
    }));

    const sourceOf = ({ rule, owner, group }: HostRule): { text: string; kind: SourceKind; world: boolean } => {
        const s = rule.source;
        switch (s.kind) {
            case "cidr": {
                const cidr = parseCidr(s.cidr);
                return { text: s.cidr, kind: "cidr", world: cidr !== undefined && isWorld(cidr) };
            }
            case "securityGroup": {
                // By id when known; during preview, by the one other group the granting property depends on.
                const candidates = sourceFields
                    .flatMap((f) => owner.propertyDependencies?.[f] ?? [])
                    .map((d) => byUrn.get(typeof d === "string" ? d : d.urn))
                    .filter((g): g is PlanResource => g !== undefined && securityGroupTypes.includes(g.type) && g.urn !== group?.resource?.urn);
                const referenced = (s.id !== undefined ? byId.get(s.id) : undefined) ?? (candidates.length === 1 ? candidates[0] : undefined);
                return { text: `sg ${referenced ? securityGroupLabel(referenced) : s.id ?? "(unknown group)"}`, kind: "securityGroup", world: false };
            }
            case "prefixList":
                return { text: `prefix list ${s.id ?? "(unknown)"}`, kind: "prefixList", world: false };
            case "self":
                return { text: "self", kind: "self", world: false };
            case "unknown":
                return { text: "(unknown until apply)", kind: "cidr", world: false };
        }
    };
    const labelOf = (r: LinkedResource) => {
        const resource = byUrn.get(r.urn)!;
        return securityGroupTypes.includes(resource.type) ? securityGroupLabel(resource) : resource.name;
    };

    const table = (host: string, role: string, rules: readonly HostRule[], groups: readonly (LinkedResource | string)[], purposes: Readonly<Record<number, string>> = {}): HostExposure => {
        const rows = new Map<string, ExposureRow>();
        for (const hostRule of rules) {
            const { rule } = hostRule;
            const source = sourceOf(hostRule);
            const purpose = (rule.fromPort === rule.toPort ? purposes[rule.fromPort] : undefined) ?? purposeOf(rule.fromPort, rule.toPort, rule.protocol, appPort);
            // One row per port range + source; TCP and UDP of the same grant share it.
            const key = `${rule.fromPort}|${rule.toPort}|${source.text}|${purpose}`;
            const seen = rows.get(key);
            rows.set(key, {
                fromPort: rule.fromPort,
                toPort: rule.toPort,
                protocols: [...new Set([...(seen?.protocols ?? []), rule.protocol])].sort(),
                source: source.text,
                sourceKind: source.kind,
                world: source.world,
                purpose,
                grantedBy: [...new Set([...(seen?.grantedBy ?? []), labelOf(hostRule.owner)])],
                grants: uniqueGrants([...(seen?.grants ?? []), { urn: hostRule.owner.urn, ...(rule.location ? { location: rule.location } : {}) }]),
            });
        }
        return {
            host,
            role,
            securityGroups: groups.map((g) => (typeof g === "string" ? g : labelOf(g))).sort(),
            rows: [...rows.values()].sort((a, b) => a.fromPort - b.fromPort || a.toPort - b.toPort || compareSources(a.source, b.source)),
        };
    };
    return { linked, table };
}
