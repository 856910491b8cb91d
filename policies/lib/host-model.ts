/**
 * The one model of "what can reach this host": for every host-like resource (instances, spot
 * requests, launch templates and configurations, auto scaling groups, spot and EC2 fleets) its
 * role and every security group that can apply to it — its own groups, its network interfaces'
 * (attached either way, plus groups attached to its primary interface), its launch templates',
 * the VPC default group when it names none, and groups outside this stack that rules here open.
 * hosts.ts turns it into rules per role; nothing else in the pack links resources.
 */
import { Role } from "../../facts/ports";
import { hostTypes, securityGroupTypes, types } from "../../facts/resource-types";
import { LinkedResource, Reference, identifiers, references } from "./links";
import { roleOf } from "./tags";
import { knownString, read } from "./unknown";

/** A security group as the model knows it: a resource of this stack, a foreign id, or an unknown one. */
export interface GroupNode {
    /** The URN of a stack group, `id:<sg-…>` for a foreign one, `unknown` for an id not known yet. */
    readonly key: string;
    readonly resource?: LinkedResource;
    readonly id?: string;
    /** "security group 'api'", "security group sg-0123 outside this stack". */
    readonly label: string;
}

export interface Membership {
    readonly group: GroupNode;
    /** Why the group applies: "attached to instance 'api'", "on network interface 'sip' of instance 'api'". */
    readonly reasons: string[];
}

export interface HostNode {
    readonly resource: LinkedResource;
    /** Its tag's role, a launch template's, "unknown" during preview, or undefined when untagged. */
    readonly role: Role | "unknown" | undefined;
    readonly groups: ReadonlyMap<string, Membership>;
}

export const hostKinds: Readonly<Record<string, string>> = {
    [types.instance]: "instance", [types.spotInstanceRequest]: "spot instance request",
    [types.launchTemplate]: "launch template", [types.launchConfiguration]: "launch configuration",
    [types.autoscalingGroup]: "auto scaling group", [types.spotFleetRequest]: "spot fleet request", [types.fleet]: "EC2 fleet",
};

export const describeHost = (r: LinkedResource) => `${hostKinds[r.type] ?? r.type} '${r.name}'`;

/** A group's id from its outputs: `id` (bridged providers report it), else the ARN's suffix. */
export function securityGroupId(props: Record<string, unknown>): string | undefined {
    const id = knownString(read(props, "id"));
    if (id) return id;
    const arn = knownString(read(props, "arn"));
    return arn ? /security-group\/(sg-[0-9a-zA-Z]+)$/.exec(arn)?.[1] : undefined;
}

/** Where each host kind names groups (ids or names), network interfaces and launch templates. */
const groupPaths: Readonly<Record<string, readonly (readonly string[])[]>> = {
    [types.instance]: [["vpcSecurityGroupIds"], ["securityGroups"]],
    [types.spotInstanceRequest]: [["vpcSecurityGroupIds"], ["securityGroups"]],
    [types.launchTemplate]: [["vpcSecurityGroupIds"], ["securityGroupNames"], ["networkInterfaces", "*", "securityGroups"]],
    [types.launchConfiguration]: [["securityGroups"]],
    [types.spotFleetRequest]: [["launchSpecifications", "*", "vpcSecurityGroupIds"]],
};
const interfacePaths: readonly (readonly string[])[] = [["networkInterfaces", "*", "networkInterfaceId"], ["primaryNetworkInterface", "networkInterfaceId"]];
const templatePaths: readonly (readonly string[])[] = [
    ["launchTemplate", "id"], ["launchTemplate", "name"],
    ["mixedInstancesPolicy", "launchTemplate", "launchTemplateSpecification", "launchTemplateId"],
    ["mixedInstancesPolicy", "launchTemplate", "launchTemplateSpecification", "launchTemplateName"],
    ["mixedInstancesPolicy", "launchTemplate", "overrides", "*", "launchTemplateSpecification", "launchTemplateId"],
    ["mixedInstancesPolicy", "launchTemplate", "overrides", "*", "launchTemplateSpecification", "launchTemplateName"],
    ["launchTemplateConfigs", "*", "launchTemplateSpecification", "id"], ["launchTemplateConfigs", "*", "launchTemplateSpecification", "name"],
    ["launchTemplateConfigs", "*", "launchTemplateSpecification", "launchTemplateId"],
    ["launchTemplateConfigs", "*", "launchTemplateSpecification", "launchTemplateName"],
];

export class HostModel {
    readonly hosts: HostNode[] = [];
    readonly groups = new Map<string, GroupNode>();
    /** Launch templates and configurations some other host launches from: judged through that host. */
    readonly usedTemplates = new Set<string>();
    private readonly stackGroups: LinkedResource[];
    private readonly ofType: (type: string) => LinkedResource[];

