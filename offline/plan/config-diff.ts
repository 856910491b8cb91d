/**
 * Config diff between two stacks: keys set in one stack file and not the other, and every
 * effective value (after defaults) that differs, each classified as an expected difference
 * between environments or one a reviewer must look at.
 */
import { parseCidr, cidrContains } from "../../facts/cidr";
import { StackConfig, parseStackConfig, projectName } from "../../infra/config";
import { StackValues, configSource } from "../stack-file";

export type DiffClass = "expected" | "review";

/** Differences that are the point of having environments: sizes, HA, ports, names, retention. */
const expectedKeys: ReadonlySet<string> = new Set([
    "environment", "appPort", "domain",
    "apiInstanceType", "freeswitchInstanceType", "apiHosts", "freeswitchHosts", "drainTimeoutSeconds", "dbInstanceClass", "dbAllocatedStorageGb", "cacheNodeType",
    "multiAz", "deletionProtection",
    "backupRetentionDays", "snapshotRetentionDays", "flowLogRetentionDays",
    "recordingsExpireDays", "recordingsNoncurrentExpireDays",
    "logRetentionDays", "dbLogRetentionDays", "dbSlowStatementMs", "alarms", "alarmEmail", "secretsRotation", "secretsRotationPrevious",
    "wafRateLimit", "wafLogRetentionDays",
]);

/** Who may reach what, and what the hosts run: a reviewer looks at every change. */
const reviewKeys: ReadonlySet<string> = new Set([
    "adminCidrs", "sipSignallingPeers", "mediaPeers", "sipTls", "corsOrigins", "vpcCidr", "amiId", "sshPublicKey",
    "edge", "certificateArn", "hostedZoneId",
]);

export function classifyKey(key: string): { class: DiffClass; why: string } {
    const short = key.startsWith(`${projectName}:`) ? key.slice(projectName.length + 1) : key;
    if (key.startsWith(`${projectName}:`) && expectedKeys.has(short)) return { class: "expected", why: "differs by environment by design" };
    if (key.startsWith(`${projectName}:`) && reviewKeys.has(short)) return { class: "review", why: "security-relevant: changes who can reach the hosts or what they run" };
    return { class: "review", why: "not a key this tool knows to be safe to differ" };
}

export type Presence = "both" | "only-from" | "only-to" | "defaults";

export interface ConfigDifference {
    readonly key: string;
    readonly class: DiffClass;
    readonly why: string;
    /** Where the key is set in the stack files; "defaults" = in neither, defaults differ. */
    readonly presence: Presence;
    /** Effective value (JSON text) in each stack; undefined when unset and without default. */
    readonly from?: string;
    readonly to?: string;
    /** For lists: entries added and removed, and whether a CIDR list now admits new addresses. */
    readonly added?: readonly string[];
    readonly removed?: readonly string[];
    readonly widens?: boolean;
}

export interface ConfigDiff {
    readonly differences: readonly ConfigDifference[];
    readonly expected: number;
    readonly review: number;
}

/** The stack-file key of a StackConfig field. */
function keyOf(field: keyof StackConfig): string {
    return field === "region" ? "aws:region" : `${projectName}:${field}`;
}

const cidrKeys = new Set(["adminCidrs", "sipSignallingPeers", "mediaPeers", "vpcCidr"].map((k) => `${projectName}:${k}`));

/** True when some CIDR in `after` admits addresses no CIDR in `before` admitted. */
export function widensCidrs(before: readonly string[], after: readonly string[]): boolean {
    const old = before.map((c) => parseCidr(c)).filter((c) => c !== undefined);
    return after.some((text) => {
        const cidr = parseCidr(text);
        return cidr !== undefined && !old.some((o) => cidrContains(o, cidr));
    });
}

function listDetail(key: string, from: unknown, to: unknown): Pick<ConfigDifference, "added" | "removed" | "widens"> {
    if (!Array.isArray(from) || !Array.isArray(to)) return {};
    const before = from.map(String);
    const after = to.map(String);
    return {
        added: after.filter((v) => !before.includes(v)),
        removed: before.filter((v) => !after.includes(v)),
        ...(cidrKeys.has(key) ? { widens: widensCidrs(before, after) } : {}),
    };
}

/** Effective config for both stacks; throws ConfigError (naming the key) on a bad stack. */
export function diffConfig(fromValues: StackValues, toValues: StackValues): ConfigDiff {
    const from = parseStackConfig(configSource(fromValues));
    const to = parseStackConfig(configSource(toValues));
    const effective = new Map<string, [unknown, unknown]>();
    for (const field of new Set([...Object.keys(from), ...Object.keys(to)]) as Set<keyof StackConfig>) {
        effective.set(keyOf(field), [from[field], to[field]]);
    }
    // Keys the config module does not read (typos, other namespaces) are compared as written.
    for (const key of new Set([...Object.keys(fromValues), ...Object.keys(toValues)])) {
        if (!effective.has(key)) effective.set(key, [fromValues[key], toValues[key]]);
    }

    const differences: ConfigDifference[] = [];
    for (const [key, [a, b]] of [...effective.entries()].sort(([x], [y]) => x.localeCompare(y))) {
        const inFrom = key in fromValues;
        const inTo = key in toValues;
        const presence: Presence = inFrom && inTo ? "both" : inFrom ? "only-from" : inTo ? "only-to" : "defaults";
        const fromText = a === undefined ? undefined : JSON.stringify(a);
        const toText = b === undefined ? undefined : JSON.stringify(b);
        if (fromText === toText && (presence === "both" || presence === "defaults")) continue;
        const { class: cls, why } =
            fromText === toText ? { class: "expected" as const, why: "set in one stack file only; same effective value" } : classifyKey(key);
        differences.push({ key, class: cls, why, presence, from: fromText, to: toText, ...listDetail(key, a, b) });
    }
    return {
        differences,
        expected: differences.filter((d) => d.class === "expected").length,
        review: differences.filter((d) => d.class === "review").length,
    };
}
