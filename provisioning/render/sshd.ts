/**
 * OpenSSH 9.2 (Debian 12) sshd: our drop-in, the check that sshd would really run with it, and the
 * proof after a reload that the push can still log in.
 *
 * Debian's sshd_config starts with `Include /etc/ssh/sshd_config.d/*.conf` and, for almost every
 * keyword, sshd keeps the first value it reads: the drop-in (sorted first) overrides the stock file,
 * and any earlier drop-in would override us, which `sshd -T` shows (sshdValidateCommand).
 */
import { hashHeader } from "./header";

/**
 * What the command provider's SSH client offers: golang.org/x/crypto v0.48.0 (pulumi-command
 * v1.2.1 provider/go.mod), ssh/common.go defaultKexAlgos / defaultCiphers / defaultMACs, minus
 * mlkem768x25519-sha256 (OpenSSH 9.2's client lacks it). The proof connects with only these, so a
 * server list the provider cannot negotiate fails the proof instead of the next `pulumi up`.
 */
export const providerClientOffer = {
    kex: ["curve25519-sha256", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256"],
    ciphers: ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"],
    macs: ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1"],
} as const;

/**
 * ssh-audit's bar (no [fail]): no NIST-curve or SHA-1 key exchange, AEAD ciphers, encrypt-then-MAC
 * MACs only (unused with AEAD ciphers, but never a weaker fallback), one ed25519 host key.
 */
export const sshAlgorithms = {
    kex: ["sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "curve25519-sha256@libssh.org"],
    ciphers: ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com"],
    macs: ["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com"],
    hostKey: ["ssh-ed25519"],
} as const;

export interface SshdInput {
    /** The only user sshd lets in: the push's login user (facts/ssh.ts). */
    readonly adminUser: string;
    /** The pinned host key cloud-init installed (facts/host-paths.ts sshdPaths.hostKey). */
    readonly hostKeyPath: string;
    /** sshAlgorithms unless given (tests try lists that would lock the push out). */
    readonly algorithms?: { readonly [K in keyof typeof sshAlgorithms]: readonly string[] };
}

/** Root-only, on tmpfs: the proof's one-time key is authorised here and nowhere else. */
export const proveKeysDir = "/run/irisx-sshd-prove";

/** Keyword → value, in the order written; sshd -T prints the same pairs (lower-case keywords). */
export function sshdSettings(input: SshdInput): [string, string][] {
    const algorithms = input.algorithms ?? sshAlgorithms;
    return [
        ["HostKey", input.hostKeyPath],
        ["HostKeyAlgorithms", algorithms.hostKey.join(",")],
        ["KexAlgorithms", algorithms.kex.join(",")],
        ["Ciphers", algorithms.ciphers.join(",")],
        ["MACs", algorithms.macs.join(",")],
        ["PubkeyAuthentication", "yes"],
        ["AuthenticationMethods", "publickey"],
        ["PasswordAuthentication", "no"],
        ["KbdInteractiveAuthentication", "no"],
        ["PermitEmptyPasswords", "no"],
        ["PermitRootLogin", "no"],
        ["AllowUsers", input.adminUser],
        // The user's own file, and the proof's one-time key (written by root, removed at once).
        ["AuthorizedKeysFile", `.ssh/authorized_keys ${proveKeysDir}/%u`],
        ["MaxAuthTries", "3"],
        // Long enough for a slow link's key exchange, short enough that unauthenticated
        // connections do not pile up against MaxStartups.
        ["LoginGraceTime", "20"],
        ["AllowAgentForwarding", "no"],
        ["AllowTcpForwarding", "no"],
        ["AllowStreamLocalForwarding", "no"],
        ["X11Forwarding", "no"],
        ["PermitTunnel", "no"],
        ["GatewayPorts", "no"],
        ["PermitUserEnvironment", "no"],
    ];
}

export function renderSshdDropIn(input: SshdInput): string {
    if (!/^[a-z_][a-z0-9_-]*$/.test(input.adminUser)) throw new Error(`sshd: bad admin user name ${input.adminUser}`);
    const lines = sshdSettings(input).map(([keyword, value]) => `${keyword} ${value}`);
    return `${hashHeader("provisioning/render/sshd.ts")}# Read before Debian's sshd_config body and cloud-init's 50-cloud-init.conf: the first value wins.
${lines.join("\n")}
`;
}

/**
 * Validates a drop-in before sshd ever reads it: the live sshd_config and drop-ins, with `dropIn`
 * (a shell word: the staged copy) in our file's place, through `sshd -t`, then every setting
 * compared with what `sshd -T` says sshd would run with (catches an earlier file overriding ours,
 * or an Include removed).
 */
export function sshdValidateCommand(input: SshdInput, paths: { main: string; dropIn: string }, dropIn: string): string {
    const dir = paths.dropIn.replace(/\/[^/]+$/, "");
    const name = paths.dropIn.slice(dir.length + 1);
    const expected = sshdSettings(input).map(([k, v]) => `${k.toLowerCase()} ${v}`);
    if (expected.some((line) => line.includes("'"))) throw new Error("sshd: a setting holds a quote");
    return `t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
mkdir "$t/d" && { cp -p ${dir}/*.conf "$t/d/" 2>/dev/null; true; } && cp "${dropIn}" "$t/d/${name}" || exit 1
sed 's#^Include ${dir}/\\*\\.conf$#Include '"$t"'/d/*.conf#' ${paths.main} > "$t/sshd_config" || exit 1
grep -q "^Include $t/d/" "$t/sshd_config" || { echo "${paths.main} does not include ${dir}/*.conf: ${name} would be ignored"; exit 1; }
sshd -t -f "$t/sshd_config" || exit 1
sshd -T -f "$t/sshd_config" > "$t/effective" || exit 1
bad=0
for want in ${expected.map((line) => `'${line}'`).join(" ")}; do
    grep -qixF "$want" "$t/effective" || { echo "sshd would run with '$(grep -i "^\${want%% *} " "$t/effective")', not '$want': an earlier file overrides ${name}"; bad=1; }
done
exit $bad`;
}

/**
 * After the reload, with the push's own session still open: a NEW connection to this sshd as the
 * user running the push (sudo's caller), offering only what the provider's client offers, pinning
 * the host key cloud-init installed, authenticated by a one-time key. Non-zero means the push
 * would be locked out; the push (the unit's prove step) restores the previous files and reloads.
 */
export function sshdProveCommand(hostKeyPath: string): string {
    const offer = providerClientOffer;
    return `u=\${SUDO_USER:-$(id -un)}
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t" "${proveKeysDir}/$u"' EXIT
ssh-keygen -q -t ed25519 -N '' -C irisx-sshd-prove -f "$t/key" || exit 1
# sshd reads authorized keys as the user: root-owned, world-readable, writable by root only.
install -d -m 0755 ${proveKeysDir} && install -m 0644 /dev/null ${proveKeysDir}/$u &&
    printf 'restrict,from="127.0.0.1,::1" %s\\n' "$(cat "$t/key.pub")" > ${proveKeysDir}/$u || exit 1
printf '127.0.0.1 %s\\n' "$(cut -d' ' -f1,2 ${hostKeyPath}.pub)" > "$t/known_hosts" || exit 1
# sshd re-executes on SIGHUP and listens again a moment later.
for try in 1 2 3 4 5 6 7 8 9 10; do
    out=$(ssh -F none -n -o BatchMode=yes -o IdentitiesOnly=yes -i "$t/key" -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$t/known_hosts" \\
        -o HostKeyAlgorithms=${sshAlgorithms.hostKey.join(",")} -o KexAlgorithms=${offer.kex.join(",")} \\
        -o Ciphers=${offer.ciphers.join(",")} -o MACs=${offer.macs.join(",")} \\
        -o ConnectTimeout=5 "$u@127.0.0.1" echo irisx-sshd-prove-ok 2>&1) && [ "$out" = irisx-sshd-prove-ok ] && exit 0
    case "$out" in *"Connection refused"*|*"Connection reset"*|*"Connection closed"*) sleep 0.5 ;; *) break ;; esac
done
echo "a new SSH connection as $u fails after the reload: $out"
exit 1`;
}
