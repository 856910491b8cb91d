/** Small hand-made resources for the plan's pure parts (the real program is tested in plan.test.ts). */
import { PlanResource } from "../../offline/plan/resource";

export interface FixtureOptions {
    readonly id?: string;
    readonly custom?: boolean;
    readonly parent?: PlanResource;
    readonly dependsOn?: readonly PlanResource[];
    readonly propertyDependencies?: Record<string, readonly PlanResource[]>;
}

export function urnOf(type: string, name: string, stack = "dev"): string {
    return `urn:pulumi:${stack}::irisx-infra::${type}::${name}`;
}

export function resource(type: string, name: string, inputs: Record<string, unknown> = {}, options: FixtureOptions = {}): PlanResource {
    const propertyDependencies = Object.fromEntries(
        Object.entries(options.propertyDependencies ?? {}).map(([k, list]) => [k, list.map((r) => r.urn)]),
    );
    return {
        type,
        name,
        urn: urnOf(type, name),
        id: options.id ?? `${name}-id`,
        custom: options.custom ?? true,
        inputs,
        parent: options.parent?.urn,
        dependencies: [...(options.dependsOn ?? []).map((r) => r.urn), ...Object.values(propertyDependencies).flat()],
        propertyDependencies,
    };
}

export const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
