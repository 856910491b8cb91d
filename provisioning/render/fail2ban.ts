/**
 * fail2ban 1.0.2 (Debian 12): our jails in jail.d/irisx.local (read after Debian's
 * defaults-debian.conf, so our values win) and the FreeSWITCH filter fix in filter.d/freeswitch.local.
 */
import { JailBackend } from "../model";
import { addressToken } from "./guard";
import { hashHeader } from "./header";

/** The design notes: ban after 5 failed attempts. */
export const banPolicy = { maxretry: 5, findtime: "10m", bantime: "1h", banaction: "iptables-multiport" } as const;

export interface Fail2banInput {
    /** Sources never banned: loopback, the VPC, the SIP signalling peers (UDP SIP is spoofable). */
    readonly ignoreIp: readonly string[];
    /** fail2ban's own ignoreself; test hosts turn it off so a loopback source can be banned. */
    readonly ignoreSelf: boolean;
    readonly sshd: JailBackend;
    readonly sshPort: number;
    /** `banAction`: edge alb bans into the WAF IP set (render/waf-ipset.ts); else the host's firewall. */
    readonly nginxLimitReq?: { readonly logpath: string; readonly banAction?: string };
    readonly freeswitch?: { readonly logpath: string; readonly ports: readonly number[] };
}

function backend(source: JailBackend): string {
    // backend = systemd reads sshd's journal (needs python3-systemd); Debian 12 has no auth.log.
    return source.backend === "systemd" ? "backend = systemd" : `backend = auto\nlogpath = ${source.path}`;
}

export function renderFail2banJails(input: Fail2banInput): string {
    const sections = [
        `${hashHeader("provisioning/render/fail2ban.ts")}
[DEFAULT]
ignoreself = ${input.ignoreSelf}
ignoreip = ${input.ignoreIp.map((ip) => addressToken("fail2ban ignoreip", ip)).join(" ")}
maxretry = ${banPolicy.maxretry}
findtime = ${banPolicy.findtime}
bantime = ${banPolicy.bantime}
# Bans become rules in the host's own firewall (iptables, nf_tables backend on Debian 12).
banaction = ${banPolicy.banaction}
banaction_allports = iptables-allports
`,
        `[sshd]
enabled = true
mode = normal
port = ${input.sshPort}
${backend(input.sshd)}
`,
    ];
    if (input.nginxLimitReq) {
        sections.push(`[nginx-limit-req]
enabled = true
port = http,https
backend = auto
logpath = ${input.nginxLimitReq.logpath}
${input.nginxLimitReq.banAction ? `# Behind the load balancer a host firewall ban stops nothing: ban at the WAF instead.\naction = ${input.nginxLimitReq.banAction}\n` : ""}`);
    }
    if (input.freeswitch) {
        // The stock jail's action_ bans TCP and UDP separately; we keep it and fix logpath/maxretry.
        sections.push(`[freeswitch]
enabled = true
filter = freeswitch
port = ${input.freeswitch.ports.join(",")}
backend = auto
logpath = ${input.freeswitch.logpath}
maxretry = ${banPolicy.maxretry}
`);
    }
    return sections.join("\n");
}

/**
 * FreeSWITCH >= 1.10.7 writes the idle CPU between timestamp and level
 * ("2026-01-02 03:04:05.123456 97.53% [WARNING] ..."), which fail2ban 1.0.2's filter does not
 * expect. Upstream fixed _pref_line in 1.1.1 (commit 91c27d06); this .local carries the same
 * allowance on top of the stock filter, whose prefregex and failregex stay in charge.
 */
export function renderFreeswitchFilterOverride(): string {
    return `${hashHeader("provisioning/render/fail2ban.ts")}
[Definition]
_pref_line = ^%(__prefix_line)s(?:(?:\\d+-)?\\d+-\\d+ \\d+:\\d+:\\d+\\.\\d+)?(?:\\s+\\d+(?:\\.\\d+)?%%)?
`;
}
