#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "api-env": 1 file(s), validate, swap, reload; roll back on failure.
set -uo pipefail
umask 077
unit=api-env
stage=/run/irisx-push/api-env
legacy_stage=/home/admin/.irisx-push/api-env
backups=/var/backups/irisx/$unit
# staged name | target | mode | group | sha256
files=(
    "etc__irisx__api.env|/etc/irisx/api.env|0600|root|413eeeda94d8ec4a2eeb43e50d21ba9f39e6828791fb7d48682e9031210f3691"
)
# each file's content, base64, in the order of files
payload=(
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2FwaS1lbnYudHMpCk5PREVfRU5WPXByb2R1Y3Rpb24KSE9TVD0xMjcuMC4wLjEKUE9SVD05ODQ5ClBVQkxJQ19CQVNFX1VSTD1odHRwczovL2FwaS5pcmlzeC5leGFtcGxlCkNPUlNfT1JJR0lOUz1odHRwczovL2FwaS5pcmlzeC5leGFtcGxlCkRBVEFCQVNFX1VSTD1wb3N0Z3JlczovL2lyaXN4OkZBS0UtREItUEFTU1dPUkQtTk9ULUEtU0VDUkVUQGlyaXN4LXByb2QtZGIucGxhY2Vob2xkZXIuaW50ZXJuYWw6NTQzMi9pcmlzeD9zc2xtb2RlPXJlcXVpcmUKUkVESVNfVVJMPXJlZGlzczovLzpGQUtFLVJFRElTLUFVVEgtVE9LRU4tTk9ULUEtU0VDUkVUQGlyaXN4LXByb2QtY2FjaGUucGxhY2Vob2xkZXIuaW50ZXJuYWw6NjM3OQpSRUNPUkRJTkdTX0JVQ0tFVD1pcmlzeC1wcm9kLXJlY29yZGluZ3MtcGxhY2Vob2xkZXIKRlJFRVNXSVRDSF9FU0xfSE9TVD0xMC4zMC4wLjIwCkZSRUVTV0lUQ0hfRVNMX1BPUlQ9ODAyMQpGUkVFU1dJVENIX0VTTF9QQVNTV09SRD1GQUtFLUVTTC1QQVNTV09SRC1OT1QtQS1TRUNSRVQKQVBJX0tFWV9IQVNIX1NFQ1JFVD1GQUtFLUFQSS1LRVktSEFTSC1TRUNSRVQtTk9ULUEtU0VDUkVUCg=='
)
requires=(awk)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

prepare() {
    true
}
validate() {
    awk '!/^#/ && !/^[A-Z_][A-Z0-9_]*=[^[:space:]"\047\\]*$/ { print FILENAME ":" FNR ": not KEY=value"; bad = 1 } END { exit bad }' /etc/irisx/api.env
}
reload() {
    if systemctl cat irisx-api.service >/dev/null 2>&1; then systemctl try-restart irisx-api.service; else echo "irisx-api.service is not installed yet; it reads /etc/irisx/api.env when it starts"; fi
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
