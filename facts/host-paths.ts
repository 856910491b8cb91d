/**
 * Where things live on the hosts: every path a renderer writes, a push validates, fail2ban or the
 * CloudWatch agent reads. Plain strings, one home each (the log sources, renderers and tests all
 * import them from here).
 */

export const nginxPaths = {
    configDir: "/etc/nginx",
    main: "/etc/nginx/nginx.conf",
    site: "/etc/nginx/conf.d/irisx-api.conf",
    errorLog: "/var/log/nginx/error.log",
    accessLog: "/var/log/nginx/access.log",
    acmeWebroot: "/var/www/acme",
    /** certbot runs the executables here after every renewal (and this one after a first issuance given as --deploy-hook). */
    certbotDeployHook: "/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh",
} as const;

export const fail2banPaths = {
    configDir: "/etc/fail2ban",
    jails: "/etc/fail2ban/jail.d/irisx.local",
    freeswitchFilter: "/etc/fail2ban/filter.d/freeswitch.local",
    /** Where Debian's fail2ban.conf (logtarget) writes bans and unbans; we leave that file alone. */
    log: "/var/log/fail2ban.log",
} as const;

const freeswitchConfigDir = "/etc/freeswitch/autoload_configs";

export const freeswitchPaths = {
    confDir: "/etc/freeswitch",
    /** The root document FreeSWITCH parses first; ours, so it decides what is read in which order. */
    root: "/etc/freeswitch/freeswitch.xml",
    /** Our variables, included by the root right after vanilla vars.xml. */
    vars: "/etc/freeswitch/irisx-vars.xml",
    acl: `${freeswitchConfigDir}/acl.conf.xml`,
    eventSocket: `${freeswitchConfigDir}/event_socket.conf.xml`,
    sofia: `${freeswitchConfigDir}/sofia.conf.xml`,
    switch: `${freeswitchConfigDir}/switch.conf.xml`,
    log: "/var/log/freeswitch/freeswitch.log",
} as const;

export const agentPaths = {
    /** Ours; `amazon-cloudwatch-agent-ctl -a fetch-config` copies it into the agent's own directory. */
    config: "/etc/irisx/cloudwatch-agent.json",
    bin: "/opt/aws/amazon-cloudwatch-agent/bin",
    commonConfig: "/opt/aws/amazon-cloudwatch-agent/etc/common-config.toml",
} as const;

export const apiEnvPath = "/etc/irisx/api.env";

/**
 * sshd on Debian 12 logs to the journal only, which the agent cannot read: cloud-init installs
 * rsyslog, whose Debian default writes auth and authpriv messages here.
 */
export const authLogPath = "/var/log/auth.log";

export const sshdPaths = {
    main: "/etc/ssh/sshd_config",
    /**
     * Debian's sshd_config includes sshd_config.d/*.conf (sorted) before its own lines, and the
     * first value of a keyword wins: "00-" sorts before cloud-init's 50-cloud-init.conf.
     */
    dropIn: "/etc/ssh/sshd_config.d/00-irisx.conf",
    /** Where cloud-init's ssh_keys (ed25519_private / ed25519_public) writes the pinned host key. */
    hostKey: "/etc/ssh/ssh_host_ed25519_key",
} as const;

/** The host firewall: Debian's nftables.service loads this file at boot (ours has no `flush ruleset`). */
export const firewallPath = "/etc/nftables.conf";
