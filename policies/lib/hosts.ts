/**
 * Which security groups and ingress rules belong to a host role, across the whole stack: groups
 * tagged with the role, groups in the `vpcSecurityGroupIds` (or `securityGroups`) of instances
 * tagged with it, and every inline or standalone rule that opens one of those groups. Links follow
 * property dependencies (known during preview) and ids (known after apply). Used by the stack
 * policies and by `npm run plan` for each host's exposure table.
 */
import { Role, roleTagKey } from "../../facts/ports";
import { IngressRule, normaliseIngress } from "./ingress";
import { ingressTypes, securityGroupTypes, types } from "../../facts/resource-types";
import { hasRole } from "./tags";
import { knownString, read, readList } from "./unknown";

/** The part of a resource the linker needs: a PolicyResource, or a recorded mock resource. */
export interface LinkedResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, any>;
    /** URNs (recorded resources) or resources (PolicyResource) each property depends on. */
    readonly propertyDependencies?: Readonly<Record<string, ReadonlyArray<string | { readonly urn: string }>>>;
}

export interface HostSecurityGroup {
    readonly resource: LinkedResource;
    readonly id?: string;
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
    /** True when a resource policy already judges it (a group or ingress rule tagged with the role). */
    readonly judgedAsTagged: boolean;
}

export interface HostIngress {
    readonly role: Role;
    readonly instances: readonly LinkedResource[];
    readonly securityGroups: readonly HostSecurityGroup[];
    readonly rules: readonly HostRule[];
    /** Instances, groups and rules whose role tag is unknown during preview. */
    readonly roleUnknown: readonly LinkedResource[];
}

function dependencyUrns(resource: LinkedResource, property: string): string[] {
    const deps = resource.propertyDependencies?.[property] ?? [];
    return deps.map((d) => (typeof d === "string" ? d : d.urn));
}

/** A group's id from its outputs: `id` (bridged providers report it), else the ARN's suffix. */
export function securityGroupId(props: Record<string, unknown>): string | undefined {
    const id = knownString(read(props, "id"));
    if (id) return id;
    const arn = knownString(read(props, "arn"));
    return arn ? /security-group\/(sg-[0-9a-zA-Z]+)$/.exec(arn)?.[1] : undefined;
}

function knownStrings(props: unknown, key: string): string[] {
    const list = readList(props, key);
    return list === "unknown" ? [] : list.map(knownString).filter((v): v is string => v !== undefined);
}

export function collectHostIngress(resources: readonly LinkedResource[], role: Role): HostIngress {
    const tag = `tagged ${roleTagKey}=${role}`;
    const roleUnknown: LinkedResource[] = [];
    const roleOf = (r: LinkedResource): boolean => {
        const value = hasRole(r.props, role);
        if (value === "unknown") roleUnknown.push(r);
        return value === true;
    };
    const instances = resources.filter((r) => r.type === types.instance && roleOf(r));
    const groups = new Map<string, { resource: LinkedResource; id?: string; reasons: string[]; tagged: boolean }>();
    const all = resources.filter((r) => securityGroupTypes.includes(r.type));
    for (const sg of all) {
        if (roleOf(sg)) groups.set(sg.urn, { resource: sg, id: securityGroupId(sg.props), reasons: [tag], tagged: true });
    }
    for (const instance of instances) {
        const urns = [...dependencyUrns(instance, "vpcSecurityGroupIds"), ...dependencyUrns(instance, "securityGroups")];
        const ids = knownStrings(instance.props, "vpcSecurityGroupIds");
        const names = knownStrings(instance.props, "securityGroups");
        for (const sg of all) {
            const id = securityGroupId(sg.props);
            const name = knownString(read(sg.props, "name"));
            const attached = urns.includes(sg.urn) || (id !== undefined && ids.includes(id)) || (name !== undefined && names.includes(name));
            if (!attached) continue;
            const entry = groups.get(sg.urn) ?? { resource: sg, id, reasons: [], tagged: false };
            entry.reasons.push(`attached to instance '${instance.name}'`);
            groups.set(sg.urn, entry);
        }
    }
    const rules: HostRule[] = [];
    for (const group of groups.values()) {
        for (const rule of normaliseIngress(group.resource.type, group.resource.props, group.resource.urn)) {
            rules.push({ rule, owner: group.resource, group, judgedAsTagged: group.tagged });
        }
    }
    for (const r of resources) {
        if (!ingressTypes.includes(r.type) || securityGroupTypes.includes(r.type)) continue;
        const tagged = r.type === types.securityGroupIngressRule && roleOf(r);
        const target = knownString(read(r.props, "securityGroupId"));
        const urns = dependencyUrns(r, "securityGroupId");
        const group = [...groups.values()].find((g) => urns.includes(g.resource.urn) || (target !== undefined && target === g.id));
        if (!group && !tagged) continue;
        for (const rule of normaliseIngress(r.type, r.props, r.urn)) rules.push({ rule, owner: r, group, judgedAsTagged: tagged });
    }
    return { role, instances, securityGroups: [...groups.values()], rules, roleUnknown };
}

/** "rule 'api-ssh' on security group 'api' (attached to instance 'api')": where a host rule lives. */
export function describeHostRule(hostRule: HostRule): string {
    const { owner, group } = hostRule;
    const groupText = group ? `security group '${group.resource.name}' (${group.reasons.join(", ")})` : "";
    if (group && owner.urn === group.resource.urn) return groupText;
    const kind = owner.type === types.securityGroupRule ? "SecurityGroupRule" : "SecurityGroupIngressRule";
    return group ? `${kind} '${owner.name}' on ${groupText}` : `${kind} '${owner.name}' (${roleTagKey} tag)`;
}
