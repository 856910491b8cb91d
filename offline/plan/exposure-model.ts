/** The exposure table of a host, as the design notes draw it: port, protocol, source, purpose. */

export type SourceKind = "cidr" | "securityGroup" | "prefixList" | "self";

export interface ExposureRow {
    readonly fromPort: number;
    readonly toPort: number;
    /** Lower-case "tcp", "udp", "icmp", ... or "all"; several when the same grant covers each. */
    readonly protocols: readonly string[];
    /** As shown: a CIDR, "sg <name of the referenced SG>", a prefix list id, or "self". */
    readonly source: string;
    readonly sourceKind: SourceKind;
    /** True for 0.0.0.0/0 and ::/0. */
    readonly world: boolean;
    /** From infra/ports.ts, matched by port range and protocol. */
    readonly purpose: string;
    /** Names of the SGs / rules that grant it. */
    readonly grantedBy: readonly string[];
    /**
     * The same grants by URN, with the inline entry ("ingress[0]") when the grant is one: how a
     * policy verdict (URN + message prefix, policies/lib/findings.ts `at`) finds its row.
     */
    readonly grants: readonly Grant[];
}

export interface Grant {
    readonly urn: string;
    readonly location?: string;
}

export interface HostExposure {
    /** The instance's (or, in the data tier, the database's or cache's) resource name. */
    readonly host: string;
    /** Its `irisx:role` tag. */
    readonly role: string;
    /** Names of the security groups attached to it. */
    readonly securityGroups: readonly string[];
    readonly rows: readonly ExposureRow[];
}

export function portText(row: Pick<ExposureRow, "fromPort" | "toPort" | "protocols">): string {
    if (row.protocols.includes("all") || (row.fromPort <= 0 && row.toPort >= 65535)) return "all";
    return row.fromPort === row.toPort ? `${row.fromPort}` : `${row.fromPort}-${row.toPort}`;
}

export function protocolText(row: Pick<ExposureRow, "protocols">): string {
    return row.protocols.map((p) => (p === "all" ? "ALL" : p.toUpperCase())).join("/");
}

/** A named list of source ranges ("Twilio signalling", "admin ranges"): one source group in the diagram. */
export interface NamedRanges {
    readonly name: string;
    readonly cidrs: readonly string[];
}
