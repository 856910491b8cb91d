#!/bin/sh
# managed by irisx-infra, do not edit on the host (source: provisioning/render/nginx.ts)
# certbot deploy hook: nginx serves api.dev.irisx.example from /etc/irisx/tls/api.dev.irisx.example.
# Links both files to the lineage certbot just issued or renewed ($RENEWED_LINEAGE), checks with
# nginx -t (restoring the previous pair if rejected) and reloads nginx. Other lineages: no-op.
set -u
domain=api.dev.irisx.example
tls=/etc/irisx/tls/api.dev.irisx.example
lineage=${RENEWED_LINEAGE:-/etc/letsencrypt/live/api.dev.irisx.example}

log() { echo "irisx-nginx deploy hook: $*"; }
die() { echo "irisx-nginx deploy hook: $*" >&2; exit 1; }

case " ${RENEWED_DOMAINS:-$domain} " in
    *" $domain "*) ;;
    *) log "$lineage is not for $domain; nothing to do"; exit 0 ;;
esac
case "$lineage" in
    /*) ;;
    *) die "RENEWED_LINEAGE must be an absolute path, got $lineage" ;;
esac
for f in fullchain.pem privkey.pem; do
    [ -s "$lineage/$f" ] || die "$lineage/$f is missing or empty; nginx keeps its current certificate"
done
# An earlier push put its placeholder in certbot's folder; certbot then issues into <domain>-0001.
[ ! -e "$lineage/IRISX-PLACEHOLDER" ] || die "$lineage holds the placeholder of an earlier push, not a certificate certbot issued; nginx keeps its current certificate"

(umask 022 && mkdir -p "${tls%/*}") && { [ -d "$tls" ] || install -d -m 0700 "$tls"; } || die "cannot create $tls"
previous=$(mktemp -d "$tls/.previous.XXXXXX") || die "cannot create a backup directory in $tls"
restore() {
    for f in fullchain.pem privkey.pem; do
        if [ -e "$previous/$f" ] || [ -L "$previous/$f" ]; then mv -Tf "$previous/$f" "$tls/$f"; else rm -f "$tls/$f"; fi
    done
    rm -rf "$previous"
}
for f in fullchain.pem privkey.pem; do
    if [ -e "$tls/$f" ] || [ -L "$tls/$f" ]; then
        cp -pP "$tls/$f" "$previous/$f" || { rm -rf "$previous"; die "cannot back up $tls/$f; nothing changed"; }
    fi
done
# A symlink into certbot's live directory follows every later renewal; rename(2) swaps each path whole.
for f in fullchain.pem privkey.pem; do
    if ! { ln -sfn "$lineage/$f" "$tls/.$f.irisx-new" && mv -Tf "$tls/.$f.irisx-new" "$tls/$f"; }; then
        restore
        die "cannot link $tls/$f to $lineage/$f; previous certificate restored"
    fi
done
if ! out=$(nginx -t 2>&1); then
    restore
    die "nginx -t rejected the certificate in $lineage; previous certificate restored, nginx not reloaded:
$out"
fi
rm -rf "$previous"
rm -f /etc/irisx/tls/api.dev.irisx.example/IRISX-PLACEHOLDER
if ! out=$( (if systemctl is-active --quiet nginx; then systemctl reload nginx; else systemctl restart nginx; fi) 2>&1); then
    die "linked $tls to $lineage but the nginx reload failed: $out"
fi
log "nginx serves $domain with the certificate in $lineage"
