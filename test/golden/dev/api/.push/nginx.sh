#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "nginx": 3 file(s), validate, swap, reload; roll back on failure.
set -uo pipefail
umask 077
unit=nginx
stage=/home/admin/.irisx-push/nginx
backups=/var/backups/irisx/$unit
# staged name | target | mode | group | sha256
files=(
    "etc__nginx__nginx.conf|/etc/nginx/nginx.conf|0644|root|95bf43ede9787e033e8d56abec829c3c9354d2b8f5cf481e6feeebdd031e7521"
    "etc__nginx__conf.d__irisx-api.conf|/etc/nginx/conf.d/irisx-api.conf|0644|root|8138c8b975bf3abc31bba46039b64f2b74ed8c36894eb8788433317983f47ecd"
    "etc__letsencrypt__renewal-hooks__deploy__irisx-nginx.sh|/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh|0755|root|45b84362bcac45e9d436a2c364a50ee88e59afd59129c6efb670a13cba522fd2"
)
requires=(nginx openssl)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

prepare() {
    install -d -m 0755 /var/www/acme &&
    (umask 022 && mkdir -p /etc/irisx/tls) &&
    { [ -d /etc/irisx/tls/api.dev.irisx.example ] || install -d -m 0700 /etc/irisx/tls/api.dev.irisx.example; } &&
    if [ ! -e /etc/irisx/tls/api.dev.irisx.example/fullchain.pem ] && [ ! -L /etc/irisx/tls/api.dev.irisx.example/fullchain.pem ] && [ ! -e /etc/irisx/tls/api.dev.irisx.example/privkey.pem ] && [ ! -L /etc/irisx/tls/api.dev.irisx.example/privkey.pem ]; then
        if [ -s /etc/letsencrypt/live/api.dev.irisx.example/fullchain.pem ] && [ -s /etc/letsencrypt/live/api.dev.irisx.example/privkey.pem ] && [ ! -e /etc/letsencrypt/live/api.dev.irisx.example/IRISX-PLACEHOLDER ]; then
            ln -s /etc/letsencrypt/live/api.dev.irisx.example/privkey.pem /etc/irisx/tls/api.dev.irisx.example/privkey.pem && ln -s /etc/letsencrypt/live/api.dev.irisx.example/fullchain.pem /etc/irisx/tls/api.dev.irisx.example/fullchain.pem &&
            echo "linked /etc/irisx/tls/api.dev.irisx.example to the certificate certbot already issued in /etc/letsencrypt/live/api.dev.irisx.example"
        else
            openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=api.dev.irisx.example -addext subjectAltName=DNS:api.dev.irisx.example \
                -keyout /etc/irisx/tls/api.dev.irisx.example/privkey.pem.irisx-new -out /etc/irisx/tls/api.dev.irisx.example/fullchain.pem.irisx-new >/dev/null 2>&1 &&
            mv -f /etc/irisx/tls/api.dev.irisx.example/privkey.pem.irisx-new /etc/irisx/tls/api.dev.irisx.example/privkey.pem && mv -f /etc/irisx/tls/api.dev.irisx.example/fullchain.pem.irisx-new /etc/irisx/tls/api.dev.irisx.example/fullchain.pem &&
            echo "self-signed placeholder until certbot's deploy hook (/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh) links the issued certificate" > /etc/irisx/tls/api.dev.irisx.example/IRISX-PLACEHOLDER &&
            echo "placeholder self-signed certificate created in /etc/irisx/tls/api.dev.irisx.example"
        fi
    fi
}
validate() {
    sh -n /etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh && nginx -t
}
reload() {
    if systemctl is-active --quiet nginx; then systemctl reload nginx; else systemctl restart nginx; fi
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
