#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "cloudwatch-agent": 1 file(s), validate, swap, reload; roll back on failure.
set -uo pipefail
umask 077
unit=cloudwatch-agent
stage=/run/irisx-push/cloudwatch-agent
legacy_stage=/home/admin/.irisx-push/cloudwatch-agent
backups=/var/backups/irisx/$unit
# staged name | target | mode | group | sha256
files=(
    "etc__irisx__cloudwatch-agent.json|/etc/irisx/cloudwatch-agent.json|0644|root|ebedeb3e8842296397baae1fe7710338ccff27ad79dbe96b864246c79a8ca34a"
)
# each file's content, base64, in the order of files
payload=(
    'ewogICJhZ2VudCI6IHsKICAgICJydW5fYXNfdXNlciI6ICJyb290IiwKICAgICJsb2dmaWxlIjogIi9vcHQvYXdzL2FtYXpvbi1jbG91ZHdhdGNoLWFnZW50L2xvZ3MvYW1hem9uLWNsb3Vkd2F0Y2gtYWdlbnQubG9nIgogIH0sCiAgImxvZ3MiOiB7CiAgICAiZm9yY2VfZmx1c2hfaW50ZXJ2YWwiOiA1LAogICAgImxvZ3NfY29sbGVjdGVkIjogewogICAgICAiZmlsZXMiOiB7CiAgICAgICAgImNvbGxlY3RfbGlzdCI6IFsKICAgICAgICAgIHsKICAgICAgICAgICAgImZpbGVfcGF0aCI6ICIvdmFyL2xvZy9hdXRoLmxvZyIsCiAgICAgICAgICAgICJsb2dfZ3JvdXBfbmFtZSI6ICIvaXJpc3gvc3RhZ2luZy9hdXRoIiwKICAgICAgICAgICAgImxvZ19zdHJlYW1fbmFtZSI6ICJ7aW5zdGFuY2VfaWR9IiwKICAgICAgICAgICAgInRpbWV6b25lIjogIlVUQyIKICAgICAgICAgIH0sCiAgICAgICAgICB7CiAgICAgICAgICAgICJmaWxlX3BhdGgiOiAiL3Zhci9sb2cvZmFpbDJiYW4ubG9nIiwKICAgICAgICAgICAgImxvZ19ncm91cF9uYW1lIjogIi9pcmlzeC9zdGFnaW5nL2ZhaWwyYmFuIiwKICAgICAgICAgICAgImxvZ19zdHJlYW1fbmFtZSI6ICJ7aW5zdGFuY2VfaWR9IiwKICAgICAgICAgICAgInRpbWV6b25lIjogIlVUQyIKICAgICAgICAgIH0sCiAgICAgICAgICB7CiAgICAgICAgICAgICJmaWxlX3BhdGgiOiAiL3Zhci9sb2cvZnJlZXN3aXRjaC9mcmVlc3dpdGNoLmxvZyIsCiAgICAgICAgICAgICJsb2dfZ3JvdXBfbmFtZSI6ICIvaXJpc3gvc3RhZ2luZy9mcmVlc3dpdGNoIiwKICAgICAgICAgICAgImxvZ19zdHJlYW1fbmFtZSI6ICJ7aW5zdGFuY2VfaWR9IiwKICAgICAgICAgICAgInRpbWV6b25lIjogIlVUQyIKICAgICAgICAgIH0KICAgICAgICBdCiAgICAgIH0KICAgIH0KICB9Cn0K'
)
requires=(/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl /opt/aws/amazon-cloudwatch-agent/bin/config-translator)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

prepare() {
    true
}
validate() {
    d=$(mktemp -d) && trap 'rm -rf "$d"' EXIT && mkdir "$d/in" && cp /etc/irisx/cloudwatch-agent.json "$d/in/file_irisx.json.tmp" &&
    /opt/aws/amazon-cloudwatch-agent/bin/config-translator --input "$d/none.json" --input-dir "$d/in" --output "$d/agent.toml" --mode ec2 --config /opt/aws/amazon-cloudwatch-agent/etc/common-config.toml --multi-config default &&
    /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent -schematest -config "$d/agent.toml"
}
reload() {
    /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/etc/irisx/cloudwatch-agent.json
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
