/**
 * Which security groups and ingress rules belong to a host role, across the whole stack, asked of
 * the one host model (host-model.ts): groups tagged with the role, every group that can apply to a
 * host with the role (or to an untagged host sharing a group with the API host), and every inline
 * or standalone rule that opens one of them, with prefix lists declared here read as their entries.
 * Used by the stack policies and by `npm run plan` for each host's exposure table.
 */
import { Role, roleTagKey } from "../../facts/ports";
import { ingressTypes, securityGroupTypes, types } from "../../facts/resource-types";
import { GroupNode, HostNode, hostModel } from "./host-model";
import { IngressRule, normaliseIngress } from "./ingress";
import type { LinkedResource } from "./links";
import { DeferTo, expandPrefixLists } from "./prefix-lists";
import { hasRole } from "./tags";

export type { LinkedResource } from "./links";
export { securityGroupId } from "./host-model";

export interface HostSecurityGroup {
    /** Undefined for a group that is not a resource of this stack (a foreign or unknown id). */
    readonly resource?: LinkedResource;
    readonly id?: string;
    readonly label: string;
    /** Why it belongs to the host: "tagged irisx:role=api", "attached to instance 'api'". */
    readonly reasons: readonly string[];
    readonly tagged: boolean;
}

export interface HostRule {
    readonly rule: IngressRule;
    /** The resource that declares the rule (the group itself for inline rules). */
    readonly owner: LinkedResource;
    /** The host group it opens; undefined for a rule tagged with the role whose target is not linked. */
    readonly group?: HostSecurityGroup;
    /** Where an unknown value the verdict hangs on lives, when not on the owner (a prefix list's entries). */
    readonly deferTo?: DeferTo;
}

export interface HostIngress {
    readonly role: Role;
    /** Host-like resources with the role, or judged as having it. */
    readonly hosts: readonly LinkedResource[];
    readonly securityGroups: readonly HostSecurityGroup[];
    readonly rules: readonly HostRule[];
    /** Hosts, groups and rules whose role tag is unknown during preview. */
    readonly roleUnknown: readonly LinkedResource[];
}

export interface JudgedRole {
    readonly role: Role | "unknown" | undefined;
    /** Why an untagged host is judged as the API host. */
    readonly why?: string;
}

/** The role each host is judged as: its own, else "api" when it shares a group with an API host. */
export function judgedRoles(resources: readonly LinkedResource[]): Map<HostNode, JudgedRole> {
    const model = hostModel(resources);
    const apiGroups = new Set(model.hosts.filter((h) => h.role === "api").flatMap((h) => [...h.groups.keys()]));
    for (const sg of resources) if (securityGroupTypes.includes(sg.type) && hasRole(sg.props, "api") === true) apiGroups.add(sg.urn);
    return new Map(model.hosts.map((host): [HostNode, JudgedRole] => {
        if (host.role !== undefined || model.usedTemplates.has(host.resource.urn)) return [host, { role: host.role }];
        // An id unknown on both sides is no evidence that the groups are the same.
        const shared = [...host.groups.values()].find((m) => m.group.key !== "unknown" && apiGroups.has(m.group.key));
        return [host, shared ? { role: "api", why: `shares ${shared.group.label} with the API host` } : { role: undefined }];
    }));
}

/** The standalone ingress rules of the stack and the group nodes each opens. */
export function standaloneTargets(resources: readonly LinkedResource[]): { rule: LinkedResource; targets: GroupNode[] }[] {
    const model = hostModel(resources);
    return resources
        .filter((r) => ingressTypes.includes(r.type) && !securityGroupTypes.includes(r.type))
        .map((rule) => ({ rule, targets: model.groupRef(rule, ["securityGroupId"]) }));
}

export function collectHostIngress(resources: readonly LinkedResource[], role: Role): HostIngress {
    const model = hostModel(resources);
    const tag = `tagged ${roleTagKey}=${role}`;
    const roleUnknown: LinkedResource[] = [];
    const hosts: LinkedResource[] = [];
    const groups = new Map<string, { node: GroupNode; reasons: string[]; tagged: boolean }>();
    const member = (node: GroupNode, reason: string, tagged = false) => {
        const entry = groups.get(node.key) ?? { node, reasons: [], tagged: false };
        if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
        entry.tagged ||= tagged;
        groups.set(node.key, entry);
    };
    for (const sg of resources.filter((r) => securityGroupTypes.includes(r.type))) {
        const value = hasRole(sg.props, role);
        if (value === "unknown") roleUnknown.push(sg);
        if (value === true) member(model.groups.get(sg.urn)!, tag, true);
    }
    for (const [host, judged] of judgedRoles(resources)) {
        if (judged.role === "unknown") roleUnknown.push(host.resource);
        if (judged.role !== role) continue;
        hosts.push(host.resource);
        const suffix = judged.why ? ` (untagged; ${judged.why})` : "";
        for (const { group, reasons } of host.groups.values()) for (const reason of reasons) member(group, `${reason}${suffix}`);
    }
    const view = (key: string): HostSecurityGroup | undefined => {
        const entry = groups.get(key);
        return entry && { resource: entry.node.resource, id: entry.node.id, label: entry.node.label, reasons: entry.reasons, tagged: entry.tagged };
    };
    const rules: HostRule[] = [];
    const push = (owner: LinkedResource, group: HostSecurityGroup | undefined) => {
        for (const rule of normaliseIngress(owner.type, owner.props, owner.urn)) {
            for (const expanded of expandPrefixLists(rule, owner, resources)) rules.push({ rule: expanded.rule, owner, group, deferTo: expanded.deferTo });
        }
    };
    for (const { node } of groups.values()) if (node.resource) push(node.resource, view(node.key));
    for (const { rule, targets } of standaloneTargets(resources)) {
        const target = targets.find((t) => groups.has(t.key));
        const tagged = rule.type === types.securityGroupIngressRule ? hasRole(rule.props, role) : false;
        if (tagged === "unknown") roleUnknown.push(rule);
        if (target || tagged === true) push(rule, target && view(target.key));
    }
    return { role, hosts, securityGroups: [...groups.keys()].map((k) => view(k)!), rules, roleUnknown };
}

/** Every ingress rule in the stack, prefix lists declared here read as their entries (for stack-wide checks). */
export function stackIngress(resources: readonly LinkedResource[]): HostRule[] {
    return resources.filter((r) => ingressTypes.includes(r.type)).flatMap((owner) =>
        normaliseIngress(owner.type, owner.props, owner.urn).flatMap((rule) =>
            expandPrefixLists(rule, owner, resources).map((e) => ({ rule: e.rule, owner, deferTo: e.deferTo }))));
}

/** "SecurityGroupRule 'api-ssh' on security group 'api' (attached to instance 'api')": where a host rule lives. */
export function describeHostRule(hostRule: HostRule): string {
    const { owner, group } = hostRule;
    const groupText = group ? `${group.label} (${group.reasons.join(", ")})` : "";
    if (group && group.resource && owner.urn === group.resource.urn) return groupText;
    const kind = owner.type === types.securityGroupRule ? "SecurityGroupRule" : "SecurityGroupIngressRule";
    return group ? `${kind} '${owner.name}' on ${groupText}` : `${kind} '${owner.name}' (${roleTagKey} tag)`;
}
