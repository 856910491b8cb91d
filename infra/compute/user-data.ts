/**
 * cloud-init user data for the two hosts. Pure renderers: no Pulumi.
 *
 * User data is readable by anyone who can call DescribeInstanceAttribute or reach IMDS on the host.
 * It carries one secret, the host's SSH host key, because the first push must already know whom
 * it talks to (README, "Host identity"); everything else secret arrives later over that pinned SSH.
 */
import { EdgeMode } from "../../facts/edge";
import { hostKeyType } from "../../facts/ssh";

export const managedHeader = "# Managed by irisx-infra (infra/compute/user-data.ts); do not edit on the host.";

/**
 * On both hosts: auth.log for the CloudWatch agent (sshd logs to the journal only), what fetches
 * and verifies the agent, and nftables for the host firewall (the push checks and loads it; ss
 * and ps, which its SSH proof uses, come with Debian's iproute2 and procps).
 */
const commonPackages = ["rsyslog", "curl", "gnupg", "ca-certificates", "nftables"];

/**
 * Packages each role needs before the provisioning push can validate and reload its config:
 * `nginx -t`, `fail2ban-client -t` and `xmllint --noout` all run on the host.
 */
export const rolePackages: Readonly<Record<"api" | "freeswitch", readonly string[]>> = {
    api: [
        ...commonPackages,
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
        ...commonPackages,
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
        "lsb-release",
    ],
};

/**
 * The CloudWatch agent is not in Debian: AWS publishes a signed .deb. The signature must be valid
 * and made by the key whose fingerprint AWS documents ("Verifying the signature of the CloudWatch
 * agent package"), whatever key file the download holds. The agent starts without a config; the
 * provisioning push gives it one.
 */
export const cloudwatchAgent = {
    base: "https://amazoncloudwatch-agent.s3.amazonaws.com",
    fingerprint: "937616F3450B7D806CBD9725D58167303B789C72",
    installer: "/usr/local/sbin/irisx-install-cloudwatch-agent",
} as const;

/** `source` is for tests, which serve a package they signed themselves. */
export function renderAgentInstaller(source: { readonly base: string; readonly fingerprint: string } = cloudwatchAgent): string {
    const { base, fingerprint } = source;
    return `#!/bin/sh
${managedHeader}
set -eu
command -v /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl >/dev/null 2>&1 && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for file in debian/amd64/latest/amazon-cloudwatch-agent.deb debian/amd64/latest/amazon-cloudwatch-agent.deb.sig assets/amazon-cloudwatch-agent.gpg; do
    curl -fsSL --retry 5 --retry-connrefused -o "$(basename "$file")" "${base}/$file"
done
export GNUPGHOME="$work/gnupg"
mkdir -m 0700 "$GNUPGHOME"
gpg --batch --quiet --import amazon-cloudwatch-agent.gpg
gpg --batch --status-fd 1 --verify amazon-cloudwatch-agent.deb.sig amazon-cloudwatch-agent.deb 2>/dev/null |
    grep -q "^\\[GNUPG:\\] VALIDSIG .*${fingerprint}" || { echo "amazon-cloudwatch-agent.deb: no valid signature by ${fingerprint}" >&2; exit 1; }
dpkg -i -E amazon-cloudwatch-agent.deb
`;
}

/** An OpenSSH ed25519 key pair, as @pulumi/tls PrivateKey gives it (privateKeyOpenssh, publicKeyOpenssh). */
export interface HostKeyPair {
    readonly privateKeyOpenssh: string;
    readonly publicKeyOpenssh: string;
}

/**
 * Behind the load balancer (edge alb) the API host's fail2ban bans into the WAF IP set with a
 * boto3 tool (provisioning/render/waf-ipset.ts), and certbot has nothing to do: the ALB hop's
 * certificate is self-signed on the host, Let's Encrypt's HTTP-01 cannot reach it.
 */
export function apiPackagesFor(edge: EdgeMode | undefined): readonly string[] {
    if (edge !== "alb") return rolePackages.api;
    return [...rolePackages.api.filter((name) => name !== "certbot"), "python3-boto3"];
}

export interface UserDataArgs {
    readonly role: "api" | "freeswitch";
    /** The API's edge (facts/edge.ts); undefined is direct. */
    readonly edge?: EdgeMode;
    readonly hostname: string;
    readonly hostKey: HostKeyPair;
}

function yamlList(items: readonly string[], indent = "  "): string {
    return items.map((item) => `${indent}- ${item}`).join("\n");
}

/**
 * cloud-init's ssh module (cloudinit/config/cc_ssh.py, 22.4.2 as in Debian 12): ssh_deletekeys
 * removes the image's /etc/ssh/ssh_host_*key*, each ssh_keys entry is written to
 * /etc/ssh/ssh_host_<type>_key[.pub] (0600), and with ssh_keys given no other type is generated.
 */
function hostKeyConfig(key: HostKeyPair): string[] {
    const privateKey = key.privateKeyOpenssh.trim();
    const publicKey = key.publicKeyOpenssh.trim().split(/\s+/).slice(0, 2).join(" ");
    if (!/^-----BEGIN OPENSSH PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END OPENSSH PRIVATE KEY-----$/.test(privateKey)) {
        throw new Error("host key: not an OpenSSH private key block");
    }
    if (!new RegExp(`^${hostKeyType} [A-Za-z0-9+/]+=*$`).test(publicKey)) throw new Error(`host key: not a ${hostKeyType} public key`);
    return [
        "ssh_deletekeys: true",
        // Only consulted when ssh_keys is absent; kept to ed25519 so no other type ever appears.
        "ssh_genkeytypes: [ed25519]",
        "ssh_keys:",
        "  ed25519_private: |",
        ...privateKey.split("\n").map((line) => `    ${line}`),
        `  ed25519_public: ${publicKey}`,
    ];
}

/** Renders the #cloud-config document for a host role; it holds the host key, so it is a secret. */
export function renderUserData(args: UserDataArgs): string {
    const services: Record<UserDataArgs["role"], readonly string[]> = {
        api: ["rsyslog", "nginx", "fail2ban"],
        freeswitch: ["rsyslog", "fail2ban"],
    };
    const installer = renderAgentInstaller().split("\n").map((line) => (line ? `      ${line}` : line)).join("\n");
    return [
        "#cloud-config",
        managedHeader,
        `hostname: ${args.hostname}`,
        ...hostKeyConfig(args.hostKey),
        "package_update: true",
        "package_upgrade: true",
        "packages:",
        yamlList(args.role === "api" ? apiPackagesFor(args.edge) : rolePackages[args.role]),
        "write_files:",
        `  - path: ${cloudwatchAgent.installer}`,
        "    permissions: '0755'",
        "    content: |",
        installer.trimEnd(),
        "runcmd:",
        yamlList([
            ...services[args.role].map((service) => `[systemctl, enable, --now, ${service}]`),
            `[${cloudwatchAgent.installer}]`,
        ]),
        "",
    ].join("\n");
}
