/**
 * How one resource refers to another in a stack: by property dependency (known during preview,
 * when ids are not) or by a known value equal to the other's id, name or ARN (known after apply).
 * Property dependencies are per top-level property, so a nested reference
 * (`networkInterfaces[0].networkInterfaceId`) is matched by its top-level property's dependencies.
 */
import { isUnknown, knownString, read } from "./unknown";

/** The part of a resource the linker needs: a PolicyResource, or a recorded mock resource. */
export interface LinkedResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, any>;
    /** URNs (recorded resources) or resources (PolicyResource) each property depends on. */
    readonly propertyDependencies?: Readonly<Record<string, ReadonlyArray<string | { readonly urn: string }>>>;
}

export function dependencyUrns(resource: LinkedResource, property: string): string[] {
    const deps = resource.propertyDependencies?.[property] ?? [];
    return deps.map((d) => (typeof d === "string" ? d : d.urn));
}

/** Raw values at `path` ("*" walks a list's elements); a list at the end is flattened; unknowns are kept. */
export function valuesAt(props: unknown, path: readonly string[]): unknown[] {
    let current: unknown[] = [props];
    for (const key of path) {
        current = current.flatMap((value) => {
            if (isUnknown(value)) return [value];
            if (key === "*") return Array.isArray(value) ? value : [];
            const next = read(value, key);
            return next === undefined || next === null ? [] : [next];
        });
    }
    return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

export interface Reference {
    /** Candidates referred to, by dependency or by value. */
    readonly resources: readonly LinkedResource[];
    /** Known values that match no candidate (a looked-up id, a resource of another stack). */
    readonly unmatched: readonly string[];
    /** Unknown values that no dependency explains (e.g. a lookup unresolved during preview). */
    readonly unknown: number;
}

/** What the value at `path` of `from` refers to among `candidates`, whose identifiers `keysOf` lists. */
export function references(
    from: LinkedResource, path: readonly string[], candidates: readonly LinkedResource[], keysOf: (c: LinkedResource) => readonly (string | undefined)[],
): Reference {
    const deps = dependencyUrns(from, path[0]);
    const byDependency = candidates.filter((c) => deps.includes(c.urn));
    const matched = new Set(byDependency);
    const unmatched: string[] = [];
    let unknown = 0;
    for (const value of valuesAt(from.props, path)) {
        if (isUnknown(value)) {
            unknown++;
            continue;
        }
        const text = knownString(value);
        if (text === undefined) continue;
        const hit = candidates.find((c) => keysOf(c).includes(text));
        if (hit) matched.add(hit);
        else unmatched.push(text);
    }
    return { resources: [...matched], unmatched, unknown: Math.max(0, unknown - byDependency.length) };
}

/** A resource's `id`, `name` and `arn` outputs, when known. */
export function identifiers(resource: LinkedResource): (string | undefined)[] {
    return ["id", "name", "arn"].map((key) => knownString(read(resource.props, key)));
}
