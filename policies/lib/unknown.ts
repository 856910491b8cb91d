/**
 * Reading resource properties without tripping over values that are unknown during preview.
 *
 * @pulumi/policy hands policies a proxy that throws `UnknownValueError` the moment an unknown value
 * is read, and the engine then downgrades that policy's result for the resource to advisory. A
 * mandatory policy must therefore decide from what is known (ports, protocols, CIDRs, tags) first
 * and only touch an unknown value when the verdict really hangs on it. `read` bypasses the proxy's
 * trap (a property descriptor is not a `get`), so the normaliser can see the sentinels and say
 * "unknown" instead of throwing.
 */

import { unknownStringValue } from "../../facts/unknown";

/** The sentinels the engine sends for unknown values (@pulumi/policy proxy.js, pulumi rpc.ts). */
export const unknownSentinels: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    unknownStringValue, // string (also what the SDK's mocks use)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && unknownSentinels.has(value);
}

/** Reads `obj[key]` without going through a proxy's `get` trap; nested values come back raw. */
export function read(obj: unknown, key: string | number): unknown {
    if (obj === null || typeof obj !== "object") return undefined;
    return Object.getOwnPropertyDescriptor(obj, key)?.value;
}

/** A known string, or undefined when the value is absent or unknown. */
export function knownString(value: unknown): string | undefined {
    return typeof value === "string" && !isUnknown(value) ? value : undefined;
}

/** A list read from a property: `unknown` when the list (not an element) is unknown. */
export function readList(obj: unknown, key: string): unknown[] | "unknown" {
    const value = read(obj, key);
    if (isUnknown(value)) return "unknown";
    return Array.isArray(value) ? value : [];
}

/**
 * Lets the engine report "can't run policy … during preview" for this resource by reading the
 * unknown value through the policy proxy at `path`. Call it only after every verdict that known
 * values allow has been reported. On plain objects (tests, the offline plan) it does nothing.
 */
export function deferToUnknown(props: Record<string, unknown>, path: readonly (string | number)[]): void {
    let value: unknown = props;
    for (const key of path) {
        if (value === null || typeof value !== "object") return;
        value = (value as Record<string | number, unknown>)[key];
    }
}
