/**
 * "Does this property point at that resource?" for the baselines that pair two resources (a bucket
 * and its policy, a database and its parameter group, a role and its policies). Security groups and
 * hosts are linked by hosts.ts alone. A link is the property's dependency on the target (known during
 * preview) or its value equal to one of the target's names or ids (known after apply).
 */
import type { LinkedResource } from "./hosts";
import { knownString, read } from "./unknown";

export function dependencyUrns(resource: LinkedResource, property: string): string[] {
    return (resource.propertyDependencies?.[property] ?? []).map((d) => (typeof d === "string" ? d : d.urn));
}

/** True when the program set `property` on `resource` (the Node.js SDK records a dependency list for every input it sends). */
export function declares(resource: LinkedResource, property: string): boolean {
    return resource.propertyDependencies?.[property] !== undefined;
}

/** The target's known values of `keys` (e.g. ["id", "name", "arn"]). */
export function knownValues(target: LinkedResource, keys: readonly string[]): string[] {
    return keys.map((k) => knownString(read(target.props, k))).filter((v): v is string => v !== undefined);
}

/** True when `resource.property` points at `target`, by dependency or by one of the target's `keys`. */
export function refersTo(resource: LinkedResource, property: string, target: LinkedResource, keys: readonly string[]): boolean {
    if (dependencyUrns(resource, property).includes(target.urn)) return true;
    const value = knownString(read(resource.props, property));
    return value !== undefined && knownValues(target, keys).includes(value);
}

/** Resources of `types` whose `property` points at `target`. */
export function referrers(resources: readonly LinkedResource[], types: readonly string[], property: string, target: LinkedResource, keys: readonly string[]): LinkedResource[] {
    return resources.filter((r) => types.includes(r.type) && refersTo(r, property, target, keys));
}
