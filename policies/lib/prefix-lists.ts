/**
 * Prefix lists declared in this stack are read as their entries, so a rule whose source is a
 * ManagedPrefixList (entries inline, or ManagedPrefixListEntry resources) is judged per CIDR like
 * any other. A prefix list the stack does not declare stays a `prefixList` source: the pack cannot
 * see into it, and the SSH policies say so.
 */
import { types } from "../../facts/resource-types";
import { IngressRule } from "./ingress";
import { LinkedResource, dependencyUrns, identifiers, references } from "./links";
import { isUnknown, knownString, read, readList } from "./unknown";

/** An unknown value on another resource that a verdict hangs on (read through its proxy to defer). */
export interface DeferTo {
    readonly props: Record<string, unknown>;
    readonly path: readonly (string | number)[];
}

interface Entry {
    readonly cidr?: string;
    readonly deferTo?: DeferTo;
}

/** The entries of a declared prefix list; one entry without a CIDR when the list itself is unknown. */
function entriesOf(list: LinkedResource, resources: readonly LinkedResource[]): Entry[] {
    const inline = readList(list.props, "entries");
    const found: Entry[] = inline === "unknown"
        ? [{ deferTo: { props: list.props, path: ["entries"] } }]
        : inline.map((item, i) => {
            const cidr = read(item, "cidr");
            return isUnknown(cidr) ? { deferTo: { props: list.props, path: ["entries", i, "cidr"] } } : { cidr: knownString(cidr)?.trim() };
        });
    for (const entry of resources.filter((r) => r.type === types.managedPrefixListEntry)) {
        if (references(entry, ["prefixListId"], [list], identifiers).resources.length === 0) continue;
        const cidr = read(entry.props, "cidr");
        found.push(isUnknown(cidr) ? { deferTo: { props: entry.props, path: ["cidr"] } } : { cidr: knownString(cidr)?.trim() });
    }
    return found.filter((e) => e.cidr !== undefined || e.deferTo !== undefined);
}

/**
 * A rule as its prefix-list source's entries: one rule per entry CIDR (source `via` the list), an
 * unknown source for an entry not known yet, or the rule unchanged when the list is not declared here.
 */
export function expandPrefixLists(rule: IngressRule, owner: LinkedResource, resources: readonly LinkedResource[]): { rule: IngressRule; deferTo?: DeferTo }[] {
    const source = rule.source;
    if (source.kind !== "prefixList") return [{ rule }];
    const lists = resources.filter((r) => r.type === types.managedPrefixList);
    const declared = source.id !== undefined
        ? lists.filter((l) => identifiers(l).includes(source.id))
        : lists.filter((l) => dependencyUrns(owner, String(rule.path[0])).includes(l.urn));
    if (declared.length === 0) return [{ rule }];
    return declared.flatMap((list) => entriesOf(list, resources).map((entry) => entry.cidr !== undefined
        ? { rule: { ...rule, source: { kind: "cidr" as const, cidr: entry.cidr, via: `prefix list '${list.name}'` } } }
        : { rule: { ...rule, source: { kind: "unknown" as const }, unknown: [...rule.unknown, "source" as const] }, deferTo: entry.deferTo }));
}
