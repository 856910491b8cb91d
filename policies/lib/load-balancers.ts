/**
 * Load balancers as the pack sees them (edge alb): which security groups each one names
 * (`securityGroups`), the rules that open those groups, and whether a load balancer sits in front
 * of a host of a role (a target-group attachment whose `targetId` is that host). A load balancer
 * is no host: it has no role tag, so its groups are found through it, never through tags.
 */
import { Role } from "../../facts/ports";
import { listenerTypes, loadBalancerTypes, targetGroupAttachmentTypes } from "../../facts/resource-types";
import { GroupNode, hostModel } from "./host-model";
import { HostRule, judgedRoles, standaloneTargets } from "./hosts";
import { normaliseIngress } from "./ingress";
import { identifiers, LinkedResource, references } from "./links";
import { expandPrefixLists } from "./prefix-lists";
import { knownString, read } from "./unknown";

/** Application load balancers only: a network load balancer has no listener rules or WAF (loadBalancerType defaults to application). */
export function applicationLoadBalancers(resources: readonly LinkedResource[]): LinkedResource[] {
    return resources.filter((r) => loadBalancerTypes.includes(r.type) && (read(r.props, "loadBalancerType") ?? "application") === "application");
}

export const loadBalancerListeners = (resources: readonly LinkedResource[]) => resources.filter((r) => listenerTypes.includes(r.type));

/** Every group some load balancer of the stack names, by the model's key. */
export function loadBalancerGroups(resources: readonly LinkedResource[]): Map<string, GroupNode> {
    const model = hostModel(resources);
    const groups = new Map<string, GroupNode>();
    for (const lb of resources.filter((r) => loadBalancerTypes.includes(r.type))) {
        for (const node of model.groupRef(lb, ["securityGroups"])) if (node.key !== "unknown") groups.set(node.key, node);
    }
    return groups;
}

/** The inline and standalone rules that open a load balancer's group. */
export function loadBalancerIngress(resources: readonly LinkedResource[]): HostRule[] {
    const groups = loadBalancerGroups(resources);
    const rules: HostRule[] = [];
    const push = (owner: LinkedResource) => {
        for (const rule of normaliseIngress(owner.type, owner.props, owner.urn)) {
            for (const e of expandPrefixLists(rule, owner, resources)) rules.push({ rule: e.rule, owner, deferTo: e.deferTo });
        }
    };
    for (const node of groups.values()) if (node.resource) push(node.resource);
    for (const { rule, targets } of standaloneTargets(resources)) if (targets.some((t) => groups.has(t.key))) push(rule);
    return rules;
}

/** True when some attachment registers a host judged as `role` in a target group (the load balancer is in front of it). */
export function hasLoadBalancerInFront(resources: readonly LinkedResource[], role: Role): boolean {
    const hosts = [...judgedRoles(resources)].filter(([, judged]) => judged.role === role).map(([host]) => host.resource);
    if (hosts.length === 0 || applicationLoadBalancers(resources).length === 0) return false;
    return resources
        .filter((r) => targetGroupAttachmentTypes.includes(r.type))
        .some((a) => references(a, ["targetId"], hosts, identifiers).resources.length > 0);
}

/**
 * Whether the group a rule's source names is a load balancer's: by its known id, else (preview) by
 * the one stack group the granting property depends on. `unknown` when neither can tell.
 */
export function sourceIsLoadBalancerGroup(hostRule: HostRule, resources: readonly LinkedResource[]): boolean | "unknown" {
    const { rule, owner } = hostRule;
    if (rule.source.kind !== "securityGroup") return false;
    const groups = loadBalancerGroups(resources);
    const model = hostModel(resources);
    const id = rule.source.id;
    if (id !== undefined) return [...groups.values()].some((g) => g.id === id) || groups.has(`id:${id}`);
    const fields = ["referencedSecurityGroupId", "sourceSecurityGroupId"].filter((f) => knownString(read(owner.props, f)) === undefined);
    const candidates = fields.flatMap((f) => model.groupRef(owner, [f])).filter((g) => g.key !== "unknown" && g.key !== hostRule.group?.resource?.urn);
    if (candidates.length !== 1) return "unknown";
    return groups.has(candidates[0].key);
}
