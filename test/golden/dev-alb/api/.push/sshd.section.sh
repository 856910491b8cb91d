unit=sshd
secret=0
keep=10
legacy_stage=/home/admin/.irisx-push/sshd
requires=(sshd ssh ssh-keygen)
# live directories the validator reads beside the unit's files, copied into the staged tree first
tree_dirs=()
# staged name | target | mode | group
files=(
    "etc__ssh__sshd_config.d__00-irisx.conf|/etc/ssh/sshd_config.d/00-irisx.conf|0644|root"
)

prepare() {
    true
}
# $tree: the staged tree, each new file at $tree<its path>
validate() {
    t=$(mktemp -d) || exit 1
    trap 'rm -rf "$t"' EXIT
    mkdir "$t/d" && { cp -p /etc/ssh/sshd_config.d/*.conf "$t/d/" 2>/dev/null; true; } && cp "$tree/etc/ssh/sshd_config.d/00-irisx.conf" "$t/d/00-irisx.conf" || exit 1
    sed 's#^Include /etc/ssh/sshd_config.d/\*\.conf$#Include '"$t"'/d/*.conf#' /etc/ssh/sshd_config > "$t/sshd_config" || exit 1
    grep -q "^Include $t/d/" "$t/sshd_config" || { echo "/etc/ssh/sshd_config does not include /etc/ssh/sshd_config.d/*.conf: 00-irisx.conf would be ignored"; exit 1; }
    sshd -t -f "$t/sshd_config" || exit 1
    sshd -T -f "$t/sshd_config" > "$t/effective" || exit 1
    bad=0
    for want in 'hostkey /etc/ssh/ssh_host_ed25519_key' 'hostkeyalgorithms ssh-ed25519' 'kexalgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org' 'ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com' 'macs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com' 'pubkeyauthentication yes' 'authenticationmethods publickey' 'passwordauthentication no' 'kbdinteractiveauthentication no' 'permitemptypasswords no' 'permitrootlogin no' 'allowusers admin' 'authorizedkeysfile .ssh/authorized_keys /run/irisx-sshd-prove/%u' 'maxauthtries 3' 'logingracetime 20' 'allowagentforwarding no' 'allowtcpforwarding no' 'allowstreamlocalforwarding no' 'x11forwarding no' 'permittunnel no' 'gatewayports no' 'permituserenvironment no'; do
        grep -qixF "$want" "$t/effective" || { echo "sshd would run with '$(grep -i "^${want%% *} " "$t/effective")', not '$want': an earlier file overrides 00-irisx.conf"; bad=1; }
    done
    exit $bad
}
reload() {
    systemctl reload ssh
}
prove() {
    u=${SUDO_USER:-$(id -un)}
    t=$(mktemp -d) || exit 1
    trap 'rm -rf "$t" "/run/irisx-sshd-prove/$u"' EXIT
    ssh-keygen -q -t ed25519 -N '' -C irisx-sshd-prove -f "$t/key" || exit 1
    # sshd reads authorized keys as the user: root-owned, world-readable, writable by root only.
    install -d -m 0755 /run/irisx-sshd-prove && install -m 0644 /dev/null /run/irisx-sshd-prove/$u &&
        printf 'restrict,from="127.0.0.1,::1" %s\n' "$(cat "$t/key.pub")" > /run/irisx-sshd-prove/$u || exit 1
    printf '127.0.0.1 %s\n' "$(cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub)" > "$t/known_hosts" || exit 1
    # sshd re-executes on SIGHUP and listens again a moment later.
    for try in 1 2 3 4 5 6 7 8 9 10; do
        out=$(ssh -F none -n -o BatchMode=yes -o IdentitiesOnly=yes -i "$t/key" -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$t/known_hosts" \
            -o HostKeyAlgorithms=ssh-ed25519 -o KexAlgorithms=curve25519-sha256,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group14-sha256 \
            -o Ciphers=aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr -o MACs=hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1 \
            -o ConnectTimeout=5 "$u@127.0.0.1" echo irisx-sshd-prove-ok 2>&1) && [ "$out" = irisx-sshd-prove-ok ] && exit 0
        case "$out" in *"Connection refused"*|*"Connection reset"*|*"Connection closed"*) sleep 0.5 ;; *) break ;; esac
    done
    echo "a new SSH connection as $u fails after the reload: $out"
    exit 1
}
