/**
 * Exposure per host, from the security groups and rules actually registered (inline and
 * standalone), read through the policy pack's one ingress normaliser (policies/lib/ingress.ts):
 * host = an EC2 instance tagged `irisx:role`; its groups = its `vpcSecurityGroupIds`, resolved to
 * SG resources by property dependency or by id; its rules = inline `ingress` of those groups plus
 * every standalone rule whose `securityGroupId` points at one of them.
 */
import { IngressRule, normaliseIngress } from "../../../policies/lib/ingress";
import { securityGroupTypes, types } from "../../../policies/lib/resource-types";
import { parseCidr, isWorld } from "../../../infra/cidr";
import { PortSpec, ports, roleTagKey } from "../../../infra/ports";
import { ExposureRow, HostExposure, SourceKind } from "./exposure-model";
import { PlanResource, inputOf, plainValue, tagOf } from "./resource";

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

/** CIDRs in address order (IPv4 first), then named sources alphabetically. */
export function compareSources(a: string, b: string): number {
    const x = parseCidr(a);
    const y = parseCidr(b);
    if (x && y) return x.family - y.family || (x.address < y.address ? -1 : x.address > y.address ? 1 : x.prefix - y.prefix);
    if (x || y) return x ? -1 : 1;
    return a.localeCompare(b);
}

interface Grant {
    readonly rule: IngressRule;
    readonly grantedBy: string;
    /** URNs the granting property depends on (to resolve an SG source whose id is unknown). */
    readonly sourceUrns: readonly string[];
}

const sourceFields = ["referencedSecurityGroupId", "sourceSecurityGroupId"];

export function computeExposure(resources: readonly PlanResource[], appPort?: number): HostExposure[] {
    const groups = resources.filter((r) => securityGroupTypes.includes(r.type));
    const byUrn = new Map(groups.map((g) => [g.urn, g]));
    const byId = new Map(groups.filter((g) => g.id).map((g) => [g.id as string, g]));

    const grantsTo = new Map<string, Grant[]>();
    const addGrant = (sg: PlanResource, grant: Grant) => grantsTo.set(sg.urn, [...(grantsTo.get(sg.urn) ?? []), grant]);
    for (const r of resources) {
        const rules = normaliseIngress(r.type, plainValue(r.inputs) as Record<string, unknown>, r.urn);
        if (rules.length === 0) continue;
        if (securityGroupTypes.includes(r.type)) {
            for (const rule of rules) addGrant(r, { rule, grantedBy: securityGroupLabel(r), sourceUrns: r.propertyDependencies["ingress"] ?? [] });
            continue;
        }
        const target =
            (r.propertyDependencies["securityGroupId"] ?? []).map((u) => byUrn.get(u)).find((g) => g !== undefined) ??
            byId.get(String(inputOf(r, "securityGroupId")));
        if (!target) continue;
        const sourceUrns = sourceFields.flatMap((f) => r.propertyDependencies[f] ?? []);
        for (const rule of rules) addGrant(target, { rule, grantedBy: r.name, sourceUrns });
    }

    const sourceOf = (grant: Grant, owner: PlanResource): { text: string; kind: SourceKind; world: boolean } => {
        const s = grant.rule.source;
        switch (s.kind) {
            case "cidr": {
                const cidr = parseCidr(s.cidr);
                return { text: s.cidr, kind: "cidr", world: cidr !== undefined && isWorld(cidr) };
            }
            case "securityGroup": {
                const referenced =
                    (s.id !== undefined ? byId.get(s.id) : undefined) ??
                    (() => {
                        const candidates = grant.sourceUrns.map((u) => byUrn.get(u)).filter((g) => g !== undefined && g !== owner);
                        return candidates.length === 1 ? candidates[0] : undefined;
                    })();
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

    const hosts: HostExposure[] = [];
    for (const instance of resources.filter((r) => r.type === types.instance)) {
        const role = tagOf(instance, roleTagKey);
        if (role === undefined) continue;
        const ids = inputOf(instance, "vpcSecurityGroupIds");
        const attached = new Set<PlanResource>();
        for (const urn of instance.propertyDependencies["vpcSecurityGroupIds"] ?? []) {
            const sg = byUrn.get(urn);
            if (sg) attached.add(sg);
        }
        for (const id of Array.isArray(ids) ? ids : []) {
            const sg = byId.get(String(id));
            if (sg) attached.add(sg);
        }
        const rows = new Map<string, ExposureRow>();
        for (const sg of attached) {
            for (const grant of grantsTo.get(sg.urn) ?? []) {
                const { rule } = grant;
                const source = sourceOf(grant, sg);
                const purpose = purposeOf(rule.fromPort, rule.toPort, rule.protocol, appPort);
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
                    grantedBy: [...new Set([...(seen?.grantedBy ?? []), grant.grantedBy])],
                });
            }
        }
        hosts.push({
            host: instance.name,
            role,
            securityGroups: [...attached].map(securityGroupLabel).sort(),
            rows: [...rows.values()].sort((a, b) => a.fromPort - b.fromPort || a.toPort - b.toPort || compareSources(a.source, b.source)),
        });
    }
    return hosts.sort((a, b) => a.role.localeCompare(b.role) || a.host.localeCompare(b.host));
}
