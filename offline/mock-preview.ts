/**
 * What a resource's outputs are during a preview, as the engine computes them: unknown for every
 * output of a resource that will be created or replaced, the stored state for one that will not
 * change, and the stored state plus the new inputs for an update. Also the two helpers every
 * consumer of preview inputs needs: finding unknowns and reading assets' contents.
 */
import * as pulumi from "@pulumi/pulumi";
import { unknownStringValue } from "../facts/unknown";
import { tokenParts } from "../facts/resource-types";

export const secretSigKey = "4dabf18193072939515e22adb298388d";
export const secretSig = "1b47061264138c4ac30d75fd1eb44270";

export function isSecret(value: any): boolean {
    return value !== null && typeof value === "object" && value[secretSigKey] === secretSig;
}

/** Replaces every wrapped secret by its plain value, recursively. */
export function unwrapSecrets(value: any): any {
    if (isSecret(value)) return unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/** A resource as an earlier run left it in state. */
export interface PriorState {
    readonly id: string;
    readonly inputs: Record<string, any>;
    readonly outputs: Record<string, any>;
}

export type PreviewStep = "create" | "same" | "update" | "replace";

/**
 * When a change replaces rather than updates. The random and tls providers replace on any input
 * change (terraform-provider-random's resources mark every attribute RequiresReplace; a new keeper
 * is the documented way to draw a new value). pulumi-command replaces on `triggers`
 * (`provider:"replaceOnChanges"` in provider/pkg/provider/remote/command.go and copy.go at v1.2.1)
 * and otherwise updates, keeping its previous stdout at preview (commandController.go, Update).
 * AWS resources are treated as updates: the stored computed outputs stay known.
 */
function replaces(type: string, changed: (key: string) => boolean): boolean {
    const { pkg } = tokenParts(type);
    if (pkg === "random" || pkg === "tls") return true;
    if (pkg === "command") return changed("triggers");
    return false;
}

/** True when the value is, or holds anywhere, a value unknown during this preview. */
export function hasUnknown(value: any): boolean {
    if (value === unknownStringValue) return true;
    if (value === null || typeof value !== "object") return false;
    if (pulumi.Output.isInstance(value)) return true;
    if ((value as { __pulumiUnknown?: boolean }).__pulumiUnknown === true) return true;
    if (Array.isArray(value)) return value.some(hasUnknown);
    return Object.values(value).some(hasUnknown);
}

/**
 * Replaces every asset and archive by plain data with its contents resolved (a StringAsset's
 * text is a promise), so inputs can be compared and checked. Secret wrappers stay.
 */
export async function resolveAssets(value: any): Promise<any> {
    if (value === null || typeof value !== "object") return value;
    if (pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value)) {
        const resolved: Record<string, any> = { [pulumi.asset.Asset.isInstance(value) ? "__pulumiAsset" : "__pulumiArchive"]: true };
        for (const key of ["text", "path", "uri", "assets"]) {
            const field = (value as any)[key];
            if (field !== undefined) resolved[key] = await resolveAssets(await field);
        }
        return resolved;
    }
    if (Array.isArray(value)) return Promise.all(value.map(resolveAssets));
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveAssets(v)] as const));
    return Object.fromEntries(entries);
}

/** Inputs as a canonical string: equal strings mean the engine sees no diff. */
async function inputsKey(inputs: Record<string, any>): Promise<string> {
    const canonical = (v: any): any =>
        v === null || typeof v !== "object"
            ? v
            : Array.isArray(v)
              ? v.map(canonical)
              : Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, canonical(v[k])]));
    return JSON.stringify(canonical(await resolveAssets(inputs)));
}

/** What the engine would do with this resource in a preview against `before` (none: a fresh stack). */
export async function previewStep(type: string, inputs: Record<string, any>, before: PriorState | undefined): Promise<PreviewStep> {
    if (!before) return "create";
    // An unknown input may turn out to be anything, so the engine plans a change.
    const keys = new Set([...Object.keys(inputs), ...Object.keys(before.inputs)]);
    const changedKeys = new Set<string>();
    for (const key of keys) {
        if (hasUnknown(inputs[key]) || (await inputsKey({ v: inputs[key] })) !== (await inputsKey({ v: before.inputs[key] }))) changedKeys.add(key);
    }
    if (changedKeys.size === 0) return "same";
    return replaces(type, (key) => changedKeys.has(key)) ? "replace" : "update";
}

/**
 * The id and state a preview step hands back. A create or replace echoes the inputs only, so every
 * computed output resolves unknown (the SDK resolves missing outputs as unknown while isDryRun());
 * an update keeps the stored computed outputs, overlaid with the new (possibly unknown) inputs.
 */
export function previewState(step: PreviewStep, inputs: Record<string, any>, before: PriorState | undefined): { id: string | undefined; state: Record<string, any> } {
    if (step === "same" && before) return { id: before.id, state: before.outputs };
    if (step === "update" && before) return { id: before.id, state: { ...before.outputs, ...inputs } };
    return { id: undefined, state: { ...inputs } };
}
