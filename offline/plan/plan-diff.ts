/**
 * Plan diff between two stacks' offline plans. Resource names embed the environment
 * (`irisx-dev-sg-api` vs `irisx-prod-sg-api`), so names and string inputs are compared with the
 * environment part replaced by `{env}`; a reference to another resource's id (`vpcId`, a bucket name in
 * a policy) is compared as a reference to that resource, since ids differ per stack by nature;
 * secret inputs compare as opaque.
 */
import { isSecret } from "../mock-run";
import { PlanResource } from "./resource";

export interface PlanSide {
    readonly environment: string;
    readonly resources: readonly PlanResource[];
}

export interface ResourceRef {
    readonly type: string;
    /** Name with the environment replaced by `{env}`. */
    readonly name: string;
}

export interface ChangedResource extends ResourceRef {
    /** Top-level inputs whose (normalised) values differ. */
    readonly inputs: readonly string[];
}

export interface PlanDiff {
    readonly added: readonly ResourceRef[];
    readonly removed: readonly ResourceRef[];
    readonly changed: readonly ChangedResource[];
    readonly unchanged: number;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every resource name starts `irisx-<environment>` (infra/index.ts builds the prefix). */
const namePrefix = "irisx";

/**
 * Replaces the environment where it names the stack: the `irisx-<env>` prefix of names, hosts
 * and buckets, and a value that is the environment itself (the Environment tag). Not every
 * occurrence of the word: "staging" is also an ordinary word (`…-api-env-staging` is the staging
 * directory of a push, in every environment).
 */
export function normaliseEnv(text: string, environment: string): string {
    if (text === environment) return "{env}";
    return text.replace(new RegExp(`(?<![A-Za-z0-9])${namePrefix}([-_.])${escape(environment)}(?![A-Za-z0-9])`, "g"), `${namePrefix}$1{env}`);
}

interface Normaliser {
    /** Undefined: compare strings with ids replaced but the environment left as written. */
    readonly environment?: string;
    /** Ids of the side's resources, longest first, with the reference that replaces them. */
    readonly ids: readonly (readonly [string, string])[];
}

/** Ids shorter than this are not replaced inside strings: too likely to match by accident. */
const minIdLength = 6;

function normaliseString(text: string, n: Normaliser): string {
    let out = text;
    for (const [id, ref] of n.ids) if (out.includes(id)) out = out.split(id).join(ref);
    return n.environment === undefined ? out : normaliseEnv(out, n.environment);
}

function normaliseValue(value: unknown, n: Normaliser): unknown {
    if (isSecret(value)) return "[secret]";
    if (typeof value === "string") return normaliseString(value, n);
    if (Array.isArray(value)) return value.map((v) => normaliseValue(v, n));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([k]) => !k.startsWith("__"))
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, v]) => [k, normaliseValue(v, n)]),
        );
    }
    return value;
}

interface Indexed {
    readonly ref: ResourceRef;
    /** Inputs with the environment replaced, and as written (ids replaced in both). */
    readonly inputs: Record<string, unknown>;
    readonly written: Record<string, unknown>;
}

function index(side: PlanSide): Map<string, Indexed> {
    const refOf = (r: PlanResource): ResourceRef => ({ type: r.type, name: normaliseEnv(r.name, side.environment) });
    const ids = side.resources
        .filter((r) => r.custom && r.id !== undefined && r.id.length >= minIdLength)
        .map((r) => [r.id as string, `{id of ${refOf(r).type}::${refOf(r).name}}`] as const)
        .sort(([a], [b]) => b.length - a.length);
    const map = new Map<string, Indexed>();
    for (const r of side.resources) {
        const ref = refOf(r);
        map.set(`${ref.type}::${ref.name}`, {
            ref,
            inputs: normaliseValue(r.inputs, { environment: side.environment, ids }) as Record<string, unknown>,
            written: normaliseValue(r.inputs, { ids }) as Record<string, unknown>,
        });
    }
    return map;
}

/**
 * An input changed when it differs both with the environment normalised and as written: a value
 * equal as written (a path that happens to contain "irisx-staging" in every stack) is unchanged.
 */
function changedInputs(before: Indexed, after: Indexed): string[] {
    const keys = [...new Set([...Object.keys(before.inputs), ...Object.keys(after.inputs)])].sort();
    const differs = (a: Record<string, unknown>, b: Record<string, unknown>, k: string) => JSON.stringify(a[k]) !== JSON.stringify(b[k]);
    return keys.filter((k) => differs(before.inputs, after.inputs, k) && differs(before.written, after.written, k));
}

const byTypeThenName = (a: ResourceRef, b: ResourceRef) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name);

export function diffPlans(from: PlanSide, to: PlanSide): PlanDiff {
    const before = index(from);
    const after = index(to);
    const added: ResourceRef[] = [];
    const removed: ResourceRef[] = [];
    const changed: ChangedResource[] = [];
    let unchanged = 0;
    for (const [key, entry] of after) {
        const old = before.get(key);
        if (!old) {
            added.push(entry.ref);
            continue;
        }
        const differing = changedInputs(old, entry);
        if (differing.length > 0) changed.push({ ...entry.ref, inputs: differing });
        else unchanged++;
    }
    for (const [key, { ref }] of before) if (!after.has(key)) removed.push(ref);
    return {
        added: added.sort(byTypeThenName),
        removed: removed.sort(byTypeThenName),
        changed: changed.sort(byTypeThenName),
        unchanged,
    };
}
