/**
 * Effective ingress of a host or security group, from recorded resources: inline `ingress` blocks
 * and standalone rules (both the aws.vpc and the older aws.ec2 rule resources) together, linked by
 * property dependencies.
 */
import { MockedRun, RecordedResource, unwrapSecrets } from "../../offline/mock-run";
import { roleTagKey } from "../../facts/ports";
import { normaliseIngress } from "../../policies/lib/ingress";
import { byUrn } from "./stacks";
import { types } from "../../facts/resource-types";

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

/** The role tag of a security group, found by id, or the id itself if it is not a recorded group. */
function groupLabel(run: MockedRun, id: string | undefined): string {
    const group = run.resources.find((r) => r.type === types.securityGroup && r.id === id);
    return group ? unwrapSecrets(group.inputs.tags ?? {})[roleTagKey] ?? group.urn : String(id);
}

/**
 * All inbound rules of the security group `group`, whatever resource declared them, read through
 * the policy pack's normaliser (the rules are then judged here independently of the pack).
 */
export function groupIngress(run: MockedRun, group: RecordedResource): EffectiveRule[] {
    const attached = (rule: RecordedResource) => (rule.propertyDependencies.securityGroupId ?? []).includes(group.urn);
    const declaring = [group, ...run.resources.filter((r) => (r.type === types.securityGroupIngressRule || r.type === types.securityGroupRule) && attached(r))];
    return declaring.flatMap((resource) =>
        normaliseIngress(resource.type, unwrapSecrets(resource.inputs)).map((rule): EffectiveRule => {
            const { source } = rule;
            const label: Source =
                source.kind === "cidr" ? { cidr: source.cidr }
                : source.kind === "self" ? { securityGroup: groupLabel(run, group.id) }
                : { securityGroup: groupLabel(run, "id" in source ? source.id : undefined) };
            return { protocol: rule.protocol, from: rule.fromPort, to: rule.toPort, source: label, origin: resource.name };
        }),
    );
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
