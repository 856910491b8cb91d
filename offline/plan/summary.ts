/** Summary: how many resources of each type the program registers. */
import { PlanResource } from "./resource";

export interface TypeCount {
    readonly type: string;
    readonly count: number;
    /** False for component resources (grouping only, nothing is created in the cloud). */
    readonly custom: boolean;
}

export interface Summary {
    readonly total: number;
    /** Resources the engine would create (custom resources, providers included). */
    readonly custom: number;
    readonly components: number;
    readonly byType: readonly TypeCount[];
}

export function summarise(resources: readonly PlanResource[]): Summary {
    const counts = new Map<string, TypeCount>();
    for (const r of resources) {
        const seen = counts.get(r.type);
        counts.set(r.type, { type: r.type, count: (seen?.count ?? 0) + 1, custom: r.custom });
    }
    const byType = [...counts.values()].sort((a, b) => a.type.localeCompare(b.type));
    const custom = resources.filter((r) => r.custom).length;
    return { total: resources.length, custom, components: resources.length - custom, byType };
}
