/**
 * Host roles as the pack reads them from `irisx:role` tags (the key lives in facts/ports.ts), in
 * every place AWS takes tags from: `tags`, `tagsAll` (provider defaultTags merged in, outputs
 * only), an auto scaling group's `tags` list, a launch template's `tagSpecifications` and a spot
 * fleet's `launchSpecifications`. A key or value that is the role only after trimming or
 * case-folding ("IRISX:role", " api", "API") is ambiguous: read as the role, and reported.
 */
import { Role, roleTagKey, roles } from "../../facts/ports";
import { isUnknown, read, readList } from "./unknown";

export interface TagEntry {
    /** Property path of the value, e.g. ["tags", "irisx:role"] or ["tags", 0, "value"]. */
    readonly path: readonly (string | number)[];
    readonly key: string;
    readonly value: unknown;
}

const fold = (text: string) => text.trim().toLowerCase();

function mapEntries(map: unknown, base: readonly (string | number)[]): TagEntry[] {
    if (map === null || typeof map !== "object" || Array.isArray(map)) return [];
    return Object.keys(map).map((key) => ({ path: [...base, key], key, value: read(map, key) }));
}

/** Tags in lists of {key, value} (auto scaling groups) or lists of objects that hold `tags` maps. */
function listEntries(props: unknown, field: string): TagEntry[] {
    const list = readList(props, field);
    if (list === "unknown") return [];
    return list.flatMap((item, i): TagEntry[] => {
        const key = read(item, "key");
        if (typeof key === "string") return [{ path: [field, i, "value"], key, value: read(item, "value") }];
        return mapEntries(read(item, "tags"), [field, i, "tags"]);
    });
}

/** Every tag of a resource, wherever it is written; `unknown` when `tags` itself is not known yet. */
export function tagEntries(props: unknown): TagEntry[] | "unknown" {
    const tags = read(props, "tags");
    if (isUnknown(tags)) return "unknown";
    const own = Array.isArray(tags) ? listEntries(props, "tags") : mapEntries(tags, ["tags"]);
    // tagsAll is the provider's merge of defaultTags into tags (terraform-provider-aws
    // vpc_security_group_ingress_rule.go ModifyPlan, MergeTags); an unknown tagsAll (every new
    // resource's during preview) does not make the role unknown.
    return [...own, ...mapEntries(read(props, "tagsAll"), ["tagsAll"]), ...listEntries(props, "tagSpecifications"), ...listEntries(props, "launchSpecifications")];
}

/** A resource's tag value for `key` (exact key), `unknown` when it cannot be read yet. */
export function tagValue(props: unknown, key: string): string | undefined | "unknown" {
    const entries = tagEntries(props);
    if (entries === "unknown") return "unknown";
    const found = entries.filter((e) => e.key === key);
    if (found.some((e) => isUnknown(e.value))) return "unknown";
    const value = found.map((e) => e.value).find((v): v is string => typeof v === "string");
    return value;
}

/** Where the role tag lives, for deferToUnknown when the verdict hangs on it. */
export const roleTagPath: readonly string[] = ["tags", roleTagKey];

/** Role tags whose key or value is a role only after trimming or case-folding. */
export function ambiguousRoleTags(props: unknown): TagEntry[] {
    const entries = tagEntries(props);
    if (entries === "unknown") return [];
    return entries.filter((e) => {
        if (fold(e.key) !== roleTagKey) return false;
        if (e.key !== roleTagKey) return true;
        return typeof e.value === "string" && !roles.includes(e.value as Role) && roles.includes(fold(e.value) as Role);
    });
}

/** The resource's role (ambiguous spellings read as the role they fold to), `unknown`, or undefined. */
export function roleOf(props: unknown): Role | "unknown" | undefined {
    const entries = tagEntries(props);
    if (entries === "unknown") return "unknown";
    const found = entries.filter((e) => fold(e.key) === roleTagKey);
    if (found.some((e) => isUnknown(e.value))) return "unknown";
    // Exact spellings first: an ambiguous duplicate never overrides what the program meant.
    const values = [...found.filter((e) => e.key === roleTagKey), ...found.filter((e) => e.key !== roleTagKey)].map((e) => e.value);
    for (const value of values) if (typeof value === "string" && roles.includes(fold(value) as Role)) return fold(value) as Role;
    return undefined;
}

/** True, false, or `unknown` when the role tag cannot be read yet. */
export function hasRole(props: unknown, role: Role): boolean | "unknown" {
    const value = roleOf(props);
    return value === "unknown" ? "unknown" : value === role;
}
