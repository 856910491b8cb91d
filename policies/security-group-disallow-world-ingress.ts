import type { StackValidationPolicy } from "@pulumi/policy";
import { loadBalancerWorldPorts } from "../facts/edge";
import { PortSpec, apiForbiddenPorts, ports, worldReachablePorts } from "../facts/ports";
import { ingressTypes, securityGroupTypes, types } from "../facts/resource-types";
import { isWorldCidr } from "./lib/admin-sources";
import { at } from "./lib/findings";
import { LinkedResource, collectHostIngress } from "./lib/hosts";
import { loadBalancerIngress } from "./lib/load-balancers";
import { IngressRule, describeRule, normaliseIngress } from "./lib/ingress";
import { unknownPaths } from "./lib/judge";
import { roleTagPath } from "./lib/tags";
import { deferToUnknown } from "./lib/unknown";

type HostRole = keyof typeof worldReachablePorts;
const publicRoles = Object.keys(worldReachablePorts) as HostRole[];
/** A load balancer's group (edge alb) takes HTTP/HTTPS from the world like the API host did. */
type PublicRole = HostRole | "loadBalancer";
const worldPorts: Readonly<Record<PublicRole, readonly (keyof typeof ports)[]>> = { ...worldReachablePorts, loadBalancer: loadBalancerWorldPorts };

/**
 * Ports other policies already refuse to the world (one verdict per problem): SSH everywhere
 * (security-group-disallow-world-ssh), ESL and the data ports from any CIDR, SIP/RTP/ESL on the API host.
 */
const judgedElsewhere = (role: PublicRole | undefined): readonly PortSpec[] =>
    [ports.ssh, ports.esl, ports.postgres, ports.redis, ...(role === "api" ? apiForbiddenPorts : [])];

const specText = (s: PortSpec) => `${s.from === s.to ? s.from : `${s.from}-${s.to}`}/${s.protocols.join("+")}`;
const hostLabel: Record<PublicRole, string> = { api: "the API host", freeswitch: "the FreeSWITCH host", loadBalancer: "a load balancer's group" };
const hostText = (role: PublicRole) =>
    `${hostLabel[role]}, which takes only ${worldPorts[role].map((n) => specText(ports[n])).join(", ")} from 0.0.0.0/0 or ::/0`;
const noHostText = "a group of no public host (only the API and FreeSWITCH hosts and a load balancer's group take traffic from 0.0.0.0/0 or ::/0)";

/** `[from, to]` minus every range in `minus`, as sorted disjoint ranges. */
function subtract(from: number, to: number, minus: readonly { from: number; to: number }[]): [number, number][] {
    let left: [number, number][] = [[from, to]];
    for (const m of minus) {
        left = left.flatMap(([a, b]): [number, number][] => {
            if (m.to < a || m.from > b) return [[a, b]];
            return [...(m.from > a ? [[a, m.from - 1] as [number, number]] : []), ...(m.to < b ? [[m.to + 1, b] as [number, number]] : [])];
        });
    }
    return left;
}

/** What the rule opens beyond `allowed`, as text ("3389/tcp", "9847-9849/tcp"); undefined when nothing; `undecided` when unknown. */
export function beyond(rule: IngressRule, allowed: readonly PortSpec[]): string | undefined | "undecided" {
    if (rule.unknown.includes("protocol") || rule.unknown.includes("ports")) return "undecided";
    // ICMP carries no ports; AWS asks for type 3 code 4 from anywhere for path MTU discovery.
    if (rule.protocol === "icmp" || rule.protocol === "icmpv6") return undefined;
    if (rule.protocol === "all") return "every port and protocol";
    if (rule.protocol !== "tcp" && rule.protocol !== "udp") return `protocol ${rule.rawProtocol}`;
    const left = subtract(rule.fromPort, rule.toPort, allowed.filter((s) => s.protocols.includes(rule.protocol as "tcp" | "udp")));
    if (left.length === 0) return undefined;
    return left.map(([a, b]) => `${a === b ? a : `${a}-${b}`}/${rule.protocol}`).join(", ");
}

const ruleKey = (urn: string, rule: IngressRule) => `${urn}#${rule.path.join(".")}`;

function describeOwner(owner: LinkedResource, rule: IngressRule): string {
    if (securityGroupTypes.includes(owner.type)) return `security group '${owner.name}': ${at(rule)}`;
    return `${owner.type === types.securityGroupRule ? "SecurityGroupRule" : "SecurityGroupIngressRule"} '${owner.name}': `;
}

export const securityGroupDisallowWorldIngress: StackValidationPolicy = {
    name: "security-group-disallow-world-ingress",
    description: "Prohibits ingress from 0.0.0.0/0 or ::/0 except HTTP/HTTPS to the API host or a load balancer and SIP/RTP to FreeSWITCH (Security Hub EC2.18/EC2.19).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        // Role lookup through the host linker: a rule reaching several hosts must suit each of them.
        const rolesOf = new Map<string, PublicRole[]>();
        const roleUnknown = new Set<string>();
        for (const role of publicRoles) {
            const host = collectHostIngress(args.resources, role);
            host.roleUnknown.forEach((r) => roleUnknown.add(r.urn));
            for (const { rule, owner } of host.rules) rolesOf.set(ruleKey(owner.urn, rule), [...(rolesOf.get(ruleKey(owner.urn, rule)) ?? []), role]);
        }
        for (const { rule, owner } of loadBalancerIngress(args.resources)) rolesOf.set(ruleKey(owner.urn, rule), [...(rolesOf.get(ruleKey(owner.urn, rule)) ?? []), "loadBalancer"]);
        const pending: (() => void)[] = [];
        for (const owner of args.resources.filter((r) => ingressTypes.includes(r.type))) {
            for (const rule of normaliseIngress(owner.type, owner.props, owner.urn)) {
                const source = rule.source;
                if (source.kind !== "unknown" && !(source.kind === "cidr" && isWorldCidr(source.cidr))) continue;
                const roles: (PublicRole | undefined)[] = rolesOf.get(ruleKey(owner.urn, rule)) ?? [undefined];
                for (const role of roles) {
                    const opened = beyond(rule, [...(role ? worldPorts[role].map((name) => ports[name]) : []), ...judgedElsewhere(role)]);
                    if (opened === undefined) continue;
                    if (opened === "undecided" || source.kind === "unknown" || (role === undefined && roleUnknown.has(owner.urn))) {
                        pending.push(() => [...unknownPaths(rule), roleTagPath].forEach((p) => deferToUnknown(owner.props, p)));
                        continue;
                    }
                    report(`${describeOwner(owner, rule)}${describeRule(rule)} opens ${opened} to the whole internet on ${role ? hostText(role) : noHostText}: ` +
                        "narrow the source to the addresses that need it or remove the rule.", owner.urn);
                    break;
                }
            }
        }
        pending.forEach((surface) => surface());
    },
};
