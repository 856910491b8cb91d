/**
 * Port security score, as port-security-guide.md defines it: baseline 100; a common, heavily
 * scanned port costs 10 points; a privileged port (< 1024) is a warning only. The ports scored
 * are the ones the application can be reached on: the app port itself and every port a host
 * opens to the whole internet. The guide recommends exactly one exception, the reverse proxy
 * ("Instead of https://yourdomain.com:9847 use reverse proxy https://yourdomain.com"), so 80 and
 * 443 on the API host are listed as sanctioned, not deducted.
 */
import { commonPorts, firstUnprivilegedPort, ports } from "../../facts/ports";
import { HostExposure } from "./exposure-model";

export const baselineScore = 100;
export const commonPortPenalty = 10;

/** Public entry points the guide itself recommends: nginx on the API host. */
export const sanctionedPublicPorts: readonly { role: string; port: number; why: string }[] = [
    { role: "api", port: ports.http.from, why: "nginx: ACME challenge and redirect to HTTPS" },
    { role: "api", port: ports.https.from, why: "nginx reverse proxy in front of the app (the guide's recommendation)" },
    // edge alb: the load balancer takes the API's place as the one public entry point.
    { role: "alb", port: ports.http.from, why: "load balancer listener that only redirects to HTTPS" },
    { role: "alb", port: ports.https.from, why: "load balancer HTTPS listener, AWS WAF in front of nginx (the guide's reverse proxy, managed)" },
];

export interface Deduction {
    readonly points: number;
    readonly port: number;
    /** The host's role, or undefined for the app port. */
    readonly host?: string;
    readonly reason: string;
}

export interface PortScore {
    readonly baseline: number;
    readonly score: number;
    readonly deductions: readonly Deduction[];
    readonly warnings: readonly string[];
    /** World-open ports that cost nothing because the guide sanctions them. */
    readonly sanctioned: readonly string[];
}

export interface ScoreInput {
    readonly appPort: number;
    readonly hosts: readonly HostExposure[];
}

export function portSecurityScore(input: ScoreInput): PortScore {
    const deductions: Deduction[] = [];
    const warnings: string[] = [];
    const sanctioned: string[] = [];

    if (commonPorts.includes(input.appPort)) {
        deductions.push({ points: commonPortPenalty, port: input.appPort, reason: `app port ${input.appPort} is a common, heavily scanned port` });
    } else if (input.appPort < firstUnprivilegedPort) {
        warnings.push(`app port ${input.appPort} is privileged (< ${firstUnprivilegedPort}) and needs elevated access to bind`);
    }

    for (const host of input.hosts) {
        const seen = new Set<number>();
        for (const row of host.rows.filter((r) => r.world)) {
            const where = `${row.source} on the ${host.role} ${host.role === "alb" ? "load balancer" : "host"} (${host.host})`;
            for (const port of commonPorts.filter((p) => p >= row.fromPort && p <= row.toPort)) {
                if (seen.has(port)) continue;
                seen.add(port);
                const sanction = sanctionedPublicPorts.find((s) => s.role === host.role && s.port === port);
                if (sanction) sanctioned.push(`${port} open to ${where}: ${sanction.why}`);
                else deductions.push({ points: commonPortPenalty, port, host: host.role, reason: `common port ${port} open to ${where}` });
            }
            const lastPrivileged = Math.min(row.toPort, firstUnprivilegedPort - 1);
            const privileged = row.fromPort === lastPrivileged ? `${row.fromPort}` : `${row.fromPort}-${lastPrivileged}`;
            const uncommon = lastPrivileged - row.fromPort + 1 > commonPorts.filter((p) => p >= row.fromPort && p <= lastPrivileged).length;
            if (row.fromPort <= lastPrivileged && uncommon) warnings.push(`privileged port ${privileged} open to ${where}`);
        }
    }
    const lost = deductions.reduce((sum, d) => sum + d.points, 0);
    return { baseline: baselineScore, score: Math.max(0, baselineScore - lost), deductions, warnings, sanctioned };
}
