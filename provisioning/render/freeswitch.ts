/**
 * FreeSWITCH configuration. We own whole files (never patch a vanilla file): the root document
 * freeswitch.xml (what the preprocessor reads first: vanilla vars.xml, then ours, then the
 * sections, with a directory of no users), and under autoload_configs acl, event socket, sofia
 * (our one SIP profile inline, so the vanilla sip_profiles/*.xml with their blind-auth defaults
 * are not loaded) and switch (RTP range).
 */
import { xmlAttr, xmlHeader } from "./header";
import { mozillaIntermediate } from "./tls-policy";
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
    // A trunk never registers to us; a REGISTER would only be someone guessing passwords.
    ["disable-register", "true"],
    // Neither the User-Agent/Server header nor the SDP origin names FreeSWITCH or its version
    // (the defaults are "FreeSWITCH-mod_sofia/<version>" and "FreeSWITCH").
    ["user-agent-string", "irisx"],
    ["username", "irisx"],
];

/**
 * SIP-TLS (sofia.c, "TLS params"): tls-version takes a comma list and knows tlsv1.3 since
 * FreeSWITCH 1.10.7; tls-ciphers is an OpenSSL list for TLS <= 1.2.
 */
export const sipTlsPolicy = {
    version: mozillaIntermediate.protocols.map((p) => p.toLowerCase()).join(","),
    ciphers: mozillaIntermediate.ciphers.join(":"),
    certDir: "/etc/freeswitch/tls",
} as const;

/**
 * SRTP when SIP-TLS is on, as vanilla vars.xml documents rtp_secure_media: "mandatory" offers and
 * accepts only SAVP (no fallback to plain RTP), suites strongest first, none with a 32-bit tag or
 * NULL auth. A secure trunk (Twilio's "Secure Trunking") asks for both TLS and SRTP: the SDES keys
 * ride in the SDP, which only TLS keeps secret. Set as a global, it is every call's default.
 */
export const srtpPolicy = "mandatory:AEAD_AES_256_GCM_8:AEAD_AES_128_GCM_8:AES_CM_128_HMAC_SHA1_80";

export interface FreeswitchInput {
    readonly privateIp: string;
    readonly publicIp: string;
    /** Every API host's private address: each may open this host's event socket. */
    readonly apiPrivateIps: readonly string[];
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
    // default="deny" on each list: a list without it allows everything not named. The ESL list
    // names every API host (one /32 each), then this host (its reload and its drain use it).
    // The XML comment keeps its one-host wording so a one-host stack's file does not change.
    return `${xmlHeader(source)}<configuration name="acl.conf" description="Network Lists">
  <network-lists>
    <!-- SIP signalling peers only: a match of the profile's inbound ACL counts as authentication. -->
${list(aclNames.signalling, input.sipSignallingPeers)}
    <!-- The API host may open the event socket, and the host itself (the push reloads
         mod_event_socket through it when the ESL password is rotated). -->
${list(aclNames.esl, [...input.apiPrivateIps.map((ip) => `${ip}/32`), `${input.privateIp}/32`])}
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
        ? [
            param("tls", "true"),
            param("tls-sip-port", String(input.sipTlsPort)),
            param("tls-version", sipTlsPolicy.version),
            param("tls-ciphers", sipTlsPolicy.ciphers),
            param("tls-cert-dir", sipTlsPolicy.certDir),
        ]
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

/** Characters the preprocessor or the XML parser would read as syntax: a value must not hold any. */
const unsafeForPreprocessor = /["&<>$\n\r]/;

/**
 * Our variables, read right after vanilla vars.xml (see renderRoot), so they win over its
 * default_password=1234 and TLS 1.0/1.1 before anything expands them. The preprocessor takes
 * data="name=value" as raw text (switch_xml.c, preprocess): no XML escaping is undone there.
 */
export function renderVars(input: Pick<FreeswitchInput, "sipTls">, secrets: FreeswitchSecrets): string {
    const vars: [string, string][] = [
        ["default_password", secrets.defaultPassword],
        ["sip_tls_version", sipTlsPolicy.version],
        ["sip_tls_ciphers", sipTlsPolicy.ciphers],
        ...(input.sipTls ? [["rtp_secure_media", srtpPolicy] as [string, string]] : []),
    ];
    for (const [name, value] of vars) {
        if (unsafeForPreprocessor.test(value)) throw new Error(`FreeSWITCH variable ${name} holds a character the preprocessor reads as syntax (one of " & < > $ or a line break)`);
    }
    return `${xmlHeader(source)}<include>
${vars.map(([name, value]) => `  <X-PRE-PROCESS cmd="set" data="${name}=${value}"/>`).join("\n")}
</include>
`;
}

