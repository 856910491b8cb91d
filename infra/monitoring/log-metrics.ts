/**
 * Security events counted from the hosts' logs: one metric filter per row, each a plain term
 * pattern (filter-pattern.ts) checked in the tests against real lines of its kind and against
 * lines it must leave alone.
 */
import { LogKind } from "../../facts/log-sources";
import { ThresholdName } from "./thresholds";

/** The groups metric filters read: the hosts' (log-sources.ts) and the PostgreSQL log RDS exports. */
export type MetricLogKind = LogKind | "postgresql";

export interface LogMetric {
    readonly metricName: string;
    readonly logKind: MetricLogKind;
    readonly pattern: string;
    /** The threshold (per 5 minutes) its alarm uses. */
    readonly threshold: ThresholdName;
    readonly description: string;
}

export const logMetrics: readonly LogMetric[] = [
    {
        metricName: "SshAuthFailures",
        logKind: "auth",
        // One line per failed attempt in OpenSSH 9.2's default log level: an unknown user, a wrong
        // password, or a key login that ended before it authenticated ("Connection closed by" /
        // "Disconnected from authenticating user … [preauth]"). "Failed publickey" is logged at VERBOSE.
        pattern: `?"Invalid user" ?"Failed password" ?"Failed publickey" ?"authenticating user"`,
        threshold: "sshAuthFailures",
        description: "failed SSH logins on either host",
    },
    {
        metricName: "Fail2banBans",
        logKind: "fail2ban",
        // "NOTICE  [sshd] Ban 192.0.2.1"; a restart logs "Restore Ban" for bans it already counted.
        pattern: "NOTICE Ban -Restore",
        threshold: "fail2banBans",
        description: "addresses fail2ban banned (any jail, either host)",
    },
    {
        metricName: "SipAuthFailures",
        logKind: "freeswitch",
        // A wrong digest password, or a user the directory does not have (log-auth-failures=true).
        pattern: `?"SIP auth failure" ?"Can't find user"`,
        threshold: "sipAuthFailures",
        description: "SIP requests that failed authentication on FreeSWITCH",
    },
    {
        metricName: "Nginx429Responses",
        logKind: "nginx-access",
        // Our access log format writes the status as status=NNN (render/nginx.ts).
        pattern: `"status=429"`,
        threshold: "nginx429s",
        description: "requests nginx answered 429 (rate limited)",
    },
    {
        metricName: "DbAuthFailures",
        logKind: "postgresql",
        // PostgreSQL's FATAL lines for a refused login (src/backend/libpq/auth.c): "<method>
        // authentication failed for user" (password, also for a role that does not exist; PAM for
        // RDS IAM), and a connection no pg_hba.conf line admits (on RDS: one without TLS) or one
        // rejects. Not the DETAIL lines that follow, nor log_connections' own lines.
        pattern: `?"authentication failed for user" ?"no pg_hba.conf entry" ?"pg_hba.conf rejects connection"`,
        threshold: "dbAuthFailures",
        description: "failed PostgreSQL logins (wrong password, unknown role, refused by pg_hba.conf or for lack of TLS)",
    },
];