    constructor(readonly resources: readonly LinkedResource[]) {
        const byType = new Map<string, LinkedResource[]>();
        for (const r of resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
        this.ofType = (type) => byType.get(type) ?? [];
        this.stackGroups = securityGroupTypes.flatMap(this.ofType);
        for (const sg of this.stackGroups) {
            this.groups.set(sg.urn, { key: sg.urn, resource: sg, id: securityGroupId(sg.props), label: `security group '${sg.name}'` });
        }
        for (const host of hostTypes.flatMap(this.ofType)) this.hosts.push(this.link(host));
    }

    /** Group nodes a reference names: stack groups, foreign `sg-` ids, and one node for unexplained unknowns. */
    groupsOf(ref: Reference): GroupNode[] {
        const found = ref.resources.map((r) => this.groups.get(r.urn)!);
        for (const id of ref.unmatched.filter((v) => v.startsWith("sg-"))) found.push(this.node(`id:${id}`, { id, label: `security group ${id} outside this stack` }));
        if (ref.unknown > 0) found.push(this.node("unknown", { label: "a security group whose id is not known until apply" }));
        return found;
    }

    /** The groups a resource's `path` names (by dependency, id or name). */
    groupRef(from: LinkedResource, path: readonly string[]): GroupNode[] {
        return this.groupsOf(references(from, path, this.stackGroups, (sg) => [securityGroupId(sg.props), knownString(read(sg.props, "name"))]));
    }

    private node(key: string, fields: Omit<GroupNode, "key">): GroupNode {
        if (!this.groups.has(key)) this.groups.set(key, { key, ...fields });
        return this.groups.get(key)!;
    }

    /** An ENI's groups: its own `securityGroups` and NetworkInterfaceSecurityGroupAttachments to it. */
    private interfaceGroups(eni: LinkedResource): GroupNode[] {
        const attached = this.ofType(types.networkInterfaceSecurityGroupAttachment)
            .filter((a) => references(a, ["networkInterfaceId"], [eni], identifiers).resources.length > 0)
            .flatMap((a) => this.groupRef(a, ["securityGroupId"]));
        return [...this.groupRef(eni, ["securityGroups"]), ...attached];
    }

    private link(host: LinkedResource): HostNode {
        const groups = new Map<string, Membership>();
        const add = (nodes: readonly GroupNode[], reason: string) => {
            for (const group of nodes) {
                const entry = groups.get(group.key) ?? { group, reasons: [] };
                if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
                groups.set(group.key, entry);
            }
        };
        const self = describeHost(host);
        for (const path of groupPaths[host.type] ?? []) add(this.groupRef(host, path), `attached to ${self}`);
        const enis = this.ofType(types.networkInterface);
        for (const path of interfacePaths) {
            for (const eni of references(host, path, enis, identifiers).resources) add(this.interfaceGroups(eni), `on network interface '${eni.name}' of ${self}`);
        }
        const templates = [
            ...templatePaths.flatMap((path) => references(host, path, this.ofType(types.launchTemplate), identifiers).resources),
            ...references(host, ["launchConfiguration"], this.ofType(types.launchConfiguration), identifiers).resources,
        ];
        for (const template of new Set(templates)) {
            this.usedTemplates.add(template.urn);
            const inner = this.link(template);
            for (const { group } of inner.groups.values()) add([group], `in ${describeHost(template)} of ${self}`);
        }
        // AWS puts an instance that names no group (directly or by template) in its VPC's default group.
        if (groups.size === 0 && host.type !== types.launchTemplate) add(this.ofType(types.defaultSecurityGroup).map((d) => this.groups.get(d.urn)!), `the VPC default group of ${self}, which names no group`);
        if (host.type === types.instance || host.type === types.spotInstanceRequest) this.linkAttachments(host, enis, add);
        let role = roleOf(host.props);
        if (role === undefined) role = templates.map((t) => roleOf(t.props)).find((r) => r !== undefined);
        return { resource: host, role, groups };
    }

    /** ENIs attached after launch (either way) and groups attached to the instance's primary ENI. */
    private linkAttachments(host: LinkedResource, enis: readonly LinkedResource[], add: (nodes: readonly GroupNode[], reason: string) => void): void {
        const self = describeHost(host);
        const primary = { ...host, props: { id: read(host.props, "primaryNetworkInterfaceId") } };
        for (const a of this.ofType(types.networkInterfaceAttachment)) {
            if (references(a, ["instanceId"], [host], identifiers).resources.length === 0) continue;
            for (const eni of references(a, ["networkInterfaceId"], enis, identifiers).resources) add(this.interfaceGroups(eni), `on network interface '${eni.name}' attached to ${self} by '${a.name}'`);
        }
        for (const eni of enis) {
            if (references(eni, ["attachments", "*", "instance"], [host], identifiers).resources.length > 0) add(this.interfaceGroups(eni), `on network interface '${eni.name}' attached to ${self}`);
        }
        for (const a of this.ofType(types.networkInterfaceSecurityGroupAttachment)) {
            if (references(a, ["networkInterfaceId"], [primary], identifiers).resources.length === 0) continue;
            add(this.groupRef(a, ["securityGroupId"]), `attached to the primary network interface of ${self} by '${a.name}'`);
        }
    }
}

const cache = new WeakMap<readonly LinkedResource[], HostModel>();

/** The model of a stack, built once per resource list (every stack policy of one call shares it). */
export function hostModel(resources: readonly LinkedResource[]): HostModel {
    let model = cache.get(resources);
    if (!model) cache.set(resources, (model = new HostModel(resources)));
    return model;
}
