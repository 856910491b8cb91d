/**
 * The log files the CloudWatch agent ships, one log group per kind and stack. The one table both
 * the log groups (and the hosts' IAM grants) and the agent's config are built from.
 */
import { authLogPath, fail2banPaths, freeswitchPaths, nginxPaths } from "./host-paths";

export type HostRole = "api" | "freeswitch";

export interface LogSource {
    /** Names the log group: /irisx/<environment>/<kind>. */
    readonly kind: "auth" | "fail2ban" | "nginx-access" | "nginx-error" | "freeswitch";
    readonly file: string;
    readonly roles: readonly HostRole[];
    readonly description: string;
}

export const logSources: readonly LogSource[] = [
    { kind: "auth", file: authLogPath, roles: ["api", "freeswitch"], description: "sshd and sudo (via rsyslog)" },
    { kind: "fail2ban", file: fail2banPaths.log, roles: ["api", "freeswitch"], description: "fail2ban bans and unbans" },
    { kind: "nginx-access", file: nginxPaths.accessLog, roles: ["api"], description: "nginx access log (irisx format)" },
    { kind: "nginx-error", file: nginxPaths.errorLog, roles: ["api"], description: "nginx errors and rate-limit rejections" },
    { kind: "freeswitch", file: freeswitchPaths.log, roles: ["freeswitch"], description: "FreeSWITCH log (SIP auth failures)" },
];

export type LogKind = LogSource["kind"];

export function logGroupName(environment: string, kind: LogKind): string {
    return `/irisx/${environment}/${kind}`;
}

export function logSourcesFor(role: HostRole): LogSource[] {
    return logSources.filter((source) => source.roles.includes(role));
}
