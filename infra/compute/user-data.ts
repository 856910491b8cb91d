/**
 * cloud-init user data for the two hosts. Pure renderers: no Pulumi, no secrets.
 *
 * User data is readable by anyone who can call DescribeInstanceAttribute or reach IMDS on the host,
 * so it installs packages only; configuration and secrets arrive later through the provisioning
 * push over SSH.
 */
export const managedHeader = "# Managed by irisx-infra (infra/compute/user-data.ts); do not edit on the host.";

/**
 * Packages each role needs before the provisioning push can validate and reload its config:
 * `nginx -t`, `fail2ban-client -t` and `xmllint --noout` all run on the host.
 */
export const rolePackages: Readonly<Record<"api" | "freeswitch", readonly string[]>> = {
    api: [
        "nginx",
        "certbot",
        "fail2ban",
        // fail2ban's sshd jail reads the journal on bookworm (there is no /var/log/auth.log).
        "python3-systemd",
        "libxml2-utils",
        // fail2ban's ban action (iptables-multiport) and the push's placeholder certificate.
        "iptables",
        "openssl",
        "unattended-upgrades",
    ],
    freeswitch: [
        "fail2ban",
        "python3-systemd",
        // xmllint validates the rendered FreeSWITCH XML before a reload.
        "libxml2-utils",
        "iptables",
        "unattended-upgrades",
        // Prerequisites for adding the SignalWire FreeSWITCH repository; FreeSWITCH itself is not
        // in Debian and its repository needs a token, which must not travel in user data.
        "gnupg2",
        "wget",
        "curl",
        "lsb-release",
        "ca-certificates",
    ],
};

export interface UserDataArgs {
    readonly role: "api" | "freeswitch";
    readonly hostname: string;
}

function yamlList(items: readonly string[], indent = "  "): string {
    return items.map((item) => `${indent}- ${item}`).join("\n");
}

/** Renders the #cloud-config document for a host role. */
export function renderUserData(args: UserDataArgs): string {
    const services: Record<UserDataArgs["role"], readonly string[]> = {
        api: ["nginx", "fail2ban"],
        freeswitch: ["fail2ban"],
    };
    return [
        "#cloud-config",
        managedHeader,
        `hostname: ${args.hostname}`,
        "package_update: true",
        "package_upgrade: true",
        "packages:",
        yamlList(rolePackages[args.role]),
        "runcmd:",
        yamlList(services[args.role].map((service) => `[systemctl, enable, --now, ${service}]`)),
        "",
    ].join("\n");
}
