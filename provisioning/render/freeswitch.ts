/**
 * FreeSWITCH configuration. We own whole files under /etc/freeswitch/autoload_configs (never patch
 * a vanilla file): acl, event socket, sofia (our one SIP profile inline, so the vanilla
 * sip_profiles/*.xml with their blind-auth defaults are not loaded), switch (RTP range) and a vars
 * override that FreeSWITCH's pre-processor reads before any file that uses the variables.
 */
import { xmlAttr, xmlHeader } from "./header";
import { freeswitchPaths } from "../../facts/host-paths";

const source = "provisioning/render/freeswitch.ts";

export const aclNames = { signalling: "irisx-sip-peers", esl: "irisx-esl" } as const;
export const sipProfileName = "irisx";

/** Parameters that make the profile demand a password from everyone its ACL does not name. */
export const sipAuthParams: readonly (readonly [string, string])[] = [
    ["auth-calls", "true"],
    ["accept-blind-auth", "false"],
    ["accept-blind-reg", "false"],
    // In-dialog requests (ACK, BYE, re-INVITE) ride on a dialog already authenticated; "true"
    // would challenge the trunk's BYEs, which trunks do not answer.
    ["auth-all-packets", "false"],
    // fail2ban's freeswitch jail reads these lines.
    ["log-auth-failures", "true"],
];

export interface FreeswitchInput {
    readonly privateIp: string;
    readonly publicIp: string;
    readonly apiPrivateIp: string;
    readonly sipSignallingPeers: readonly string[];
    readonly sipPort: number;
    readonly sipTlsPort: number;
    readonly sipTls: boolean;
    readonly eslPort: number;
    readonly rtpStartPort: number;
    readonly rtpEndPort: number;
}

export interface FreeswitchSecrets {
    readonly eslPassword: string;
    readonly defaultPassword: string;
}

const param = (name: string, value: string) => `      <param name="${xmlAttr(name)}" value="${xmlAttr(value)}"/>`;

function list(name: string, cidrs: readonly string[]): string {
    const nodes = cidrs.map((cidr) => `      <node type="allow" cidr="${xmlAttr(cidr)}"/>`).join("\n");
    return `    <list name="${name}" default="deny">\n${nodes}\n    </list>`;
}

export function renderAcl(input: FreeswitchInput): string {
    // default="deny" on each list: a list without it allows everything not named.
    return `${xmlHeader(source)}<configuration name="acl.conf" description="Network Lists">
  <network-lists>
    <!-- SIP signalling peers only: a match of the profile's inbound ACL counts as authentication. -->
${list(aclNames.signalling, input.sipSignallingPeers)}
    <!-- The API host may open the event socket, and the host itself (the push reloads
         mod_event_socket through it when the ESL password is rotated). -->
${list(aclNames.esl, [`${input.apiPrivateIp}/32`, `${input.privateIp}/32`])}
  </network-lists>
</configuration>
`;
}

export function renderEventSocket(input: FreeswitchInput, secrets: FreeswitchSecrets): string {
    return `${xmlHeader(source)}<configuration name="event_socket.conf" description="Socket Client">
  <settings>
${[
    param("nat-map", "false"),
    param("listen-ip", input.privateIp),
    param("listen-port", String(input.eslPort)),
    param("password", secrets.eslPassword),
    param("apply-inbound-acl", aclNames.esl),
].join("\n")}
  </settings>
</configuration>
`;
}

export function renderSofia(input: FreeswitchInput): string {
    const tls = input.sipTls
        ? [param("tls", "true"), param("tls-sip-port", String(input.sipTlsPort)), param("tls-version", "$${sip_tls_version}"), param("tls-cert-dir", "/etc/freeswitch/tls")]
        : [param("tls", "false")];
    const settings = [
        param("sip-ip", input.privateIp),
        param("rtp-ip", input.privateIp),
        param("ext-sip-ip", input.publicIp),
        param("ext-rtp-ip", input.publicIp),
        param("sip-port", String(input.sipPort)),
        param("context", "public"),
        param("dialplan", "XML"),
        param("apply-inbound-acl", aclNames.signalling),
        ...sipAuthParams.map(([name, value]) => param(name, value)),
        ...tls,
    ].map((line) => `  ${line}`);
    return `${xmlHeader(source)}<configuration name="sofia.conf" description="sofia Endpoint">
  <global_settings>
    <param name="log-level" value="0"/>
  </global_settings>
  <profiles>
    <profile name="${sipProfileName}">
      <domains>
        <domain name="all" alias="false" parse="false"/>
      </domains>
      <settings>
${settings.join("\n")}
      </settings>
    </profile>
  </profiles>
</configuration>
`;
}

