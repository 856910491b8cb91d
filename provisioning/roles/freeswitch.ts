/**
 * The FreeSWITCH host's push units: sshd, its XML configuration, fail2ban (sshd + freeswitch) and
 * the CloudWatch agent.
 */
import { ProvisioningConfig } from "../config";
import { ports } from "../../facts/ports";
import { firewallUnit } from "./firewall";
import { PushUnit } from "../model";
import { FreeswitchInput, FreeswitchSecrets, renderAcl, renderFreeswitchChecks, renderEventSocket, renderFreeswitchReload, renderRoot, renderSofia, renderSwitch, renderVars } from "../render/freeswitch";
import { previousCopy, stagedPath } from "../render/push-script";
import { HostOptions, cloudwatchAgentUnit, ec2Host, fail2banUnit, sshdUnit } from "./common";
import { freeswitchPaths } from "../../facts/host-paths";

export interface FreeswitchHostValues {
    readonly config: ProvisioningConfig;
    readonly freeswitchPrivateIp: string;
    readonly freeswitchPublicIp: string;
    /** Every API host's private address (ESL ACL and the host firewall's ESL set). */
    readonly apiPrivateIps: readonly string[];
    readonly host?: HostOptions;
}

export type FreeswitchHostSecrets = FreeswitchSecrets;

export function freeswitchInput(values: FreeswitchHostValues): FreeswitchInput {
    return {
        privateIp: values.freeswitchPrivateIp,
        publicIp: values.freeswitchPublicIp,
        apiPrivateIps: values.apiPrivateIps,
        sipSignallingPeers: values.config.sipSignallingPeers,
        sipPort: ports.sip.from,
        sipTlsPort: ports.sipTls.from,
        sipTls: values.config.sipTls,
        eslPort: ports.esl.from,
        rtpStartPort: ports.rtp.from,
        rtpEndPort: ports.rtp.to,
    };
}

export function freeswitchHostUnits(values: FreeswitchHostValues, secrets: FreeswitchHostSecrets): PushUnit[] {
    const input = freeswitchInput(values);
    const host = values.host ?? ec2Host;
    // Root owns the files; group freeswitch (the service user) may read them, nobody else.
    const file = (path: string, content: string) => ({ path, content, mode: "0640" as const, group: "freeswitch" });
    const files = [
        file(freeswitchPaths.root, renderRoot()),
        file(freeswitchPaths.vars, renderVars(input, secrets)),
        file(freeswitchPaths.acl, renderAcl(input)),
        file(freeswitchPaths.eventSocket, renderEventSocket(input, secrets)),
        file(freeswitchPaths.sofia, renderSofia(input)),
        file(freeswitchPaths.switch, renderSwitch(input)),
    ];
    const config: PushUnit = {
        name: "freeswitch",
        files,
        requires: ["xmllint"],
        // FreeSWITCH is built from source after boot; the group may not exist yet.
        prepare: "getent group freeswitch >/dev/null || groupadd --system freeswitch",
        tree: [],
        // Only file:line: message lines: xmllint would otherwise echo the line, which may be a password.
        validate: `if ! out=$(xmllint --noout ${files.map((f) => stagedPath(f.path)).join(" ")} 2>&1); then
    printf '%s\\n' "$out" | grep -E '^/[^ ]+:[0-9]+: ' | head -n 20
    exit 1
fi
${renderFreeswitchChecks(stagedPath)}`,
        reload: renderFreeswitchReload(input, previousCopy(freeswitchPaths.eventSocket)),
        secret: true,
    };
    const agent = host.cloudwatchAgent ? [cloudwatchAgentUnit(values.config, "freeswitch")] : [];
    const sshd = host.sshdUnit ? [sshdUnit()] : [];
    const firewall = firewallUnit({ role: "freeswitch", config: values.config, apiPrivateIps: values.apiPrivateIps });
    return [...sshd, config, fail2banUnit({ config: values.config, host, freeswitchLog: freeswitchPaths.log }), firewall, ...agent];
}
