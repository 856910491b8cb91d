/**
 * Alarm thresholds: one typed object per stack, defaults per environment, every value overridable
 * with `pulumi config set --path 'alarms.<name>' <value>`. Pure: config/ validates through here.
 */
import { nearest } from "../config/nearest";

export interface AlarmThresholds {
    /** Failed SSH logins per 5 minutes, both hosts together. SSH is only open to adminCidrs, so any burst means a leaked range or a broken key. */
    readonly sshAuthFailures: number;
    /** fail2ban bans per 5 minutes, every jail on both hosts. */
    readonly fail2banBans: number;
    /** SIP authentication failures (wrong password or unknown user) per 5 minutes. */
    readonly sipAuthFailures: number;
    /** Requests nginx answered 429 (rate limited) per 5 minutes. */
    readonly nginx429s: number;
    /** Failed PostgreSQL logins per 5 minutes. Only the two hosts reach RDS, with a generated password: any burst means a broken secret or an intruder inside the VPC. */
    readonly dbAuthFailures: number;
    /** Open PostgreSQL connections (average over 5 minutes). */
    readonly dbConnections: number;
    /** RDS CPU, percent, sustained for 15 minutes. */
    readonly dbCpuPercent: number;
    /** Free RDS storage, percent of the allocated size. */
    readonly dbFreeStoragePercent: number;
    /** Redis memory in use, percent of the node's max memory, sustained for 15 minutes. */
    readonly redisMemoryPercent: number;
    /** Requests the web ACL blocked per 5 minutes (edge alb): managed rules, rate limit and fail2ban's block list together. */
    readonly wafBlockedRequests: number;
}

export type ThresholdName = keyof AlarmThresholds;

/** Limits of each value: a typo such as 8000 for a percentage is refused, not deployed. */
export const thresholdLimits: Readonly<Record<ThresholdName, { readonly min: number; readonly max: number }>> = {
    sshAuthFailures: { min: 1, max: 10000 },
    fail2banBans: { min: 1, max: 10000 },
    sipAuthFailures: { min: 1, max: 100000 },
    nginx429s: { min: 1, max: 1000000 },
    dbAuthFailures: { min: 1, max: 10000 },
    dbConnections: { min: 1, max: 5000 },
    dbCpuPercent: { min: 1, max: 100 },
    dbFreeStoragePercent: { min: 1, max: 90 },
    redisMemoryPercent: { min: 1, max: 100 },
    wafBlockedRequests: { min: 1, max: 10000000 },
};

export const thresholdNames = Object.keys(thresholdLimits) as ThresholdName[];

/**
 * RDS for PostgreSQL's default max_connections is LEAST(DBInstanceClassMemory / 9531392, 5000).
 * DBInstanceClassMemory is the class's memory less what the OS and RDS keep (a db.t4g.micro
 * reports about 81 connections, not the 112 its nominal 1 GiB gives), so the default threshold is
 * 60% of the nominal figure: about 75% of the real ceiling on the smallest classes.
 */
const classMemoryGiB: Readonly<Record<string, number>> = {
    micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128, "12xlarge": 192, "16xlarge": 256, "24xlarge": 384,
};

/** The default connection threshold for an RDS class, or undefined when the class's memory is not in the table. */
export function defaultDbConnections(dbInstanceClass: string): number | undefined {
    const [, family, size] = dbInstanceClass.split(".");
    const base = classMemoryGiB[size ?? ""];
    if (base === undefined || family === undefined) return undefined;
    // Memory-optimised classes (r5, r6g, r7g …) have twice the memory of the same size elsewhere.
    const memory = /^(t|m)\d/.test(family) ? base : /^r\d/.test(family) ? base * 2 : undefined;
    if (memory === undefined) return undefined;
    return Math.min(5000, Math.floor(((memory * 1024 ** 3) / 9531392) * 0.6));
}

/** Per-environment defaults: prod pages earlier; dev and staging tolerate test traffic. */
export function defaultThresholds(environment: string, dbInstanceClass: string): Omit<AlarmThresholds, "dbConnections"> & { dbConnections?: number } {
    const prod = environment === "prod";
    return {
        sshAuthFailures: prod ? 5 : 10,
        fail2banBans: prod ? 5 : 10,
        sipAuthFailures: prod ? 20 : 50,
        nginx429s: prod ? 100 : 300,
        dbAuthFailures: prod ? 5 : 10,
        dbConnections: defaultDbConnections(dbInstanceClass),
        dbCpuPercent: 80,
        dbFreeStoragePercent: prod ? 20 : 10,
        redisMemoryPercent: prod ? 75 : 85,
        wafBlockedRequests: prod ? 500 : 1000,
    };
}

/**
 * Validates the `alarms` object from config over the defaults; returns the thresholds and one
 * message per bad entry (the caller names the key `alarms.<name>`).
 */
export function resolveThresholds(
    overrides: Record<string, unknown>,
    environment: string,
    dbInstanceClass: string,
): { thresholds: AlarmThresholds; problems: { name: string; message: string }[] } {
    const problems: { name: string; message: string }[] = [];
    const defaults = defaultThresholds(environment, dbInstanceClass);
    const values: Record<string, number | undefined> = { ...defaults };
    for (const [name, raw] of Object.entries(overrides)) {
        if (!(name in thresholdLimits)) {
            problems.push({ name, message: `is not an alarm threshold; did you mean ${nearest(name, thresholdNames)}? (one of ${thresholdNames.join(", ")})` });
            continue;
        }
        const { min, max } = thresholdLimits[name as ThresholdName];
        // A string counts only as plain digits: " 5", "5e1" and "0x5" are refused, never trimmed.
        const value = typeof raw === "string" && /^(0|[1-9][0-9]{0,15})$/.test(raw) ? Number(raw) : raw;
        if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
            problems.push({ name, message: `${JSON.stringify(raw)} must be a whole number from ${min} to ${max}` });
            continue;
        }
        values[name] = value;
    }
    if (values.dbConnections === undefined) {
        problems.push({ name: "dbConnections", message: `has no default for ${dbInstanceClass} (its memory is not in infra/monitoring/thresholds.ts); set it to about 75% of the instance's max_connections` });
        values.dbConnections = 1;
    }
    return { thresholds: values as unknown as AlarmThresholds, problems };
}
