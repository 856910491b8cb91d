#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "sshd": 1 file(s), validate, swap, reload; roll back on failure.
set -uo pipefail
umask 077
unit=sshd
stage=/run/irisx-push/sshd
legacy_stage=/home/admin/.irisx-push/sshd
backups=/var/backups/irisx/$unit
# staged name | target | mode | group | sha256
files=(
    "etc__ssh__sshd_config.d__00-irisx.conf|/etc/ssh/sshd_config.d/00-irisx.conf|0644|root|17d42ba09d427bee9202d668cd1ce9076e34fbec5e7ff0959702c524d54d1f08"
)
# each file's content, base64, in the order of files
payload=(
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL3NzaGQudHMpCiMgUmVhZCBiZWZvcmUgRGViaWFuJ3Mgc3NoZF9jb25maWcgYm9keSBhbmQgY2xvdWQtaW5pdCdzIDUwLWNsb3VkLWluaXQuY29uZjogdGhlIGZpcnN0IHZhbHVlIHdpbnMuCkhvc3RLZXkgL2V0Yy9zc2gvc3NoX2hvc3RfZWQyNTUxOV9rZXkKSG9zdEtleUFsZ29yaXRobXMgc3NoLWVkMjU1MTkKS2V4QWxnb3JpdGhtcyBzbnRydXA3NjF4MjU1MTktc2hhNTEyQG9wZW5zc2guY29tLGN1cnZlMjU1MTktc2hhMjU2LGN1cnZlMjU1MTktc2hhMjU2QGxpYnNzaC5vcmcKQ2lwaGVycyBjaGFjaGEyMC1wb2x5MTMwNUBvcGVuc3NoLmNvbSxhZXMyNTYtZ2NtQG9wZW5zc2guY29tLGFlczEyOC1nY21Ab3BlbnNzaC5jb20KTUFDcyBobWFjLXNoYTItNTEyLWV0bUBvcGVuc3NoLmNvbSxobWFjLXNoYTItMjU2LWV0bUBvcGVuc3NoLmNvbSx1bWFjLTEyOC1ldG1Ab3BlbnNzaC5jb20KUHVia2V5QXV0aGVudGljYXRpb24geWVzCkF1dGhlbnRpY2F0aW9uTWV0aG9kcyBwdWJsaWNrZXkKUGFzc3dvcmRBdXRoZW50aWNhdGlvbiBubwpLYmRJbnRlcmFjdGl2ZUF1dGhlbnRpY2F0aW9uIG5vClBlcm1pdEVtcHR5UGFzc3dvcmRzIG5vClBlcm1pdFJvb3RMb2dpbiBubwpBbGxvd1VzZXJzIGFkbWluCkF1dGhvcml6ZWRLZXlzRmlsZSAuc3NoL2F1dGhvcml6ZWRfa2V5cyAvcnVuL2lyaXN4LXNzaGQtcHJvdmUvJXUKTWF4QXV0aFRyaWVzIDMKTG9naW5HcmFjZVRpbWUgMjAKQWxsb3dBZ2VudEZvcndhcmRpbmcgbm8KQWxsb3dUY3BGb3J3YXJkaW5nIG5vCkFsbG93U3RyZWFtTG9jYWxGb3J3YXJkaW5nIG5vClgxMUZvcndhcmRpbmcgbm8KUGVybWl0VHVubmVsIG5vCkdhdGV3YXlQb3J0cyBubwpQZXJtaXRVc2VyRW52aXJvbm1lbnQgbm8K'
)
requires=(sshd ssh ssh-keygen)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

prepare() {
    true
}
validate() {
    t=$(mktemp -d) || exit 1
    trap 'rm -rf "$t"' EXIT
    mkdir "$t/d" && { cp -p /etc/ssh/sshd_config.d/*.conf "$t/d/" 2>/dev/null; true; } && cp /etc/ssh/sshd_config.d/00-irisx.conf "$t/d/00-irisx.conf" || exit 1
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
    systemctl reload ssh || exit 1
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

wait_for_boot() {
    # A fresh instance may still be installing packages; cloud-init says when it is done.
    if command -v cloud-init >/dev/null 2>&1; then
        timeout 900 cloud-init status --wait >/dev/null 2>&1 || log "cloud-init: $(cloud-init status 2>/dev/null | tr '\n' ' ')"
    fi
}

restore() {
    local entry name target mode group want
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        if [ -e "$bdir/$name" ]; then
            cp -p "$bdir/$name" "$target.irisx-old" && mv -f "$target.irisx-old" "$target"
        else
            rm -f "$target"
        fi
    done
}

stage_files() {
    local i name target mode group want
    rm -rf "$stage" && mkdir -p -m 0700 "$(dirname "$stage")" && mkdir -m 0700 "$stage" || die "cannot create $stage; nothing changed"
    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group want <<<"${files[$i]}"
        printf '%s' "${payload[$i]}" | base64 -d > "$stage/$name" || die "cannot stage $target; nothing changed"
    done
}

main() {
    wait_for_boot
    local tool entry name target mode group want out
    for tool in "${requires[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (cloud-init installs it); nothing changed"
    done
    mkdir -p /run/lock && exec 9>/run/lock/irisx-push.lock
    flock -w 600 9 || die "another push is still running; nothing changed"
    trap 'rm -rf "$stage"' EXIT
    # Plaintext copies left by pushes that staged with CopyToRemote.
    rm -rf "$legacy_stage" && rmdir "$(dirname "$legacy_stage")" 2>/dev/null
    stage_files

    changed=()
    for entry in "${files[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        [ -f "$stage/$name" ] || die "staged copy of $target is missing; nothing changed"
        [ "$(hash_of "$stage/$name")" = "$want" ] || die "staged copy of $target does not match (incomplete copy?); nothing changed"
        if [ -f "$target" ] && [ "$(hash_of "$target")" = "$want" ] && [ "$(stat -c '%a %U %G' "$target")" = "${mode#0} root $group" ]; then
            continue
        fi
        changed+=("$entry")
    done
    if [ "${#changed[@]}" -eq 0 ]; then
        log "unchanged (${#files[@]} file(s))"
        return 0
    fi

    out=$( (prepare) 2>&1 ) || die "prepare failed; nothing changed: $out"
    [ -z "$out" ] || log "$out"
    bdir="$backups/$(date -u +%Y%m%dT%H%M%SZ)-$$"
    mkdir -p "$bdir" || die "cannot create $bdir; nothing changed"
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        if [ -e "$target" ]; then cp -p "$target" "$bdir/$name" || die "cannot back up $target; nothing changed"; fi
    done
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        # Same directory, then rename(2): a reader sees the old file or the new one, never half.
        if ! { (umask 022 && mkdir -p "$(dirname "$target")") &&
            install -m "$mode" -o root -g "$group" "$stage/$name" "$target.irisx-new" &&
            mv -f "$target.irisx-new" "$target"; }; then
            restore
            die "cannot install $target; previous files restored"
        fi
    done

    if ! out=$( (validate) 2>&1 ); then
        restore
        die "rejected by the validator; previous files restored, service left running on them:
$out"
    fi
    if ! out=$( (reload) 2>&1 ); then
        restore
        (reload) >/dev/null 2>&1
        die "reload failed; previous files restored and reloaded:
$out"
    fi
    [ -z "$out" ] || log "$out"
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        log "updated $target"
    done
    log "backup of the previous files: $bdir"
    ls -1dt "$backups"/*/ 2>/dev/null | tail -n +11 | xargs -r rm -rf
}

main </dev/null
