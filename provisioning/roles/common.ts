/**
 * What both host roles share: how the host differs between EC2 and a test host, the sshd and
 * fail2ban units, and the ignore list.
 */
import { ProvisioningConfig } from "../config";
import { HostRole, logGroupName, logSourcesFor } from "../../facts/log-sources";
import { ports } from "../../facts/ports";
import { JailBackend, ManagedFile, PushUnit } from "../model";
import { agentReloadCommand, agentValidateCommand, renderCloudwatchAgentConfig } from "../render/cloudwatch-agent";
import { Fail2banInput, renderFail2banJails, renderFreeswitchFilterOverride } from "../render/fail2ban";
import { agentPaths, fail2banPaths, sshdPaths } from "../../facts/host-paths";
import { adminUser } from "../../facts/ssh";
import { stagedPath } from "../render/push-script";
import { renderSshdDropIn, SshdInput, sshdProveCommand, sshdValidateCommand } from "../render/sshd";
import { renderWafBanAction, renderWafIpSetTool, wafBanAction, WafIpSet, wafIpSetPaths } from "../render/waf-ipset";

/** The few facts that differ between a real Debian 12 instance and a namespaced test host. */
export interface HostOptions {
    /** sshd failures: the journal on EC2 (Debian 12 writes no auth.log), a syslog-style file in tests. */
    readonly sshd: JailBackend;
    /** Local sources fail2ban never bans. Test hosts narrow 127.0.0.1/8 to /32 to ban 127.0.0.66. */
    readonly localIgnoreIp: readonly string[];
    readonly ignoreSelf: boolean;
    readonly ipv6: boolean;
    /** The CloudWatch agent (installed by cloud-init from AWS; it is not in Debian, so test hosts have none). */
    readonly cloudwatchAgent: boolean;
    /**
     * Our sshd drop-in (only the admin user, no root). The role host tests log in as root, so they
     * leave it out; test/provisioning/host-ssh.test.ts pushes it to a host with the admin user.
     */
    readonly sshdUnit: boolean;
}

export const ec2Host: HostOptions = {
    sshd: { backend: "systemd" },
    localIgnoreIp: ["127.0.0.1/8", "::1"],
    ignoreSelf: true,
    ipv6: true,
    cloudwatchAgent: true,
    sshdUnit: true,
};

/**
 * sshd's drop-in. Validated with sshd -t/-T against the real config before sshd reads it; after the
 * reload a new login must succeed (sshdProveCommand), else the push restores the previous file and
 * reloads again, while its own session is still open.
 */
export function sshdUnit(overrides: Partial<SshdInput> = {}): PushUnit {
    const input: SshdInput = { adminUser, hostKeyPath: sshdPaths.hostKey, ...overrides };
    return {
        name: "sshd",
        files: [{ path: sshdPaths.dropIn, content: renderSshdDropIn(input), mode: "0644", group: "root" }],
        requires: ["sshd", "ssh", "ssh-keygen"],
        prepare: "true",
        // The drop-in is checked from the staged tree together with the live files beside it.
        tree: [],
        validate: sshdValidateCommand(input, sshdPaths, stagedPath(sshdPaths.dropIn)),
        // Debian's ssh.service reload runs sshd -t itself, then SIGHUP; open sessions stay up.
        reload: "systemctl reload ssh",
        prove: sshdProveCommand(sshdPaths.hostKey),
        secret: false,
    };
}

/** Never banned: loopback, the VPC, and the SIP signalling peers (UDP SIP sources are spoofable). */
export function ignoreIp(config: Pick<ProvisioningConfig, "vpcCidr" | "sipSignallingPeers">, host: HostOptions): string[] {
    return [...host.localIgnoreIp, config.vpcCidr, ...config.sipSignallingPeers];
}

/** Creates a missing log file so fail2ban-client -t does not reject the jail before the service first logs. */
function ensureLog(path: string, owner?: string): string {
    const chown = owner ? ` && { ! id ${owner} >/dev/null 2>&1 || chown -R ${owner}:${owner} ${path.replace(/\/[^/]+$/, "")}; }` : "";
    return `[ -e ${path} ] || { install -d -m 0755 ${path.replace(/\/[^/]+$/, "")} && install -m 0640 /dev/null ${path}${chown}; }`;
}

