run=/run/irisx-push/$unit
tree=$run/tree
journal=/var/lib/irisx-push/$unit.pending
backups=/var/backups/irisx/$unit
phase=start child= bdir= step_out= changed=()

log() { echo "irisx-push[$unit]: $*"; }
finish() { local code=$1; shift; echo "irisx-push[$unit]: $*" >&2; exit "$code"; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }
# Validator messages name the live paths, not the staging directory.
untree() { printf '%s' "${1//$tree/}"; }

wait_for_boot() {
    # cloud-init 22.4 (Debian 12) "status --wait" loops while the status is "not run"
    # (cloudinit/cmd/status.py): forever where cloud-init never starts. It runs on this boot only
    # if its systemd generator enabled it (/run/cloud-init/enabled) or it has written status.json.
    command -v cloud-init >/dev/null 2>&1 || return 0
    if [ ! -e /run/cloud-init/enabled ] && [ ! -e /run/cloud-init/status.json ]; then
        log "cloud-init is installed but does not run on this boot: not waiting for it"
        return 0
    fi
    timeout 900 cloud-init status --wait >/dev/null 2>&1 || log "cloud-init: $(cloud-init status 2>/dev/null | tr '\n' ' ')"
}

# Runs a unit step in its own process group in the background and waits: bash runs a trap only
# between foreground commands, so HUP/INT/TERM are handled at once and end the whole step.
step() {
    local out rc
    out=$(mktemp "$run/step.XXXXXX") || { step_out="cannot create a file in $run"; return 1; }
    set -m
    ( trap - HUP INT TERM PIPE; exec 9>&-; "$@" ) >"$out" 2>&1 </dev/null &
    child=$!
    set +m
    wait "$child"
    rc=$?
    child=
    step_out=$(cat "$out")
    rm -f "$out"
    return "$rc"
}

on_signal() {
    trap '' HUP INT TERM
    if [ -n "$child" ]; then kill -TERM -- "-$child" 2>/dev/null; { wait "$child"; } 2>/dev/null; child=; fi
    case $phase in
        swap | reload | prove) roll_back "interrupted by SIG$1 during the $phase" ;;
        recover) finish 5 "interrupted by SIG$1 while restoring an interrupted push: host needs attention (journal $journal kept; the next push retries)" ;;
        *) finish 1 "interrupted by SIG$1 before any file changed; nothing changed" ;;
    esac
}

# Copies the directories the validator reads, then decodes each file to its path in the tree.
stage() {
    local i dir name target mode group
    rm -rf "$run" && mkdir -p -m 0700 "${run%/*}" && mkdir -m 0700 "$run" "$tree" || finish 1 "cannot create $run; nothing changed"
    for dir in "${tree_dirs[@]}"; do
        [ ! -d "$dir" ] || { mkdir -p "$tree${dir%/*}" && cp -a "$dir" "$tree$dir"; } || finish 1 "cannot copy $dir into $tree; nothing changed"
    done
    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        mkdir -p "$tree${target%/*}" && printf '%s' "${payload[$i]}" | base64 -d >"$tree$target" ||
            finish 1 "cannot stage $target; nothing changed"
        [ "$(hash_of "$tree$target")" = "${sha256[$i]}" ] || finish 1 "staged copy of $target does not match its hash; nothing changed"
    done
}

staged_intact() {
    local i name target mode group
    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        [ "$(hash_of "$tree$target" 2>/dev/null)" = "${sha256[$i]}" ] || { echo "$target"; return 1; }
    done
}

# The journal, written before any live file changes: per changed file its previous hash, mode and
# owner ("absent" when new), and where this push keeps the previous copies.
write_journal() {
    local i name target mode group
    {
        echo "bdir=$bdir"
        for i in "${changed[@]}"; do
            IFS='|' read -r name target mode group <<<"${files[$i]}"
            if [ -e "$target" ]; then echo "$name|$target|$(hash_of "$target")|$(stat -c '%a|%U|%G' "$target")"; else echo "$name|$target|absent|||"; fi
        done
    } >"$journal.new" && sync "$journal.new" && mv -f "$journal.new" "$journal" && sync "${journal%/*}" && return 0
    rm -f "$journal.new"
    return 1
}

# Puts every file of the journal back as it was; prints the targets it could not restore.
revert() {
    local line name target old mode user group jbdir
    jbdir=$(sed -n 's/^bdir=//p' "$journal")
    while IFS= read -r line; do
        case $line in bdir=*) continue ;; esac
        IFS='|' read -r name target old mode user group <<<"$line"
        rm -f "$target.irisx-new"
        if [ -e "$target.irisx-old" ] && [ "$target.irisx-old" -ef "$target" ]; then
            rm -f "$target.irisx-old"
        elif [ -e "$target.irisx-old" ]; then
            mv -f "$target.irisx-old" "$target"
        elif [ "$old" = absent ]; then
            rm -f "$target"
        elif [ ! -f "$target" ] || [ "$(hash_of "$target")" != "$old" ]; then
            install -m "$mode" -o "$user" -g "$group" "$jbdir/$name" "$target.irisx-new" && mv -f "$target.irisx-new" "$target"
        fi
        if [ "$old" = absent ]; then [ ! -e "$target" ]; else [ -f "$target" ] && [ "$(hash_of "$target")" = "$old" ]; fi || echo " $target"
    done <"$journal" 2>/dev/null
}

# Before a revert that is followed by a reload: the files the service may be running now become
# the "previous" copies ($bdir) that reload step sees, as the files being left are (the ESL password).
keep_leaving() {
    local line name target rest
    rm -rf "$run/leaving" && mkdir -m 0700 "$run/leaving" || return 0
    while IFS='|' read -r name target rest; do
        case $name in bdir=*) continue ;; esac
        [ ! -f "$target" ] || cp -p "$target" "$run/leaving/$name"
    done <"$journal"
    bdir=$run/leaving
}

