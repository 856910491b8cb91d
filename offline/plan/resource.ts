/**
 * The plan's view of one registered resource: the structural subset of mock-run's
 * `RecordedResource` the plan reads, so the pure parts of the plan can be tested with small
 * hand-made fixtures and do not depend on how the mock runtime records them.
 */
import { unwrapSecrets } from "../mock-run";

export interface PlanResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly id?: string;
    /** False for component resources: they create nothing in the cloud. */
    readonly custom: boolean;
    /** Registered inputs; secret values arrive wrapped (see `isSecret` in offline/mock-run.ts). */
    readonly inputs: Record<string, unknown>;
    readonly parent?: string;
    /** URNs this resource waits for. */
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export function inputOf(resource: PlanResource, key: string): unknown {
    return unwrapSecrets(resource.inputs[key]);
}

export function tagOf(resource: PlanResource, tag: string): string | undefined {
    const tags = inputOf(resource, "tags");
    if (typeof tags !== "object" || tags === null) return undefined;
    const value = (tags as Record<string, unknown>)[tag];
    return typeof value === "string" ? value : undefined;
}

/** The type a URN names: the last of its `parent$child` type chain (`urn:pulumi:<stack>::<project>::<types>::<name>`). */
export function typeOfUrn(urn: string): string {
    return (urn.split("::")[2] ?? "").split("$").pop()!;
}

/** Every URN a resource waits for: its `dependsOn`/input dependencies and per-property ones. */
export function dependencyUrns(resource: PlanResource): string[] {
    const urns = new Set(resource.dependencies);
    for (const list of Object.values(resource.propertyDependencies)) for (const urn of list) urns.add(urn);
    urns.delete(resource.urn);
    return [...urns];
}
