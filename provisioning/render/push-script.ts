/**
 * The one push mechanism, as the bash script a remote command runs (as root, via stdin). The
 * unit's files travel inside the script (base64, so every byte arrives as rendered) and are staged
 * only after the lock is taken, in a root-only directory under /run (tmpfs: secrets never reach
 * the disk there), removed when the script exits. The host tests run this exact text over SSH.
 *
 * Order: wait for cloud-init; check the tools exist; stage and verify the copies by hash; if every
 * target already has the content and mode, report "unchanged" and touch nothing; else prepare,
 * back up, swap each file in with rename(2), validate with the real tool, reload. A failed
 * validation (or reload) restores the backups and exits 1 with the validator's message, leaving
 * the running service on its old config.
 */
import { createHash } from "crypto";
import { PushUnit } from "../model";
import { hashHeader } from "./header";

export const backupRoot = "/var/backups/irisx";
export const keepBackups = 10;

export function sha256(text: string): string {
    return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Where the script stages the unit's files under the lock: root-only, on tmpfs, gone at exit. */
export function stagingDir(unit: string): string {
    return `/run/irisx-push/${unit}`;
}

/**
 * Where pushes before stdin delivery left plaintext staged copies (CopyToRemote as the SSH user);
 * the script removes it.
 */
export function legacyStagingDir(user: string, unit: string): string {
    return `${user === "root" ? "/root" : `/home/${user}`}/.irisx-push/${unit}`;
}

/** `/etc/nginx/nginx.conf` → `etc__nginx__nginx.conf`: one flat, collision-free name per target. */
export function stagedName(path: string): string {
    return path.replace(/^\/+/, "").split("/").join("__");
}

/**
 * For a unit's reload step: where this push keeps a target's previous content. It exists only
 * when that file changed in this push (and had a previous version).
 */
export function previousCopy(path: string): string {
    return `$bdir/${stagedName(path)}`;
}

/** The command line of the remote Command (and of the host tests); the script comes on stdin. */
export function pushCommand(user: string): string {
    return user === "root" ? "bash -s" : "sudo -n bash -s";
}

/** Hash over everything the unit puts on the host: the Command's trigger. */
export function unitHash(unit: PushUnit): string {
    return sha256(JSON.stringify(unit.files.map((f) => [f.path, f.mode, f.group, sha256(f.content)])));
}

function shellWord(text: string): string {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function indent(snippet: string): string {
    return snippet.trim().split("\n").map((line) => `    ${line}`).join("\n");
}

export function renderPushScript(unit: PushUnit, user: string): string {
    for (const f of unit.files) {
        if (!f.path.startsWith("/") || /[\s|'"\\]/.test(f.path)) throw new Error(`${unit.name}: bad target path ${f.path}`);
    }
    const entries = unit.files.map((f) => `    "${stagedName(f.path)}|${f.path}|${f.mode}|${f.group}|${sha256(f.content)}"`).join("\n");
    const payload = unit.files.map((f) => `    '${Buffer.from(f.content, "utf8").toString("base64")}'`).join("\n");
    return `#!/bin/bash
${hashHeader("provisioning/render/push-script.ts")}# push unit "${unit.name}": ${unit.files.length} file(s), validate, swap, reload; roll back on failure.
set -uo pipefail
umask 077
unit=${shellWord(unit.name)}
stage=${shellWord(stagingDir(unit.name))}
legacy_stage=${shellWord(legacyStagingDir(user, unit.name))}
backups=${backupRoot}/$unit
# staged name | target | mode | group | sha256
files=(
${entries}
)
# each file's content, base64, in the order of files
payload=(
${payload}
)
requires=(${unit.requires.map(shellWord).join(" ")})

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

prepare() {
${indent(unit.prepare)}
}
validate() {
${indent(unit.validate)}
}
reload() {
${indent(unit.reload)}
}

wait_for_boot() {
    # A fresh instance may still be installing packages; cloud-init says when it is done.
    if command -v cloud-init >/dev/null 2>&1; then
        timeout 900 cloud-init status --wait >/dev/null 2>&1 || log "cloud-init: $(cloud-init status 2>/dev/null | tr '\\n' ' ')"
    fi
}

restore() {
    local entry name target mode group want
    for entry in "\${changed[@]}"; do
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
    for i in "\${!files[@]}"; do
        IFS='|' read -r name target mode group want <<<"\${files[$i]}"
        printf '%s' "\${payload[$i]}" | base64 -d > "$stage/$name" || die "cannot stage $target; nothing changed"
    done
}

main() {
    wait_for_boot
    local tool entry name target mode group want out
    for tool in "\${requires[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (cloud-init installs it); nothing changed"
    done
    mkdir -p /run/lock && exec 9>/run/lock/irisx-push.lock
    flock -w 600 9 || die "another push is still running; nothing changed"
    trap 'rm -rf "$stage"' EXIT
    # Plaintext copies left by pushes that staged with CopyToRemote.
    rm -rf "$legacy_stage" && rmdir "$(dirname "$legacy_stage")" 2>/dev/null
    stage_files

    changed=()
    for entry in "\${files[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        [ -f "$stage/$name" ] || die "staged copy of $target is missing; nothing changed"
        [ "$(hash_of "$stage/$name")" = "$want" ] || die "staged copy of $target does not match (incomplete copy?); nothing changed"
        if [ -f "$target" ] && [ "$(hash_of "$target")" = "$want" ] && [ "$(stat -c '%a %U %G' "$target")" = "\${mode#0} root $group" ]; then
            continue
        fi
        changed+=("$entry")
    done
    if [ "\${#changed[@]}" -eq 0 ]; then
        log "unchanged (\${#files[@]} file(s))"
        return 0
    fi

    out=$( (prepare) 2>&1 ) || die "prepare failed; nothing changed: $out"
    [ -z "$out" ] || log "$out"
    bdir="$backups/$(date -u +%Y%m%dT%H%M%SZ)-$$"
    mkdir -p "$bdir" || die "cannot create $bdir; nothing changed"
    for entry in "\${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        if [ -e "$target" ]; then cp -p "$target" "$bdir/$name" || die "cannot back up $target; nothing changed"; fi
    done
    for entry in "\${changed[@]}"; do
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
    for entry in "\${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        log "updated $target"
    done
    log "backup of the previous files: $bdir"
    ls -1dt "$backups"/*/ 2>/dev/null | tail -n +${keepBackups + 1} | xargs -r rm -rf
}

main </dev/null
`;
}
