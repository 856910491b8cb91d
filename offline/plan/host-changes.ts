/**
 * Which hosts a change adds and removes: the plan of a `--stack-file` for a committed stack
 * against the committed stack, by the hosts' instances (tagged irisx:role). A removed FreeSWITCH
 * host is drained first by its drain step, with the bound its stored state holds: the base's
 * drainTimeoutSeconds, since a removed resource is deleted as it was, never updated first.
 */
import { roleTagKey } from "../../facts/ports";
import { types } from "../../facts/resource-types";
import { PlanResource, tagOf } from "./resource";

export interface PlanHost {
    readonly role: string;
    /** The host's name, its resources' common prefix (`irisx-dev-freeswitch-2`). */
    readonly host: string;
    /** For a removed host with a drain step: the seconds it waits for calls to end. */
    readonly drainSeconds?: number;
}

export interface HostChanges {
    /** The stack file compared against. */
    readonly base: string;
    readonly added: readonly PlanHost[];
    readonly removed: readonly PlanHost[];
}

const instanceSuffix = "-instance";

/** Every host of a plan, by its instance: role and name, in registration order. */
export function planHosts(resources: readonly PlanResource[]): PlanHost[] {
    return resources
        .filter((r) => r.type === types.instance && tagOf(r, roleTagKey) !== undefined)
        .map((r) => ({ role: tagOf(r, roleTagKey)!, host: r.name.endsWith(instanceSuffix) ? r.name.slice(0, -instanceSuffix.length) : r.name }));
}

export interface HostSide {
    readonly file: string;
    readonly resources: readonly PlanResource[];
    readonly drainTimeoutSeconds: number;
}

export function diffHosts(base: HostSide, resources: readonly PlanResource[]): HostChanges {
    const before = planHosts(base.resources);
    const after = planHosts(resources);
    const names = (hosts: readonly PlanHost[]) => new Set(hosts.map((h) => h.host));
    const [had, has] = [names(before), names(after)];
    const drained = (host: PlanHost) => base.resources.some((r) => r.type === types.remoteCommand && r.name === `${host.host}-drain`);
    return {
        base: base.file,
        added: after.filter((h) => !had.has(h.host)),
        removed: before.filter((h) => !has.has(h.host)).map((h) => (drained(h) ? { ...h, drainSeconds: base.drainTimeoutSeconds } : h)),
    };
}

/** The plan's lines for it; none when the change adds and removes no host. */
export function hostChangeLines(changes: HostChanges | undefined): string[] {
    if (!changes || (changes.added.length === 0 && changes.removed.length === 0)) return [];
    return [
        "",
        `Hosts against ${changes.base}: ${changes.added.length} added, ${changes.removed.length} removed`,
        ...changes.added.map((h) => `  + ${h.role} host ${h.host}`),
        ...changes.removed.map((h) => `  - ${h.role} host ${h.host}` + (h.drainSeconds !== undefined
            ? `: drained first (fsctl pause, then up to ${h.drainSeconds} s for its channels to end; at the bound its calls end with it)`
            : "")),
    ];
}
