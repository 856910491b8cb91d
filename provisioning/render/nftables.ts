/**
 * /etc/nftables.conf: the host's own firewall behind its security group, rendered from the same
 * ingress plan (facts/ingress.ts): default-deny inbound, loopback and established/related traffic,
 * and exactly the role's security-group rules. It lives in its own table, `inet irisx`, which the
 * file deletes and recreates in one transaction, so loading it never touches fail2ban's tables
 * (iptables-nft's `ip filter`): a fail2ban ban still drops, since a drop in any base chain is final.
 * No `flush ruleset`, unlike Debian's default file, for the same reason.
 */
import { parseCidr } from "../../facts/cidr";
import { GroupName, IngressSpec } from "../../facts/ingress";
import { ports, Protocol } from "../../facts/ports";
import { hashHeader } from "./header";

export const firewallTable = "irisx";

export interface FirewallInput {
    /** The role's inbound rules (planIngress filtered to one role). */
    readonly rules: readonly IngressSpec[];
    /**
     * The addresses a security-group source stands for on this host (ESL: the API host's private
     * /32; the load balancer's group: the VPC, since its nodes take addresses in the public subnets).
     */
    readonly groupAddresses: Partial<Record<GroupName, readonly string[]>>;
}

/** One accept rule of the rendered chain: a port range, a protocol, an IP family and its sources. */
export interface FirewallRule {
    readonly port: IngressSpec["port"];
    readonly protocol: Protocol;
    readonly family: 4 | 6;
    /** CIDRs, or "world" for a /0 (no set: the family match alone). */
    readonly sources: readonly string[] | "world";
}

/** The chain's accept rules, grouped by port, protocol and family, in the plan's order. */
export function firewallRules(input: FirewallInput): FirewallRule[] {
    const out: { port: IngressSpec["port"]; protocol: Protocol; family: 4 | 6; sources: string[] | "world" }[] = [];
    for (const rule of input.rules) {
        const cidrs = "cidr" in rule.source ? [rule.source.cidr] : input.groupAddresses[rule.source.securityGroup] ?? [];
        if ("securityGroup" in rule.source && cidrs.length === 0) {
            throw new Error(`firewall: no address given for security group ${rule.source.securityGroup} (${rule.description})`);
        }
        for (const text of cidrs) {
            const cidr = parseCidr(text);
            if (!cidr) throw new Error(`firewall: ${rule.port}: "${text}" is not a CIDR`);
            let entry = out.find((e) => e.port === rule.port && e.protocol === rule.protocol && e.family === cidr.family);
            if (!entry) out.push((entry = { port: rule.port, protocol: rule.protocol, family: cidr.family, sources: [] }));
            if (cidr.prefix === 0) entry.sources = "world";
            else if (entry.sources !== "world" && !entry.sources.includes(text)) entry.sources.push(text);
        }
    }
    return out;
}

/** The named set of a rule's sources; the SSH ones are what the push proves its own address against. */
export function setName(rule: Pick<FirewallRule, "port" | "protocol" | "family">): string {
    return `${rule.port.toLowerCase()}_${rule.protocol}_v${rule.family}`;
}

export function renderFirewall(input: FirewallInput): string {
    const rules = firewallRules(input);
    const sets = rules
        .filter((r): r is FirewallRule & { sources: readonly string[] } => r.sources !== "world")
        .map((r) => `    set ${setName(r)} {
        type ipv${r.family}_addr
        flags interval
        auto-merge
        elements = { ${r.sources.join(", ")} }
    }`);
    const accepts = rules.map((r) => {
        const spec = ports[r.port];
        const dport = spec.from === spec.to ? `${spec.from}` : `${spec.from}-${spec.to}`;
        const source = r.sources === "world" ? `meta nfproto ipv${r.family}` : `ip${r.family === 6 ? "6" : ""} saddr @${setName(r)}`;
        return `        ${source} ${r.protocol} dport ${dport} accept comment "${spec.purpose.replace(/"/g, "'")}"`;
    });
    return `${hashHeader("provisioning/render/nftables.ts")}# Loaded at boot by Debian's nftables.service; the push loads it with nft -f and proves a new
# SSH connection would still be admitted before keeping it.
table inet ${firewallTable} {}
delete table inet ${firewallTable}
table inet ${firewallTable} {
${sets.join("\n")}
    chain input {
        type filter hook input priority filter; policy drop;
        iifname "lo" accept
        ct state established,related accept
        ct state invalid drop
${accepts.join("\n")}
    }
}
`;
}
