/**
 * One security group per role, every rule built from the port table (ports.ts) exactly as
 * REFERENCE.md's "Network: who may reach what" says.
 *
 * Rules are standalone `aws.vpc.SecurityGroupIngressRule`/`SecurityGroupEgressRule` resources, never
 * inline blocks: AWS and the provider recommend them, each rule has its own id and tags, a change to
 * one peer touches one rule instead of rewriting the whole group, and the ESL rule can reference the
 * API group without a cycle. Inline and standalone rules must not be mixed on one group (they fight
 * over the rule set), so inline `ingress`/`egress` is never set here.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../../facts/cidr";
import { StackConfig } from "../config";
import { PortName, ports, Protocol, Role, roles } from "../../facts/ports";

export type RuleSource = { readonly cidr: string } | { readonly securityGroup: Role };

export interface IngressSpec {
    /** The group the rule belongs to. */
    readonly role: Role;
    readonly port: PortName;
    readonly protocol: Protocol;
    readonly source: RuleSource;
    readonly description: string;
}

export type IngressConfig = Pick<StackConfig, "adminCidrs" | "sipSignallingPeers" | "mediaPeers" | "sipTls">;

export { roles };

/** Hosts talk to the internet (apt, ACME, SIP/RTP to peers, AWS APIs); the data tier never starts a connection. */
export const rolesWithEgress: readonly Role[] = ["api", "freeswitch"];

const roleDescriptions: Record<Role, string> = {
    api: "IRISX API host: SSH from admins, HTTP/HTTPS from anyone",
    freeswitch: "IRISX FreeSWITCH host: SSH from admins, SIP/RTP from peers, ESL from the API host",
    db: "IRISX PostgreSQL: 5432 from the hosts only",
    cache: "IRISX Redis: 6379 from the hosts only",
};

/** Every inbound rule of every group, as data. The groups below are a direct rendering of this. */
export function planIngress(config: IngressConfig): IngressSpec[] {
    const rules: IngressSpec[] = [];
    const add = (role: Role, port: PortName, sources: readonly RuleSource[], why: string) => {
        for (const protocol of ports[port].protocols) {
            for (const source of sources) rules.push({ role, port, protocol, source, description: `${ports[port].purpose}: ${why}` });
        }
    };
    const cidrs = (list: readonly string[]) => list.map((cidr) => ({ cidr }));
    const hosts: RuleSource[] = [{ securityGroup: "api" }, { securityGroup: "freeswitch" }];

    add("api", "ssh", cidrs(config.adminCidrs), "admin range");
    // IPv4 only: the VPC has no IPv6, so a ::/0 rule would open nothing but would still read as "world".
    add("api", "http", cidrs(["0.0.0.0/0"]), "public, redirects to HTTPS");
    add("api", "https", cidrs(["0.0.0.0/0"]), "public");

    add("freeswitch", "ssh", cidrs(config.adminCidrs), "admin range");
    add("freeswitch", "sip", cidrs(config.sipSignallingPeers), "SIP signalling peer");
    if (config.sipTls) add("freeswitch", "sipTls", cidrs(config.sipSignallingPeers), "SIP signalling peer");
    add("freeswitch", "rtp", cidrs(config.mediaPeers), "media peer");
    // ESL has no TLS: only the API host's group, never an address that could be reused.
    add("freeswitch", "esl", [{ securityGroup: "api" }], "API host only");

    add("db", "postgres", hosts, "hosts only");
    add("cache", "redis", hosts, "hosts only");
    return rules;
}

/** A stable, readable resource name: a reordered peer list must not replace unrelated rules. */
export function ingressRuleName(prefix: string, rule: IngressSpec): string {
    const source = "cidr" in rule.source ? rule.source.cidr.replace(/[^0-9a-fA-F]+/g, "-") : `sg-${rule.source.securityGroup}`;
    return `${prefix}-${rule.role}-${rule.port}-${rule.protocol}-from-${source}`;
}

export interface SecurityGroupsArgs {
    readonly vpcId: pulumi.Input<string>;
    readonly ingress: IngressConfig;
    readonly tags: (name: string, role: Role) => Record<string, string>;
}

export class SecurityGroups extends pulumi.ComponentResource {
    /** Security group id per role. */
    readonly ids: Readonly<Record<Role, pulumi.Output<string>>>;

    constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:network:SecurityGroups", name, {}, opts);
        const parent = { parent: this };

        const groups = {} as Record<Role, aws.ec2.SecurityGroup>;
        for (const role of roles) {
            const groupName = `${name}-sg-${role}`;
            // No `name`: Pulumi autonames the group, so a replacement (description and VPC are
            // ForceNew) creates the new group before deleting the old one that instances still use.
            groups[role] = new aws.ec2.SecurityGroup(groupName, {
                description: roleDescriptions[role],
                vpcId: args.vpcId,
                // Lets `pulumi destroy` remove a group that another group's rule still references.
                revokeRulesOnDelete: true,
                tags: args.tags(groupName, role),
            }, parent);
        }

        for (const rule of planIngress(args.ingress)) {
            const spec = ports[rule.port];
            const ruleName = ingressRuleName(name, rule);
            const source =
                "cidr" in rule.source
                    ? parseCidr(rule.source.cidr)?.family === 6
                        ? { cidrIpv6: rule.source.cidr }
                        : { cidrIpv4: rule.source.cidr }
                    : { referencedSecurityGroupId: groups[rule.source.securityGroup].id };
            new aws.vpc.SecurityGroupIngressRule(ruleName, {
                securityGroupId: groups[rule.role].id,
                ipProtocol: rule.protocol,
                fromPort: spec.from,
                toPort: spec.to,
                description: rule.description,
                ...source,
                tags: args.tags(ruleName, rule.role),
            }, parent);
        }

        for (const role of rolesWithEgress) {
            const ruleName = `${name}-${role}-egress-all`;
            new aws.vpc.SecurityGroupEgressRule(ruleName, {
                securityGroupId: groups[role].id,
                ipProtocol: "-1",
                cidrIpv4: "0.0.0.0/0",
                description: "Outbound: apt, ACME, SIP/RTP to peers, AWS APIs",
                tags: args.tags(ruleName, role),
            }, parent);
        }

        this.ids = Object.fromEntries(roles.map((role) => [role, groups[role].id])) as Record<Role, pulumi.Output<string>>;
        this.registerOutputs({ ids: this.ids });
    }
}
