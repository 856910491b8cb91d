#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "fail2ban": 1 file(s), validate, swap, reload; roll back on failure.
set -uo pipefail
umask 077
unit=fail2ban
stage=/run/irisx-push/fail2ban
legacy_stage=/home/admin/.irisx-push/fail2ban
backups=/var/backups/irisx/$unit
# staged name | target | mode | group | sha256
files=(
    "etc__fail2ban__jail.d__irisx.local|/etc/fail2ban/jail.d/irisx.local|0644|root|423d026282322738c0ebfb85e7790aaa202abfd6c521adfcfc57953c30de47bd"
)
# each file's content, base64, in the order of files
payload=(
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZhaWwyYmFuLnRzKQoKW0RFRkFVTFRdCmlnbm9yZXNlbGYgPSB0cnVlCmlnbm9yZWlwID0gMTI3LjAuMC4xLzggOjoxIDEwLjEwLjAuMC8xNiA1NC4xNzIuNjAuMC8zMCA1NC4yNDQuNTEuMC8zMCA1NC4xNzEuMTI3LjE5Mi8zMCAzNS4xNTYuMTkxLjEyOC8zMCA1NC42NS42My4xOTIvMzAgNTQuMTY5LjEyNy4xMjgvMzAgNTQuMjUyLjI1NC42NC8zMCAxNzcuNzEuMjA2LjE5Mi8zMAptYXhyZXRyeSA9IDUKZmluZHRpbWUgPSAxMG0KYmFudGltZSA9IDFoCiMgQmFucyBiZWNvbWUgcnVsZXMgaW4gdGhlIGhvc3QncyBvd24gZmlyZXdhbGwgKGlwdGFibGVzLCBuZl90YWJsZXMgYmFja2VuZCBvbiBEZWJpYW4gMTIpLgpiYW5hY3Rpb24gPSBpcHRhYmxlcy1tdWx0aXBvcnQKYmFuYWN0aW9uX2FsbHBvcnRzID0gaXB0YWJsZXMtYWxscG9ydHMKCltzc2hkXQplbmFibGVkID0gdHJ1ZQptb2RlID0gbm9ybWFsCnBvcnQgPSAyMgpiYWNrZW5kID0gc3lzdGVtZAoKW25naW54LWxpbWl0LXJlcV0KZW5hYmxlZCA9IHRydWUKcG9ydCA9IGh0dHAsaHR0cHMKYmFja2VuZCA9IGF1dG8KbG9ncGF0aCA9IC92YXIvbG9nL25naW54L2Vycm9yLmxvZwo='
)
requires=(fail2ban-client iptables)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

prepare() {
    [ -e /var/log/nginx/error.log ] || { install -d -m 0755 /var/log/nginx && install -m 0640 /dev/null /var/log/nginx/error.log; }
}
validate() {
    fail2ban-client -t
}
reload() {
    if systemctl is-active --quiet fail2ban; then fail2ban-client reload; else systemctl restart fail2ban; fi
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
