#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "firewall": 1 file(s), validate, swap, reload; roll back on failure.
set -uo pipefail
umask 077
unit=firewall
stage=/run/irisx-push/firewall
legacy_stage=/home/admin/.irisx-push/firewall
backups=/var/backups/irisx/$unit
# staged name | target | mode | group | sha256
files=(
    "etc__nftables.conf|/etc/nftables.conf|0644|root|f33ea0ad3766e1a41afd8732ce493d46f1fa7c7adc102dbe31c872398dc701e4"
)
# each file's content, base64, in the order of files
payload=(
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25mdGFibGVzLnRzKQojIExvYWRlZCBhdCBib290IGJ5IERlYmlhbidzIG5mdGFibGVzLnNlcnZpY2U7IHRoZSBwdXNoIGxvYWRzIGl0IHdpdGggbmZ0IC1mIGFuZCBwcm92ZXMgYSBuZXcKIyBTU0ggY29ubmVjdGlvbiB3b3VsZCBzdGlsbCBiZSBhZG1pdHRlZCBiZWZvcmUga2VlcGluZyBpdC4KdGFibGUgaW5ldCBpcmlzeCB7fQpkZWxldGUgdGFibGUgaW5ldCBpcmlzeAp0YWJsZSBpbmV0IGlyaXN4IHsKICAgIHNldCBzc2hfdGNwX3Y0IHsKICAgICAgICB0eXBlIGlwdjRfYWRkcgogICAgICAgIGZsYWdzIGludGVydmFsCiAgICAgICAgYXV0by1tZXJnZQogICAgICAgIGVsZW1lbnRzID0geyAyMDMuMC4xMTMuMTAvMzIgfQogICAgfQogICAgc2V0IHNpcF90Y3BfdjQgewogICAgICAgIHR5cGUgaXB2NF9hZGRyCiAgICAgICAgZmxhZ3MgaW50ZXJ2YWwKICAgICAgICBhdXRvLW1lcmdlCiAgICAgICAgZWxlbWVudHMgPSB7IDU0LjE3Mi42MC4wLzMwLCA1NC4yNDQuNTEuMC8zMCwgNTQuMTcxLjEyNy4xOTIvMzAsIDM1LjE1Ni4xOTEuMTI4LzMwLCA1NC42NS42My4xOTIvMzAsIDU0LjE2OS4xMjcuMTI4LzMwLCA1NC4yNTIuMjU0LjY0LzMwLCAxNzcuNzEuMjA2LjE5Mi8zMCB9CiAgICB9CiAgICBzZXQgc2lwX3VkcF92NCB7CiAgICAgICAgdHlwZSBpcHY0X2FkZHIKICAgICAgICBmbGFncyBpbnRlcnZhbAogICAgICAgIGF1dG8tbWVyZ2UKICAgICAgICBlbGVtZW50cyA9IHsgNTQuMTcyLjYwLjAvMzAsIDU0LjI0NC41MS4wLzMwLCA1NC4xNzEuMTI3LjE5Mi8zMCwgMzUuMTU2LjE5MS4xMjgvMzAsIDU0LjY1LjYzLjE5Mi8zMCwgNTQuMTY5LjEyNy4xMjgvMzAsIDU0LjI1Mi4yNTQuNjQvMzAsIDE3Ny43MS4yMDYuMTkyLzMwIH0KICAgIH0KICAgIHNldCBydHBfdWRwX3Y0IHsKICAgICAgICB0eXBlIGlwdjRfYWRkcgogICAgICAgIGZsYWdzIGludGVydmFsCiAgICAgICAgYXV0by1tZXJnZQogICAgICAgIGVsZW1lbnRzID0geyAxNjguODYuMTI4LjAvMTggfQogICAgfQogICAgc2V0IGVzbF90Y3BfdjQgewogICAgICAgIHR5cGUgaXB2NF9hZGRyCiAgICAgICAgZmxhZ3MgaW50ZXJ2YWwKICAgICAgICBhdXRvLW1lcmdlCiAgICAgICAgZWxlbWVudHMgPSB7IDEwLjEwLjAuMTAvMzIgfQogICAgfQogICAgY2hhaW4gaW5wdXQgewogICAgICAgIHR5cGUgZmlsdGVyIGhvb2sgaW5wdXQgcHJpb3JpdHkgZmlsdGVyOyBwb2xpY3kgZHJvcDsKICAgICAgICBpaWZuYW1lICJsbyIgYWNjZXB0CiAgICAgICAgY3Qgc3RhdGUgZXN0YWJsaXNoZWQscmVsYXRlZCBhY2NlcHQKICAgICAgICBjdCBzdGF0ZSBpbnZhbGlkIGRyb3AKICAgICAgICBpcCBzYWRkciBAc3NoX3RjcF92NCB0Y3AgZHBvcnQgMjIgYWNjZXB0IGNvbW1lbnQgIlNTSCAob3BlcmF0b3JzLCByZW1vdGUgY29tbWFuZHMpIgogICAgICAgIGlwIHNhZGRyIEBzaXBfdGNwX3Y0IHRjcCBkcG9ydCA1MDYwIGFjY2VwdCBjb21tZW50ICJTSVAgc2lnbmFsbGluZyIKICAgICAgICBpcCBzYWRkciBAc2lwX3VkcF92NCB1ZHAgZHBvcnQgNTA2MCBhY2NlcHQgY29tbWVudCAiU0lQIHNpZ25hbGxpbmciCiAgICAgICAgaXAgc2FkZHIgQHJ0cF91ZHBfdjQgdWRwIGRwb3J0IDE2Mzg0LTMyNzY4IGFjY2VwdCBjb21tZW50ICJSVFAgbWVkaWEiCiAgICAgICAgaXAgc2FkZHIgQGVzbF90Y3BfdjQgdGNwIGRwb3J0IDgwMjEgYWNjZXB0IGNvbW1lbnQgIkZyZWVTV0lUQ0ggZXZlbnQgc29ja2V0IChFU0wpIgogICAgfQp9Cg=='
)
requires=(nft ss ps)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

