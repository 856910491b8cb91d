/**
 * The one ingress-rule normaliser. Every security-group policy, and the offline `npm run plan`
 * exposure table, read rules through it, so "what does this rule let in" is answered once for the
 * three ways AWS lets a program grant ingress:
 *   - inline `ingress` of aws:ec2/securityGroup:SecurityGroup (and DefaultSecurityGroup),
 *   - aws:ec2/securityGroupRule:SecurityGroupRule with `type: "ingress"`,
 *   - aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule.
 *
 * Stable API (used outside policies/):
 *   normaliseIngress(resourceType, props, urn?) → IngressRule[]   one rule per (entry, source)
 *   coversPort(rule, port, protocol) / overlapsPorts(rule, spec)   definite answers
 *   mayCoverPort / mayOverlapPorts                                 "could, once unknowns resolve"
 *   describeRule(rule), describeSource(source)                     text for messages and tables
 *
 * Semantics: protocol "-1"/"all" (any case) and a missing protocol mean every protocol and port;
 * numbers as the provider parses them ("06" is 6) with 6/17/1/58 as tcp/udp/icmp/icmpv6; missing
 * ports mean every port; a range covers each port in it, and a TCP/UDP range that does not read
 * as one is `unreadable`. Never throws on preview unknowns: they are listed in `unknown` instead.
 */
import { ingressTypes, securityGroupTypes, types } from "../../facts/resource-types";
import { isUnknown, knownString, read, readList } from "./unknown";

export type IngressProtocol = "tcp" | "udp" | "icmp" | "icmpv6" | "all" | "unknown" | (string & {});

export type IngressSource =
    /** `via` names the declared prefix list the CIDR is an entry of. */
    | { readonly kind: "cidr"; readonly cidr: string; readonly via?: string }
    /** `id` is undefined while the referenced group's id is unknown (preview). */
    | { readonly kind: "securityGroup"; readonly id?: string }
    | { readonly kind: "prefixList"; readonly id?: string }
    | { readonly kind: "self" }
    /** A CIDR (or the whole source list) that is unknown during preview: could be anything. */
    | { readonly kind: "unknown" };

/** Parts of a rule whose value is unknown during preview. */
export type UnknownPart = "direction" | "protocol" | "ports" | "source";

export interface IngressRule {
    /** Normalised protocol; `rawProtocol` keeps what the program wrote ("-1", "6", "TCP"). */
    readonly protocol: IngressProtocol;
    readonly rawProtocol: string;
    /** Inclusive; every port is 0-65535. For icmp these are type and code, as in AWS. */
    readonly fromPort: number;
    readonly toPort: number;
    readonly source: IngressSource;
    /** The security group the rule opens: a standalone rule's `securityGroupId` when known. Inline rules belong to the resource itself. */
    readonly targetSecurityGroup?: string;
    readonly description?: string;
    readonly resourceType: string;
    readonly urn?: string;
    /** "ingress[2]" for an inline entry, "" for a standalone rule. */
    readonly location: string;
    /** Property path of the entry: ["ingress", 2] inline, [] for a standalone rule. */
    readonly entryPath: readonly (string | number)[];
    /** Property path of the value that grants this source, e.g. ["ingress", 2, "cidrBlocks", 0]. */
    readonly path: readonly (string | number)[];
    readonly unknown: readonly UnknownPart[];
    /** Set when a TCP/UDP port range cannot be read ("fromPort 1 to toPort -1"): it may cover any port. */
    readonly unreadable?: string;
}

export const allPorts = { from: 0, to: 65535 } as const;

/**
 * As terraform-provider-aws reads a protocol (internal/service/ec2/vpc_security_group.go
 * protocolForValue, also behind vpc_security_group_ingress_rule.go's NormalizeIPProtocol): lower
 * case, "-1"/"all" is every protocol, and anything strconv.Atoi parses ("06", "+17") is a number.
 */
const protocolNumbers: Readonly<Record<number, IngressProtocol>> = { [-1]: "all", 6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6" };

export function normaliseProtocol(value: unknown): IngressProtocol {
    if (isUnknown(value)) return "unknown";
    if (value === undefined || value === null || value === "") return "all";
    const text = String(value).trim().toLowerCase();
    if (!/^[+-]?[0-9]+$/.test(text)) return text;
    const n = Number(text);
    return protocolNumbers[n] ?? String(n);
}

/** A whole number, `undefined` when absent, NaN when written but not a whole number. */
function toPort(value: unknown): number | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    const n = Number(value);
    return Number.isInteger(n) ? n : NaN;
}

interface Ports { readonly fromPort: number; readonly toPort: number; readonly unknownPorts: boolean; readonly unreadable?: string }
const everyPort: Ports = { fromPort: allPorts.from, toPort: allPorts.to, unknownPorts: false };

