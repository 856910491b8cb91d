/**
 * Who may reach SSH on the API host: the configurable prefix limit and extra admin ranges, shared
 * by the resource and the stack policy (each reads its own copy of this config).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { Cidr, cidrContains, isWorld, parseCidr } from "../../facts/cidr";
import { maxAdminPrefix } from "../../facts/ports";

export interface SshSourceLimits {
    /** Broadest IPv4 prefix accepted as an SSH source (default 24: a /23 is too broad). */
    readonly broadestIpv4Prefix: number;
    /** Broadest IPv6 prefix accepted (default 56). */
    readonly broadestIpv6Prefix: number;
    /** Ranges accepted for SSH even though broader than the limit; never a /0. */
    readonly extraAdminCidrs: readonly string[];
}

export const defaultSshSourceLimits: SshSourceLimits = {
    broadestIpv4Prefix: maxAdminPrefix[4],
    broadestIpv6Prefix: maxAdminPrefix[6],
    extraAdminCidrs: [],
};

export const sshSourceConfigSchema: PolicyConfigSchema = {
    properties: {
        broadestIpv4Prefix: {
            type: "integer", minimum: 1, maximum: 32, default: defaultSshSourceLimits.broadestIpv4Prefix,
            description: "Broadest IPv4 prefix allowed as an SSH source on the API host (24 accepts a /24 or narrower).",
        },
        broadestIpv6Prefix: {
            type: "integer", minimum: 1, maximum: 128, default: defaultSshSourceLimits.broadestIpv6Prefix,
            description: "Broadest IPv6 prefix allowed as an SSH source on the API host.",
        },
        extraAdminCidrs: {
            type: "array", items: { type: "string" }, default: [],
            description: "Admin ranges allowed to reach SSH even though broader than the limit (e.g. a corporate /20). A /0 is never accepted.",
        },
    },
};

/** The policy's config merged over the defaults (the CLI applies schema defaults; tests may not). */
export function sshSourceLimits(config: Partial<SshSourceLimits>): SshSourceLimits {
    return { ...defaultSshSourceLimits, ...config };
}

/**
 * Why `cidrText` may not reach SSH on the API host, or undefined when it may. A source that does
 * not parse is refused: the pack cannot tell how broad it is.
 */
export function sshSourceProblem(cidrText: string, limits: SshSourceLimits): string | undefined {
    const cidr = parseCidr(cidrText);
    if (!cidr) return `"${cidrText}", which is not a CIDR`;
    if (isWorld(cidr)) return "the whole internet";
    const limit = cidr.family === 4 ? limits.broadestIpv4Prefix : limits.broadestIpv6Prefix;
    if (cidr.prefix >= limit) return undefined;
    const extra = limits.extraAdminCidrs.map(parseCidr).filter((c): c is Cidr => c !== undefined && !isWorld(c));
    if (extra.some((range) => cidrContains(range, cidr))) return undefined;
    return `${cidrText}, broader than /${limit}`;
}

/** True for 0.0.0.0/0 and ::/0 (and any address written with /0). */
export function isWorldCidr(cidrText: string): boolean {
    const cidr = parseCidr(cidrText);
    return cidr !== undefined && isWorld(cidr);
}
