/** Host roles as the pack reads them from `irisx:role` tags (the key lives in infra/ports.ts). */
import { Role, roleTagKey } from "../../facts/ports";
import { isUnknown, read } from "./unknown";

/**
 * A resource's tag value: `unknown` when its `tags` (or that tag) are not known yet. Outputs also
 * carry `tagsAll` (provider default tags merged in); it is read when known, but an unknown
 * `tagsAll` (every new resource's during preview) does not make the role unknown: roles are set
 * in `tags`.
 */
export function tagValue(props: unknown, key: string): string | undefined | "unknown" {
    const tags = read(props, "tags");
    if (isUnknown(tags)) return "unknown";
    const value = read(tags, key);
    if (isUnknown(value)) return "unknown";
    if (typeof value === "string") return value;
    const fromAll = read(read(props, "tagsAll"), key);
    return typeof fromAll === "string" && !isUnknown(fromAll) ? fromAll : undefined;
}

/** Where the role tag lives, for deferToUnknown when the verdict hangs on it. */
export const roleTagPath: readonly string[] = ["tags", roleTagKey];

/** True, false, or `unknown` when the role tag cannot be read yet. */
export function hasRole(props: unknown, role: Role): boolean | "unknown" {
    const value = tagValue(props, roleTagKey);
    return value === "unknown" ? "unknown" : value === role;
}
