/**
 * N hosts per role (config apiHosts, freeswitchHosts): how host i is named and where it runs.
 * Host 0 keeps the names a one-host stack always had, so growing a stack only adds hosts.
 */
import { ports } from "./ports";

export type HostRole = "api" | "freeswitch";

/** Host counts per role (config keys apiHosts and freeswitchHosts): inclusive limits. */
export const hostCountRange = [1, 10] as const;

/** "api" for host 0, "api-2" for host 2: the part of every resource name that tells hosts apart. */
export function hostLabel(role: HostRole, index: number): string {
    return index === 0 ? role : `${role}-${index}`;
}

/**
 * The public subnet (0 or 1, one per AZ) of host i. The roles start in different AZs (API host 0
 * in subnet 0, FreeSWITCH host 0 in subnet 1, as before), then alternate: losing an AZ never takes
 * every host of a role, nor both roles' first hosts.
 */
export function hostSubnetIndex(role: HostRole, index: number): number {
    return role === "api" ? index % 2 : (index + 1) % 2;
}

/** Host indices 0 … count-1. */
export function hostIndices(count: number): number[] {
    return Array.from({ length: count }, (_, i) => i);
}

/**
 * The SIP URI a trunk sends calls to for one FreeSWITCH host (an origination URI of Twilio's
 * Elastic SIP Trunking): plain SIP on 5060, or SIP over TLS on 5061 when sipTls is on.
 */
export function sipOriginationUri(publicIp: string, sipTls: boolean): string {
    return sipTls ? `sip:${publicIp}:${ports.sipTls.from};transport=tls` : `sip:${publicIp}:${ports.sip.from}`;
}
