/**
 * Security events counted from the hosts' logs: one metric filter per row, each a plain term
 * pattern (filter-pattern.ts) checked in the tests against real lines of its kind and against
 * lines it must leave alone.
 */
import { LogKind } from "../../facts/log-sources";
import { ThresholdName } from "./thresholds";

export interface LogMetric {
    readonly metricName: string;
    readonly logKind: LogKind;
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
];
