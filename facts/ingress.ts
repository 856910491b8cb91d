/**
 * Who may reach what, as data: every inbound rule of every role, built from the port table. The
 * security groups (infra/network/security-groups.ts) and the hosts' own firewalls
 * (provisioning/render/nftables.ts) are both renderings of this one plan.
 */
import { EdgeMode, loadBalancerWorldPorts } from "./edge";
import { PortName, ports, Protocol, Role, roles } from "./ports";
export { roles } from "./ports";

/**
 * A security group of the plan: one per role, and the load balancer's own (`alb`, edge alb only).
 * The load balancer is no host: it carries no role tag, and the pack finds its group through the
 * load balancer's `securityGroups`.
 */
export type GroupName = Role | "alb";

export type RuleSource = { readonly cidr: string } | { readonly securityGroup: GroupName };

export interface IngressSpec {
    /** The group the rule belongs to. */
    readonly role: GroupName;
    readonly port: PortName;
    readonly protocol: Protocol;
    readonly source: RuleSource;
    readonly description: string;
}

/** The stack settings the plan depends on (a StackConfig is one). */
export interface IngressConfig {
    readonly adminCidrs: readonly string[];
    readonly sipSignallingPeers: readonly string[];
    readonly mediaPeers: readonly string[];
    readonly sipTls: boolean;
    /** Unset reads as direct (today's shape). */
    readonly edge?: EdgeMode;
}

/** The groups a plan has: every role's, and the load balancer's in edge alb. */
export function planGroups(config: Pick<IngressConfig, "edge">): GroupName[] {
    return [...roles, ...(config.edge === "alb" ? ["alb" as const] : [])];
}

/** Every inbound rule of every group, as data. The groups and the host firewalls are direct renderings of this. */
export function planIngress(config: IngressConfig): IngressSpec[] {
    const rules: IngressSpec[] = [];
    const add = (role: GroupName, port: PortName, sources: readonly RuleSource[], why: string) => {
        for (const protocol of ports[port].protocols) {
            for (const source of sources) rules.push({ role, port, protocol, source, description: `${ports[port].purpose}: ${why}` });
        }
    };
    const cidrs = (list: readonly string[]) => list.map((cidr) => ({ cidr }));
    const hosts: RuleSource[] = [{ securityGroup: "api" }, { securityGroup: "freeswitch" }];

    add("api", "ssh", cidrs(config.adminCidrs), "admin range");
    // IPv4 only: the VPC has no IPv6, so a ::/0 rule would open nothing but would still read as "world".
    if (config.edge === "alb") {
        // The load balancer is the public face; its listener 80 redirects by itself and its target
        // group speaks HTTPS, so the API hosts take 443 from its group and nothing on 80.
        for (const port of loadBalancerWorldPorts) add("alb", port, cidrs(["0.0.0.0/0"]), port === "http" ? "public, the load balancer redirects to HTTPS" : "public, the load balancer (AWS WAF in front)");
        add("api", "https", [{ securityGroup: "alb" }], "the load balancer only");
    } else {
        add("api", "http", cidrs(["0.0.0.0/0"]), "public, redirects to HTTPS");
        add("api", "https", cidrs(["0.0.0.0/0"]), "public");
    }

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
