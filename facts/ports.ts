/**
 * The one table of named ports. Security groups are built from it and the policy pack judges
 * rules against it, so a port number is written down exactly once.
 */

export type Protocol = "tcp" | "udp";

export interface PortSpec {
    readonly from: number;
    readonly to: number;
    readonly protocols: readonly Protocol[];
    readonly purpose: string;
}

function port(from: number, protocols: readonly Protocol[], purpose: string, to = from): PortSpec {
    return { from, to, protocols, purpose };
}

export const ports = {
    ssh: port(22, ["tcp"], "SSH (operators, remote commands)"),
    http: port(80, ["tcp"], "HTTP (ACME challenge, redirect to HTTPS)"),
    https: port(443, ["tcp"], "HTTPS (nginx to the API)"),
    sip: port(5060, ["tcp", "udp"], "SIP signalling"),
    sipTls: port(5061, ["tcp"], "SIP over TLS"),
    rtp: port(16384, ["udp"], "RTP media", 32768),
    esl: port(8021, ["tcp"], "FreeSWITCH event socket (ESL)"),
    postgres: port(5432, ["tcp"], "PostgreSQL"),
    redis: port(6379, ["tcp"], "Redis"),
} as const satisfies Record<string, PortSpec>;

export type PortName = keyof typeof ports;

/** Ports that belong to the voice host alone: the API host must never accept them, from anyone. */
export const sipPortNames = ["sip", "sipTls", "rtp", "esl"] as const satisfies readonly PortName[];

/** SIP-TLS is answered on TCP only, but the API host must refuse 5061 on UDP as well. */
export const apiForbiddenPorts: readonly PortSpec[] = sipPortNames.map((name) =>
    name === "sipTls" ? { ...ports.sipTls, protocols: ["tcp", "udp"] } : ports[name],
);

/** The tag the policy pack uses to recognise each host and its security group. */
export const roleTagKey = "irisx:role";
/** Every resource's environment (dev, staging, prod): prod-only baselines read it. */
export const environmentTagKey = "Environment";
export const prodEnvironment = "prod";
/**
 * The port the app listens on behind nginx, tagged on the API host: no security group names it,
 * so this is how the policy pack and the offline plan see it.
 */
export const appPortTagKey = "irisx:app-port";
/** Where the app binds (api.env HOST) and nginx proxies to: loopback, never the VPC or the internet. */
export const appListenAddress = "127.0.0.1";

/**
 * What each host takes from 0.0.0.0/0 and ::/0; every other group takes nothing from the world.
 * FreeSWITCH's SIP and RTP are better limited to named peers (an advisory of the pack).
 */
export const worldReachablePorts = {
    api: ["http", "https"],
    freeswitch: ["sip", "sipTls", "rtp"],
} as const satisfies Partial<Record<Role, readonly PortName[]>>;

/** Broadest SSH source accepted, by IP family: config validation and the policy pack's default. */
export const maxAdminPrefix = { 4: 24, 6: 56 } as const;
export type Role = "api" | "freeswitch" | "db" | "cache";
export const roles: readonly Role[] = ["api", "freeswitch", "db", "cache"];

/**
 * Application ports to avoid (port-security-guide.md, "Ports to Avoid" and "Level 1"). The app
 * listens on localhost behind nginx; a guessable port still invites collisions and scanning.
 */
export const commonPorts: readonly number[] = [80, 443, 8000, 8080, 3000, 5000, 22, 21, 23, 25, 53, 110];

/** Ports below this need root to bind (port-security-guide.md: "privileged ports (<1024)"). */
export const firstUnprivilegedPort = 1024;

/** Twilio's SIP signalling edges (REFERENCE.md): eight /30s, all of which Twilio asks us to allow. */
export const twilioSignallingCidrs: readonly string[] = [
    "54.172.60.0/30", // Ashburn
    "54.244.51.0/30", // Umatilla
    "54.171.127.192/30", // Dublin
    "35.156.191.128/30", // Frankfurt
    "54.65.63.192/30", // Tokyo
    "54.169.127.128/30", // Singapore
    "54.252.254.64/30", // Sydney
    "177.71.206.192/30", // São Paulo
];

/** Twilio's media range since 2024-02-21 (UDP). */
export const twilioMediaCidrs: readonly string[] = ["168.86.128.0/18"];

/** Why a port is a poor choice for the app (common, privileged or taken by the table above), or undefined. */
export function appPortProblem(port: number): string | undefined {
    const hint = "pick one in 9100-65535 (e.g. 9847) and set irisx-infra:appPort";
    if (commonPorts.includes(port)) return `${port} is a common, heavily scanned port (port-security-guide.md "Ports to Avoid"); ${hint}`;
    if (port < firstUnprivilegedPort) return `${port} is privileged (below ${firstUnprivilegedPort}) and needs root to bind; ${hint}`;
    const clash = Object.values(ports).find((p) => port >= p.from && port <= p.to);
    if (clash) return `${port} collides with ${clash.purpose}; ${hint}`;
    return undefined;
}