export interface Fail2banUnitInput {
    readonly config: Pick<ProvisioningConfig, "vpcCidr" | "sipSignallingPeers">;
    readonly host: HostOptions;
    readonly nginxErrorLog?: string;
    readonly freeswitchLog?: string;
    /** edge alb: the nginx jails ban into this WAF IP set; the sshd jail keeps the host ban (SSH is direct). */
    readonly waf?: WafIpSet;
}

export function fail2banUnit(input: Fail2banUnitInput): PushUnit {
    const jails: Fail2banInput = {
        ignoreIp: ignoreIp(input.config, input.host),
        ignoreSelf: input.host.ignoreSelf,
        sshd: input.host.sshd,
        sshPort: ports.ssh.from,
        nginxLimitReq: input.nginxErrorLog ? { logpath: input.nginxErrorLog, ...(input.waf ? { banAction: wafBanAction } : {}) } : undefined,
        freeswitch: input.freeswitchLog ? { logpath: input.freeswitchLog, ports: [ports.sip.from, ports.sipTls.from] } : undefined,
    };
    const files: ManagedFile[] = [{ path: fail2banPaths.jails, content: renderFail2banJails(jails), mode: "0644", group: "root" }];
    if (input.freeswitchLog) {
        files.push({ path: fail2banPaths.freeswitchFilter, content: renderFreeswitchFilterOverride(), mode: "0644", group: "root" });
    }
    if (input.waf) {
        files.push(
            { path: wafIpSetPaths.action, content: renderWafBanAction(input.waf), mode: "0644", group: "root" },
            { path: wafIpSetPaths.tool, content: renderWafIpSetTool(), mode: "0755", group: "root" },
        );
    }
    // The tool must parse and find boto3 (cloud-init's python3-boto3) before a ban ever needs it.
    const wafCheck = input.waf
        ? ` && /usr/bin/python3 -c 'import ast, sys; from boto3 import client; from botocore.config import Config; ast.parse(open(sys.argv[1]).read(), sys.argv[1])' ${stagedPath(wafIpSetPaths.tool)}`
        : "";
    const logs = [
        input.host.sshd.backend === "file" ? ensureLog(input.host.sshd.path) : undefined,
        input.nginxErrorLog ? ensureLog(input.nginxErrorLog) : undefined,
        input.freeswitchLog ? ensureLog(input.freeswitchLog, "freeswitch") : undefined,
    ].filter((line): line is string => line !== undefined);
    return {
        name: "fail2ban",
        files,
        requires: ["fail2ban-client", "iptables", ...(input.waf ? ["/usr/bin/python3"] : [])],
        prepare: logs.join(" &&\n") || "true",
        tree: [fail2banPaths.configDir],
        validate: `fail2ban-client -c ${stagedPath(fail2banPaths.configDir)} -t${wafCheck}`,
        reload: "if systemctl is-active --quiet fail2ban; then fail2ban-client reload; else systemctl restart fail2ban; fi",
        secret: false,
        // The WAF IP set's name and id are the edge's outputs, as the firewall's addresses are the hosts'.
        ...(input.waf ? { fromAddresses: true } : {}),
    };
}

/** The CloudWatch agent's config: this role's log files to the stack's log groups. */
export function cloudwatchAgentUnit(config: Pick<ProvisioningConfig, "environment">, role: HostRole): PushUnit {
    const files = logSourcesFor(role).map((source) => ({ file: source.file, logGroupName: logGroupName(config.environment, source.kind) }));
    return {
        name: "cloudwatch-agent",
        files: [{ path: agentPaths.config, content: renderCloudwatchAgentConfig(files), mode: "0644", group: "root" }],
        requires: [`${agentPaths.bin}/amazon-cloudwatch-agent-ctl`, `${agentPaths.bin}/config-translator`],
        prepare: "true",
        tree: [],
        validate: agentValidateCommand(stagedPath(agentPaths.config)),
        reload: agentReloadCommand(agentPaths.config),
        secret: false,
    };
}
