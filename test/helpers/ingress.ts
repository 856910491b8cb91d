/**
 * Effective ingress of a host or security group, from recorded resources: inline `ingress` blocks
 * and standalone rules (both the aws.vpc and the older aws.ec2 rule resources) together, linked by
 * property dependencies. Deliberately small; the policy pack has the production normaliser.
 */
import { MockedRun, RecordedResource, unwrapSecrets } from "../../scripts/lib/mock-run";
import { roleTagKey } from "../../infra/ports";
import { byUrn, ofType, types } from "./stacks";

export type Source = { cidr: string } | { securityGroup: string };

export interface EffectiveRule {
    /** "tcp", "udp" or "all". */
    protocol: string;
    from: number;
    to: number;
    source: Source;
    /** Name of the resource the rule came from. */
    origin: string;
}

function protocolName(value: unknown): string {
    const text = String(value ?? "").toLowerCase();
    if (text === "-1" || text === "all") return "all";
    if (text === "6") return "tcp";
    if (text === "17") return "udp";
    return text;
}

function portRange(protocol: string, from: unknown, to: unknown): [number, number] {
    if (protocol === "all" || from === undefined) return [0, 65535];
    return [Number(from), Number(to ?? from)];
}

/** The role tag of the group a rule references, or its URN if untagged. */
function groupLabel(run: MockedRun, urn: string): string {
    return unwrapSecrets(byUrn(run, urn).inputs.tags ?? {})[roleTagKey] ?? urn;
}

function referenced(run: MockedRun, rule: RecordedResource, property: string): string[] {
    return (rule.propertyDependencies[property] ?? []).map((urn) => groupLabel(run, urn));
}

/** All inbound rules of the security group `group`, whatever resource declared them. */
export function groupIngress(run: MockedRun, group: RecordedResource): EffectiveRule[] {
    const rules: EffectiveRule[] = [];
    for (const block of unwrapSecrets(group.inputs.ingress ?? [])) {
        const protocol = protocolName(block.protocol);
        const [from, to] = portRange(protocol, block.fromPort, block.toPort);
        const sources: Source[] = [
            ...(block.cidrBlocks ?? []).map((cidr: string) => ({ cidr })),
            ...(block.ipv6CidrBlocks ?? []).map((cidr: string) => ({ cidr })),
            ...referenced(run, group, "ingress").map((securityGroup) => ({ securityGroup })),
            ...(block.self ? [{ securityGroup: groupLabel(run, group.urn) }] : []),
        ];
        for (const source of sources) rules.push({ protocol, from, to, source, origin: group.name });
    }
    const attached = (rule: RecordedResource) => (rule.propertyDependencies.securityGroupId ?? []).includes(group.urn);
    for (const rule of ofType(run, types.ingressRule).filter(attached)) {
        const inputs = unwrapSecrets(rule.inputs);
        const protocol = protocolName(inputs.ipProtocol);
        const [from, to] = portRange(protocol, inputs.fromPort, inputs.toPort);
        const sources: Source[] = [
            ...(inputs.cidrIpv4 ? [{ cidr: inputs.cidrIpv4 }] : []),
            ...(inputs.cidrIpv6 ? [{ cidr: inputs.cidrIpv6 }] : []),
            ...referenced(run, rule, "referencedSecurityGroupId").map((securityGroup) => ({ securityGroup })),
        ];
        for (const source of sources) rules.push({ protocol, from, to, source, origin: rule.name });
    }
    for (const rule of ofType(run, types.legacyRule).filter(attached)) {
        const inputs = unwrapSecrets(rule.inputs);
        if (inputs.type !== "ingress") continue;
        const protocol = protocolName(inputs.protocol);
        const [from, to] = portRange(protocol, inputs.fromPort, inputs.toPort);
        const sources: Source[] = [
            ...(inputs.cidrBlocks ?? []).map((cidr: string) => ({ cidr })),
            ...(inputs.ipv6CidrBlocks ?? []).map((cidr: string) => ({ cidr })),
            ...referenced(run, rule, "sourceSecurityGroupId").map((securityGroup) => ({ securityGroup })),
        ];
        for (const source of sources) rules.push({ protocol, from, to, source, origin: rule.name });
    }
    return rules;
}

/** The security groups attached to an instance (or any resource with vpcSecurityGroupIds/securityGroupIds). */
export function attachedGroups(run: MockedRun, resource: RecordedResource): RecordedResource[] {
    const urns = [...(resource.propertyDependencies.vpcSecurityGroupIds ?? []), ...(resource.propertyDependencies.securityGroupIds ?? [])];
    return urns.map((urn) => byUrn(run, urn)).filter((r) => r.type === types.securityGroup);
}

/** Every inbound rule that applies to a resource, across all its security groups. */
export function effectiveIngress(run: MockedRun, resource: RecordedResource): EffectiveRule[] {
    return attachedGroups(run, resource).flatMap((group) => groupIngress(run, group));
}

/** The sources allowed to reach `port` over `protocol` ("tcp"/"udp"). */
export function sourcesFor(rules: readonly EffectiveRule[], port: number, protocol: string): Source[] {
    return rules
        .filter((r) => (r.protocol === "all" || r.protocol === protocol) && r.from <= port && port <= r.to)
        .map((r) => r.source);
}

export function sourceLabel(source: Source): string {
    return "cidr" in source ? source.cidr : `sg:${source.securityGroup}`;
}