/** TCP/UDP ranges must read as 0 ≤ from ≤ to ≤ 65535 (or -1/-1, or none: every port); anything else is unreadable. */
function portRange(protocol: IngressProtocol, from: unknown, to: unknown): Ports {
    if (protocol === "all") return everyPort;
    if (isUnknown(from) || isUnknown(to)) return { ...everyPort, unknownPorts: true };
    const f = toPort(from);
    const t = toPort(to);
    if (f === undefined && t === undefined) return everyPort;
    if (protocol !== "tcp" && protocol !== "udp") {
        // ICMP type/code or another protocol's unused fields: never compared with the port table.
        const [a, b] = [f ?? t!, t ?? f!].map((n) => (Number.isNaN(n) ? -1 : n));
        return { fromPort: Math.min(a, b), toPort: Math.max(a, b), unknownPorts: false };
    }
    if (f === -1 && t === -1) return everyPort;
    const [a, b] = [f ?? t!, t ?? f!];
    if (Number.isNaN(a) || Number.isNaN(b) || a < 0 || b > 65535 || a > b) {
        return { ...everyPort, unreadable: `fromPort ${JSON.stringify(from ?? null)} to toPort ${JSON.stringify(to ?? null)}` };
    }
    return { fromPort: a, toPort: b, unknownPorts: false };
}

interface Entry {
    readonly protocol: unknown;
    readonly fromPort: unknown;
    readonly toPort: unknown;
    readonly description: unknown;
    readonly target?: string;
    readonly location: string;
    readonly basePath: readonly (string | number)[];
    readonly unknownDirection?: boolean;
}

interface FoundSource {
    readonly source: IngressSource;
    readonly path: readonly (string | number)[];
}

/** A property that names sources: its name, what its values are, and whether it is a list. */
type SourceField = readonly [name: string, kind: "cidr" | "securityGroup" | "prefixList", isList: boolean];

/** Sources of one entry, read from `fields`, plus `self`. */
function sources(obj: unknown, basePath: readonly (string | number)[], fields: readonly SourceField[]): FoundSource[] {
    const found: FoundSource[] = [];
    for (const [field, kind, isList] of fields) {
        const path = [...basePath, field];
        const raw = read(obj, field);
        if (raw === undefined || raw === null) continue;
        if (isUnknown(raw)) {
            // An unknown list of group or prefix-list ids is still a list of references.
            found.push({ source: kind === "cidr" ? { kind: "unknown" } : { kind }, path });
            continue;
        }
        const values = isList ? (Array.isArray(raw) ? raw : []) : [raw];
        values.forEach((value, i) => {
            const at = isList ? [...path, i] : path;
            if (kind === "cidr") {
                const cidr = knownString(value);
                if (cidr !== undefined) found.push({ source: { kind: "cidr", cidr: cidr.trim() }, path: at });
                else if (isUnknown(value)) found.push({ source: { kind: "unknown" }, path: at });
            } else {
                const id = knownString(value);
                found.push({ source: id === undefined ? { kind } : { kind, id }, path: at });
            }
        });
    }
    const self = read(obj, "self");
    if (self === true) found.push({ source: { kind: "self" }, path: [...basePath, "self"] });
    else if (isUnknown(self)) found.push({ source: { kind: "unknown" }, path: [...basePath, "self"] });
    return found;
}

function expand(entry: Entry, found: readonly FoundSource[], resourceType: string, urn?: string): IngressRule[] {
    const protocol = normaliseProtocol(entry.protocol);
    const { fromPort, toPort, unknownPorts, unreadable } = portRange(protocol, entry.fromPort, entry.toPort);
    const unknownBase: UnknownPart[] = [];
    if (entry.unknownDirection) unknownBase.push("direction");
    if (protocol === "unknown") unknownBase.push("protocol");
    if (unknownPorts) unknownBase.push("ports");
    return found.map(({ source, path }) => ({
        protocol,
        rawProtocol: entry.protocol === undefined || entry.protocol === null ? "" : isUnknown(entry.protocol) ? "unknown" : String(entry.protocol),
        fromPort,
        toPort,
        source,
        targetSecurityGroup: entry.target,
        description: knownString(entry.description),
        resourceType,
        urn,
        location: entry.location,
        entryPath: entry.basePath,
        path,
        unknown: source.kind === "unknown" ? [...unknownBase, "source"] : unknownBase,
        ...(unreadable ? { unreadable } : {}),
    }));
}

function wholeEntryUnknown(resourceType: string, location: string, path: readonly (string | number)[], urn?: string): IngressRule {
    return {
        protocol: "unknown", rawProtocol: "unknown", fromPort: allPorts.from, toPort: allPorts.to,
        source: { kind: "unknown" }, resourceType, urn, location, entryPath: path, path,
        unknown: ["protocol", "ports", "source"],
    };
}