export function renderSwitch(input: FreeswitchInput): string {
    return `${xmlHeader(source)}<configuration name="switch.conf" description="Core Configuration">
  <settings>
${[
    param("colorize-console", "false"),
    param("max-sessions", "1000"),
    param("sessions-per-second", "30"),
    param("loglevel", "info"),
    // The RTP range equals the security group's (infra/ports.ts).
    param("rtp-start-port", String(input.rtpStartPort)),
    param("rtp-end-port", String(input.rtpEndPort)),
].join("\n")}
  </settings>
</configuration>
`;
}

/**
 * Overrides vanilla vars.xml, which ships default_password=1234 and allows TLS 1.0/1.1. Later
 * X-PRE-PROCESS set wins, and this file is read before everything that expands these variables.
 */
export function renderVarsOverride(secrets: FreeswitchSecrets): string {
    const set = (assignment: string) => `  <X-PRE-PROCESS cmd="set" data="${xmlAttr(assignment)}"/>`;
    return `${xmlHeader(source)}<include>
${[set(`default_password=${secrets.defaultPassword}`), set("sip_tls_version=tlsv1.2")].join("\n")}
</include>
`;
}

/**
 * Reload step of the FreeSWITCH unit, run by the push script after the swap; `previousEventSocket`
 * is where the push kept the previous event socket file (push-script.ts, previousCopy).
 * A restart drops live calls, so the push never restarts FreeSWITCH. The one change that cannot
 * wait for the next restart is a rotated ESL password: the API host is handed the new one in the
 * same `pulumi up`. mod_event_socket reads its password only when it loads, so the push sends
 * `bgapi reload mod_event_socket` over the event socket with the password the running module
 * still has (the previous file's), then waits until the new one is accepted. ESL clients
 * reconnect; calls go on. fs_cli reads the password from a private temporary HOME, never from its
 * command line.
 */
export function renderFreeswitchReload(input: Pick<FreeswitchInput, "privateIp" | "eslPort">, previousEventSocket: string): string {
    return `if ! systemctl is-active --quiet freeswitch; then echo "freeswitch is not running: it reads this configuration when it starts"; exit 0; fi
esl_password() { xmllint --xpath 'string(//param[@name="password"]/@value)' "$1"; }
previous="${previousEventSocket}"
if [ -f "$previous" ] && [ "$(esl_password "$previous")" != "$(esl_password ${freeswitchPaths.eventSocket})" ]; then
    command -v fs_cli >/dev/null 2>&1 || { echo "fs_cli is missing: the new ESL password would need a restart" >&2; exit 1; }
    home=$(mktemp -d) && trap 'rm -rf "$home"' EXIT
    cli() { printf '[default]\\nhost => %s\\nport => %s\\npassword => %s\\n' ${input.privateIp} ${input.eslPort} "$1" > "$home/.fs_cli_conf" && HOME="$home" timeout 15 fs_cli -x "$2" 2>&1; }
    cli "$(esl_password "$previous")" "bgapi reload mod_event_socket" | grep -q '+OK' || { echo "mod_event_socket did not accept the reload with the previous ESL password" >&2; exit 1; }
    for i in $(seq 30); do
        if cli "$(esl_password ${freeswitchPaths.eventSocket})" status >/dev/null; then echo "mod_event_socket reloaded: the rotated ESL password is in use"; break; fi
        [ "$i" -lt 30 ] || { echo "mod_event_socket did not come back with the new password (an outbound-socket call may hold it); run pulumi up again" >&2; exit 1; }
        sleep 1
    done
fi
echo "freeswitch is running: other changes take effect at its next restart (systemctl restart freeswitch drops live calls)"`;
}
