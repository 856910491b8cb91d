#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "freeswitch": 6 file(s), validate, swap, reload; roll back on failure.
set -uo pipefail
umask 077
unit=freeswitch
stage=/home/admin/.irisx-push/freeswitch
backups=/var/backups/irisx/$unit
# staged name | target | mode | group | sha256
files=(
    "etc__freeswitch__freeswitch.xml|/etc/freeswitch/freeswitch.xml|0640|freeswitch|48acaa869a5c93f0c3aeefdf65dc6921b4090d8fd3de41172a29774232543cb9"
    "etc__freeswitch__irisx-vars.xml|/etc/freeswitch/irisx-vars.xml|0640|freeswitch|1d544f765b22c02c80649ce536fc614abd9f386c89d2921364ab71d0918dff98"
    "etc__freeswitch__autoload_configs__acl.conf.xml|/etc/freeswitch/autoload_configs/acl.conf.xml|0640|freeswitch|3304df57e6bb9236ba2c9903e366b32778d0b006e34b63579186389e1c861305"
    "etc__freeswitch__autoload_configs__event_socket.conf.xml|/etc/freeswitch/autoload_configs/event_socket.conf.xml|0640|freeswitch|94672ca3850d9ab7edb97d9f5e0a080aa0972f4f4f84dcf95ffa11d9288e9d92"
    "etc__freeswitch__autoload_configs__sofia.conf.xml|/etc/freeswitch/autoload_configs/sofia.conf.xml|0640|freeswitch|c8e15865fee1a921ba0fd03534a9bf82050979fc8cb4d0b87eaa152d438d6357"
    "etc__freeswitch__autoload_configs__switch.conf.xml|/etc/freeswitch/autoload_configs/switch.conf.xml|0640|freeswitch|5c211c2475d345fe2e61512eb0ee3f693e88b52f63b29324510758b4637596ce"
)
requires=(xmllint)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

prepare() {
    getent group freeswitch >/dev/null || groupadd --system freeswitch
}
validate() {
    out=$(xmllint --noout /etc/freeswitch/freeswitch.xml /etc/freeswitch/irisx-vars.xml /etc/freeswitch/autoload_configs/acl.conf.xml /etc/freeswitch/autoload_configs/event_socket.conf.xml /etc/freeswitch/autoload_configs/sofia.conf.xml /etc/freeswitch/autoload_configs/switch.conf.xml 2>&1) && exit 0
    printf '%s\n' "$out" | grep -E '^/[^ ]+:[0-9]+: ' | head -n 20
    exit 1
}
reload() {
    if ! systemctl is-active --quiet freeswitch; then echo "freeswitch is not running: it reads this configuration when it starts"; exit 0; fi
    esl_password() { xmllint --xpath 'string(//param[@name="password"]/@value)' "$1"; }
    previous="$bdir/etc__freeswitch__autoload_configs__event_socket.conf.xml"
    if [ -f "$previous" ] && [ "$(esl_password "$previous")" != "$(esl_password /etc/freeswitch/autoload_configs/event_socket.conf.xml)" ]; then
        command -v fs_cli >/dev/null 2>&1 || { echo "fs_cli is missing: the new ESL password would need a restart" >&2; exit 1; }
        home=$(mktemp -d) && trap 'rm -rf "$home"' EXIT
        cli() { printf '[default]\nhost => %s\nport => %s\npassword => %s\n' 10.20.0.20 8021 "$1" > "$home/.fs_cli_conf" && HOME="$home" timeout 15 fs_cli -x "$2" 2>&1; }
        cli "$(esl_password "$previous")" "bgapi reload mod_event_socket" | grep -q '+OK' || { echo "mod_event_socket did not accept the reload with the previous ESL password" >&2; exit 1; }
        for i in $(seq 30); do
            if cli "$(esl_password /etc/freeswitch/autoload_configs/event_socket.conf.xml)" status >/dev/null; then echo "mod_event_socket reloaded: the rotated ESL password is in use"; break; fi
            [ "$i" -lt 30 ] || { echo "mod_event_socket did not come back with the new password (an outbound-socket call may hold it); run pulumi up again" >&2; exit 1; }
            sleep 1
        done
    fi
    echo "freeswitch is running: other changes take effect at its next restart (systemctl restart freeswitch drops live calls)"
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

main() {
    wait_for_boot
    local tool entry name target mode group want out
    for tool in "${requires[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (cloud-init installs it); nothing changed"
    done
    mkdir -p /run/lock && exec 9>/run/lock/irisx-push.lock
    flock -w 600 9 || die "another push is still running; nothing changed"

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