const inlineFields: readonly SourceField[] = [
    ["cidrBlocks", "cidr", true], ["ipv6CidrBlocks", "cidr", true],
    ["prefixListIds", "prefixList", true], ["securityGroups", "securityGroup", true],
];
const ruleFields: readonly SourceField[] = [
    ["cidrBlocks", "cidr", true], ["ipv6CidrBlocks", "cidr", true],
    ["prefixListIds", "prefixList", true], ["sourceSecurityGroupId", "securityGroup", false],
];
const ingressRuleFields: readonly SourceField[] = [
    ["cidrIpv4", "cidr", false], ["cidrIpv6", "cidr", false],
    ["prefixListId", "prefixList", false], ["referencedSecurityGroupId", "securityGroup", false],
];

/**
 * Every ingress grant a resource makes, one `IngressRule` per (entry, source). Resources of any
 * other type, egress rules and entries without a source give an empty list.
 */
export function normaliseIngress(resourceType: string, props: Record<string, unknown>, urn?: string): IngressRule[] {
    if (!ingressTypes.includes(resourceType)) return [];
    if (securityGroupTypes.includes(resourceType)) {
        const list = readList(props, "ingress");
        if (list === "unknown") return [wholeEntryUnknown(resourceType, "ingress", ["ingress"], urn)];
        return list.flatMap((item, i) => {
            const location = `ingress[${i}]`;
            if (isUnknown(item)) return [wholeEntryUnknown(resourceType, location, ["ingress", i], urn)];
            const entry: Entry = {
                protocol: read(item, "protocol"), fromPort: read(item, "fromPort"), toPort: read(item, "toPort"),
                description: read(item, "description"), location, basePath: ["ingress", i],
            };
            return expand(entry, sources(item, ["ingress", i], inlineFields), resourceType, urn);
        });
    }
    const standalone = resourceType === types.securityGroupRule;
    const direction = read(props, "type");
    if (standalone && direction !== "ingress" && !isUnknown(direction)) return [];
    const entry: Entry = {
        protocol: read(props, standalone ? "protocol" : "ipProtocol"),
        fromPort: read(props, "fromPort"),
        toPort: read(props, "toPort"),
        description: read(props, "description"),
        target: knownString(read(props, "securityGroupId")),
        location: "",
        basePath: [],
        unknownDirection: standalone && isUnknown(direction),
    };
    return expand(entry, sources(props, [], standalone ? ruleFields : ingressRuleFields), resourceType, urn);
}

export interface PortRangeSpec {
    readonly from: number;
    readonly to: number;
    readonly protocols: readonly string[];
}

function overlaps(rule: IngressRule, spec: PortRangeSpec, assumeUnknownMatches: boolean): boolean {
    const protocolUnknown = rule.unknown.includes("protocol");
    const portsUnknown = rule.unknown.includes("ports");
    if (!assumeUnknownMatches && (protocolUnknown || portsUnknown)) return false;
    const protocolMatches = protocolUnknown || rule.protocol === "all" || spec.protocols.includes(rule.protocol);
    const portsMatch = portsUnknown || (rule.fromPort <= spec.to && rule.toPort >= spec.from);
    return protocolMatches && portsMatch;
}

/** True when the rule certainly lets `port`/`protocol` in (unknown protocol or ports: false). */
export function coversPort(rule: IngressRule, port: number, protocol: string): boolean {
    return overlaps(rule, { from: port, to: port, protocols: [protocol] }, false);
}

/** True when the rule lets in at least one port of `spec` with one of its protocols. */
export function overlapsPorts(rule: IngressRule, spec: PortRangeSpec): boolean {
    return overlaps(rule, spec, false);
}

/** Like coversPort, but an unknown protocol or port range counts as a match. */
export function mayCoverPort(rule: IngressRule, port: number, protocol: string): boolean {
    return overlaps(rule, { from: port, to: port, protocols: [protocol] }, true);
}

export function mayOverlapPorts(rule: IngressRule, spec: PortRangeSpec): boolean {
    return overlaps(rule, spec, true);
}

export function describeSource(source: IngressSource): string {
    switch (source.kind) {
        case "cidr": return source.via ? `${source.cidr} (in ${source.via})` : source.cidr;
        case "securityGroup": return `security group ${source.id ?? "(id not known yet)"}`;
        case "prefixList": return `prefix list ${source.id ?? "(id not known yet)"}`;
        case "self": return "the group itself (self)";
        case "unknown": return "a source not known until apply";
    }
}

/** "22/tcp from 0.0.0.0/0", "all traffic (protocol -1) from ::/0", "5060/udp (protocol 17) from …". */
export function describeRule(rule: IngressRule): string {
    const ports = rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
    const written = rule.rawProtocol !== rule.protocol ? ` (protocol ${rule.rawProtocol || "not set"})` : "";
    const what =
        rule.protocol === "all" ? `all traffic${written}`
        : rule.protocol === "unknown" ? "an unknown protocol"
        : `${rule.unknown.includes("ports") ? "unknown ports" : rule.unreadable ? `unreadable ports (${rule.unreadable})` : ports}/${rule.protocol}${written}`;
    return `${what} from ${describeSource(rule.source)}`;
}