/**
 * The root document FreeSWITCH parses first (conf_dir/freeswitch.xml). The preprocessor reads it
 * line by line, top to bottom; a later "set" overwrites an earlier one and $${var} expands to the
 * value set so far (switch_xml.c, preprocess). So vanilla vars.xml comes first (paths, codecs,
 * sounds the vanilla modules use) and ours right after, before any section, whatever the file
 * names in autoload_configs. The directory section lists no users, so vanilla's directory/ (users
 * 1000-1019 with the default password, and more) is never read: the trunk is admitted by the
 * signalling ACL, and every other request must authenticate and cannot. Each include stands on
 * its own line (the preprocessor consumes the whole line), and no comment here may name the
 * preprocessor's tag: it would be executed.
 */
export function renderRoot(): string {
    const include = (path: string, indent = "    ") => `${indent}<X-PRE-PROCESS cmd="include" data="${path}"/>`;
    const conf = (pattern: string) => include(`${freeswitchPaths.confDir}/${pattern}`);
    return `<?xml version="1.0"?>
${xmlHeader(source)}<document type="freeswitch/xml">
${include(`${freeswitchPaths.confDir}/vars.xml`, "  ")}
${include(freeswitchPaths.vars, "  ")}

  <section name="configuration" description="Various Configuration">
    <!-- *.conf.xml, the name of every module's file: not 00-irisx-vars.xml, which earlier pushes left here. -->
${conf("autoload_configs/*.conf.xml")}
  </section>

  <section name="dialplan" description="Regex/XML Dialplan">
${conf("dialplan/*.xml")}
  </section>

  <section name="chatplan" description="Regex/XML Chatplan">
${conf("chatplan/*.xml")}
  </section>

  <section name="directory" description="User Directory">
    <!-- No users: calls come from the signalling peers' ACL only. -->
  </section>

  <section name="languages" description="Language Management">
${conf("lang/en/*.xml")}
  </section>
</document>
`;
}

/**
 * What xmllint cannot see (REFERENCE.md "FreeSWITCH"): a stock or empty ESL password, an event
 * socket on every address, lists outside <network-lists> (silently none) or without
 * default="deny", an inbound ACL naming no list, vars' stock default_password. `at(path)` says
 * where a file is (the staged tree). Messages name the file and the rule, never a value.
 */
export function renderFreeswitchChecks(at: (path: string) => string): string {
    const [esl, acl, vars] = [at(freeswitchPaths.eventSocket), at(freeswitchPaths.acl), at(freeswitchPaths.vars)];
    return `x() { xmllint --xpath "$1" "$2" 2>/dev/null; }
bad=0
no() { echo "$1"; bad=1; }
[ "$(x 'count(//param[@name="password"][string-length(@value) > 0][@value != "ClueCon"])' ${esl})" = 1 ] || no "event_socket.conf.xml: the ESL password is empty or the stock one"
case "$(x 'string(//param[@name="listen-ip"]/@value)' ${esl})" in "" | 0.0.0.0 | :: | "[::]") no "event_socket.conf.xml: listen-ip must be the private address" ;; esac
{ [ "$(x 'count(/configuration/network-lists/list)' ${acl})" -gt 0 ] 2>/dev/null; } && [ "$(x 'count(//list[not(@default="deny")])' ${acl})" = 0 ] || no 'acl.conf.xml: every list must sit in <network-lists> with default="deny"'
esl_acl=$(x 'string(//param[@name="apply-inbound-acl"]/@value)' ${esl})
[ -n "$esl_acl" ] && [ "$(x "count(/configuration/network-lists/list[@name='$esl_acl'])" ${acl})" = 1 ] || no "event_socket.conf.xml: apply-inbound-acl must name a list of acl.conf.xml"
[ "$(x 'count(//X-PRE-PROCESS[@cmd="set"][starts-with(@data, "default_password=")][@data != "default_password="][@data != "default_password=1234"])' ${vars})" = 1 ] || no "irisx-vars.xml: default_password must be set, and not to the stock 1234"
exit $bad`;
}

/**
 * Reload step of the FreeSWITCH unit, run by the push script after the swap; `previousEventSocket`
 * is where the push kept the previous event socket file (push-script.ts, previousCopy; in a
 * rollback, the file being left).
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
    # After an interrupted push the module may already run these files' password.
    if cli "$(esl_password ${freeswitchPaths.eventSocket})" status >/dev/null; then echo "mod_event_socket already accepts this ESL password"; exit 0; fi
    cli "$(esl_password "$previous")" "bgapi reload mod_event_socket" | grep -q '+OK' || { echo "mod_event_socket did not accept the reload with the previous ESL password" >&2; exit 1; }
    for i in $(seq 30); do
        if cli "$(esl_password ${freeswitchPaths.eventSocket})" status >/dev/null; then echo "mod_event_socket reloaded: the rotated ESL password is in use"; break; fi
        [ "$i" -lt 30 ] || { echo "mod_event_socket did not come back with the new password (an outbound-socket call may hold it); run pulumi up again" >&2; exit 1; }
        sleep 1
    done
fi
echo "freeswitch is running: other changes take effect at its next restart (systemctl restart freeswitch drops live calls)"`;
}
