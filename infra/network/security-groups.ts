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
import { GroupName, IngressConfig, IngressSpec, planGroups, planIngress } from "../../facts/ingress";
import { ports, Role, roles } from "../../facts/ports";

/** Hosts talk to the internet (apt, ACME, SIP/RTP to peers, AWS APIs); the data tier never starts a connection. */
export const rolesWithEgress: readonly Role[] = ["api", "freeswitch"];

const roleDescriptions: Record<GroupName, string> = {
    alb: "IRISX load balancer: HTTP/HTTPS from anyone, to the API hosts' 443 only",
    api: "IRISX API host: SSH from admins, HTTP/HTTPS from anyone",
    freeswitch: "IRISX FreeSWITCH host: SSH from admins, SIP/RTP from peers, ESL from the API host",
    db: "IRISX PostgreSQL: 5432 from the hosts only",
    cache: "IRISX Redis: 6379 from the hosts only",
};

/** A stable, readable resource name: a reordered peer list must not replace unrelated rules. */
export function ingressRuleName(prefix: string, rule: IngressSpec): string {
    const source = "cidr" in rule.source ? rule.source.cidr.replace(/[^0-9a-fA-F]+/g, "-") : `sg-${rule.source.securityGroup}`;
    return `${prefix}-${rule.role}-${rule.port}-${rule.protocol}-from-${source}`;
}

export interface SecurityGroupsArgs {
    readonly vpcId: pulumi.Input<string>;
    readonly ingress: IngressConfig;
    /** The load balancer's group carries no role tag: it is no host (facts/ingress.ts GroupName). */
    readonly tags: (name: string, role?: Role) => Record<string, string>;
}

const roleOf = (group: GroupName): Role | undefined => (group === "alb" ? undefined : group);

export class SecurityGroups extends pulumi.ComponentResource {
    /** Security group id per role. */
    readonly ids: Readonly<Record<Role, pulumi.Output<string>>>;
    /** The load balancer's group (edge alb only). */
    readonly albId?: pulumi.Output<string>;

    constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:network:SecurityGroups", name, {}, opts);
        const parent = { parent: this };

        const groups = {} as Record<GroupName, aws.ec2.SecurityGroup>;
        for (const role of planGroups(args.ingress)) {
            const groupName = `${name}-sg-${role}`;
            // No `name`: Pulumi autonames the group, so a replacement (description and VPC are
            // ForceNew) creates the new group before deleting the old one that instances still use.
            groups[role] = new aws.ec2.SecurityGroup(groupName, {
                description: roleDescriptions[role],
                vpcId: args.vpcId,
                // Lets `pulumi destroy` remove a group that another group's rule still references.
                revokeRulesOnDelete: true,
                tags: args.tags(groupName, roleOf(role)),
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
                tags: args.tags(ruleName, roleOf(rule.role)),
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

        // The load balancer starts connections only to the API hosts' nginx (its target group).
        if (groups.alb) {
            const ruleName = `${name}-alb-egress-https-to-sg-api`;
            new aws.vpc.SecurityGroupEgressRule(ruleName, {
                securityGroupId: groups.alb.id,
                ipProtocol: "tcp",
                fromPort: ports.https.from,
                toPort: ports.https.to,
                referencedSecurityGroupId: groups.api.id,
                description: "To the API hosts' nginx (target group and health checks)",
                tags: args.tags(ruleName),
            }, parent);
        }

        this.albId = groups.alb?.id;
        this.ids = Object.fromEntries(roles.map((role) => [role, groups[role].id])) as Record<Role, pulumi.Output<string>>;
        this.registerOutputs({ ids: this.ids, albId: this.albId });
    }
}