prepare() {
    true
}
validate() {
    nft -c -f /etc/nftables.conf
}
reload() {
    if ! grep -qF "managed by irisx-infra, do not edit on the host" /etc/nftables.conf 2>/dev/null; then
        # Not our file (Debian's default begins with flush ruleset, which would drop fail2ban's
        # tables too): only our own table goes.
        if nft list table inet irisx >/dev/null 2>&1; then nft delete table inet irisx || exit 1; fi
        echo "/etc/nftables.conf is not ours: table inet irisx removed, nothing else touched"
        exit 0
    fi
    nft -f /etc/nftables.conf || exit 1
    systemctl is-enabled --quiet nftables.service || systemctl enable --quiet nftables.service || exit 1
    ancestors=" "
    pid=$$
    while [ -n "$pid" ] && [ "$pid" -gt 1 ]; do ancestors="$ancestors$pid "; pid=$(ps -o ppid= -p "$pid" | tr -d ' '); done
    peer=""
    while read -r _ _ _ remote users; do
        for p in $(grep -o 'pid=[0-9]*' <<<"$users" | cut -d= -f2); do
            case "$ancestors" in *" $p "*) peer=${remote%:*} ;; esac
        done
    done < <(ss -Htnp state established '( sport = :22 )')
    peer=${peer#[}; peer=${peer%]}; peer=${peer#::ffff:}
    case "$peer" in
        "") echo "no SSH session of this push found (run on the console?): nothing to prove"; exit 0 ;;
        127.*|::1) echo "pushed over loopback, which the firewall always admits"; exit 0 ;;
        *:*) set=ssh_tcp_v6 ;;
        *) set=ssh_tcp_v4 ;;
    esac
    if ! nft get element inet irisx "$set" "{ $peer }" >/dev/null 2>&1; then
        echo "the new firewall would refuse a new SSH connection from $peer, this push's own address (not in adminCidrs?)" >&2
        exit 1
    fi
    echo "a new SSH connection from $peer is still admitted (set $set)"
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