# Restores the previous files, reloads when a reload may have run, and exits 4 (or 5).
roll_back() {
    local why=$1 was=$phase bad made=$bdir
    trap '' HUP INT TERM
    phase=rollback
    case $was in reload | prove) keep_leaving ;; esac
    bad=$(revert)
    [ -z "$bad" ] || finish 5 "$why; could not restore$bad: host needs attention (journal $journal kept)"
    case $was in
        reload | prove)
            step reload || finish 5 "$why; previous files restored but their reload failed too: host needs attention:
$step_out"
            rm -f "$journal" && rm -rf "$made"
            finish 4 "$why; previous files restored and reloaded" ;;
        *)
            rm -f "$journal" && rm -rf "$made"
            finish 4 "$why; previous files restored, nothing was reloaded" ;;
    esac
}

# A journal left behind means an earlier push died between its first change and its end: put
# its previous files back and reload them before this push starts (never a silent "unchanged").
recover() {
    local bad made
    [ -e "$journal" ] || return 0
    phase=recover
    made=$(sed -n 's/^bdir=//p' "$journal")
    log "an earlier push of this unit did not finish: restoring its previous files"
    keep_leaving
    bad=$(revert)
    [ -z "$bad" ] || finish 5 "cannot restore the previous files of an interrupted push:$bad: host needs attention (journal $journal kept)"
    step reload || finish 5 "restored the previous files of an interrupted push but their reload failed: host needs attention:
$step_out"
    rm -f "$journal" && rm -rf "$made"
    log "previous files of the interrupted push restored and reloaded"
    bdir= phase=start
}

swap_in() {
    local target=$1 mode=$2 group=$3 want=$4
    (umask 022 && mkdir -p "${target%/*}") || return 1
    if [ -e "$target" ]; then ln -f "$target" "$target.irisx-old" || return 1; fi
    install -m "$mode" -o root -g "$group" "$tree$target" "$target.irisx-new" || return 1
    # The bytes that go live are the ones validated, checked after the copy.
    [ "$(hash_of "$target.irisx-new")" = "$want" ] || { echo "its copy does not match the validated content"; return 1; }
    mv -f "$target.irisx-new" "$target"
}

prune_backups() {
    ls -1dt "$backups"/*/ 2>/dev/null | tail -n +$((keep + 1)) | xargs -r rm -rf
}

main() {
    local tool i name target mode group
    wait_for_boot
    for tool in "${requires[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || finish 1 "$tool is not installed (cloud-init installs it); nothing changed"
    done
    mkdir -p /run/lock && exec 9>/run/lock/irisx-push.lock || finish 1 "cannot open the push lock; nothing changed"
    flock -w 600 9 || finish 1 "another push is still running; nothing changed"
    trap 'on_signal HUP' HUP
    trap 'on_signal INT' INT
    trap 'on_signal TERM' TERM
    # A dropped SSH session must not kill the push halfway: it finishes or rolls back unheard.
    trap '' PIPE
    trap 'rm -rf "$run"' EXIT
    # Plaintext copies left by pushes that staged with CopyToRemote.
    rm -rf "$legacy_stage" && rmdir "${legacy_stage%/*}" 2>/dev/null
    mkdir -p -m 0700 "${journal%/*}" && install -d -m 0700 "${backups%/*}" "$backups" || finish 1 "cannot create ${journal%/*} or $backups; nothing changed"
    stage
    recover

    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        rm -f "$target.irisx-new" "$target.irisx-old"
        if [ -f "$target" ] && [ "$(hash_of "$target")" = "${sha256[$i]}" ] && [ "$(stat -c '%a %U %G' "$target")" = "${mode#0} root $group" ]; then
            continue
        fi
        changed+=("$i")
    done
    if [ "${#changed[@]}" -eq 0 ]; then
        log "unchanged (${#files[@]} file(s))"
        prune_backups
        return 0
    fi

    step prepare || finish 1 "prepare failed; nothing changed: $step_out"
    [ -z "$step_out" ] || log "$step_out"
    phase=validate
    step validate || finish 3 "rejected by the validator; nothing changed, the service runs on its current files:
$(untree "$step_out")"
    target=$(staged_intact) || finish 1 "the staged copy of $target changed after it was staged; nothing changed"

    bdir="$backups/$(date -u +%Y%m%dT%H%M%SZ)-$$"
    mkdir -m 0700 "$bdir" || finish 1 "cannot create $bdir; nothing changed"
    for i in "${changed[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        [ -e "$target" ] || continue
        cp -p "$target" "$bdir/$name" && { [ "$secret" = 0 ] || { chown root:root "$bdir/$name" && chmod 0600 "$bdir/$name"; }; } ||
            { rm -rf "$bdir"; finish 1 "cannot back up $target; nothing changed"; }
    done
    write_journal || { rm -rf "$bdir"; finish 1 "cannot write $journal; nothing changed"; }

    phase=swap
    for i in "${changed[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        step_out=$(swap_in "$target" "$mode" "$group" "${sha256[$i]}" 2>&1) || roll_back "cannot install $target: $step_out"
    done
    rm -rf "$tree"
    phase=reload
    step reload || roll_back "reload failed:
$step_out"
    [ -z "$step_out" ] || log "$step_out"
    phase=prove
    step prove || roll_back "the check after the reload failed:
$step_out"
    [ -z "$step_out" ] || log "$step_out"
    trap '' HUP INT TERM
    phase=done
    for i in "${changed[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        rm -f "$target.irisx-old"
        log "updated $target"
    done
    rm -f "$journal"
    log "applied: validated, swapped and reloaded; previous files in $bdir"
    prune_backups
}
