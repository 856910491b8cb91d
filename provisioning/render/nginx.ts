/**
 * nginx on the API host: the main nginx.conf (ours, so Debian's default site is never loaded),
 * the API site (ACME + redirect on 80, TLS reverse proxy with rate limiting on 443) and the
 * certbot deploy hook that points the site's certificate paths at what Let's Encrypt issued.
 */
import { dnsName } from "./guard";
import { hashHeader } from "./header";
import { nginxPaths } from "../../facts/host-paths";
import { appListenAddress } from "../../facts/ports";
import { mozillaIntermediate } from "./tls-policy";

/** The design notes' numbers: 10 r/s with a burst of 20 lets 21 of 40 simultaneous requests through. */
export const apiRateLimit = { zone: "api", zoneSize: "10m", ratePerSecond: 10, burst: 20, status: 429 } as const;

/**
 * Slow clients (slowloris, slow POST, slow read) each hold a connection; these bound how long.
 * The API's requests are small JSON and its clients are programs on decent links, so:
 *  - header 10 s: nginx counts it from the connection's start to the header's end (the timer is
 *    set once, not per read); a real client sends its header in one packet;
 *  - body 10 s and send 10 s: between two reads of the body / two writes of the response (nginx
 *    has no whole-body timer), far above any pause a working client makes;
 *  - keep-alive 15 s: an idle connection (HTTP/1.1 or HTTP/2) is kept for a client's next call
 *    in a sequence, not the default 75 s.
 */
export const nginxClientTimeouts = { clientHeaderSeconds: 10, clientBodySeconds: 10, sendSeconds: 10, keepaliveSeconds: 15 } as const;

/**
 * Requests one client address may have in flight (limit_conn). The rate limit admits a burst of
 * burst + 1 at once and then ratePerSecond more each second; with the app answering within a
 * second that is burst + 1 + ratePerSecond in flight, so the cap never refuses what the rate
 * limit lets through, while one address can no longer hold hundreds of slow connections.
 */
export const connectionsPerAddress = apiRateLimit.burst + 1 + apiRateLimit.ratePerSecond;

/** Mozilla "intermediate": browsers keep to HTTPS for two years. */
export const hstsMaxAgeSeconds = 63072000;

/** Response headers of every HTTPS answer (REFERENCE.md, "API security headers"). */
export const apiSecurityHeaders: readonly (readonly [string, string])[] = [
    ["Strict-Transport-Security", `max-age=${hstsMaxAgeSeconds}`],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Content-Security-Policy", "frame-ancestors 'none'"],
    ["Referrer-Policy", "no-referrer"],
    ["Cache-Control", "no-store"],
];

/** The one way nginx is told to pick up new files: reload if running, else start it. */
export const nginxReload = "if systemctl is-active --quiet nginx; then systemctl reload nginx; else systemctl restart nginx; fi";

/**
 * Where nginx reads the domain's certificate: a directory of ours, never certbot's own
 * /etc/letsencrypt/live (a placeholder there makes certbot refuse or issue into <domain>-0001).
 * When neither file exists the push links certbot's lineage if it already has one, else puts a
 * self-signed placeholder pair here; the deploy hook replaces both with symlinks into the lineage.
 */
export function certificatePaths(domain: string): { readonly dir: string; readonly fullchain: string; readonly privkey: string; readonly placeholderNote: string } {
    const dir = `/etc/irisx/tls/${dnsName("domain", domain)}`;
    return { dir, fullchain: `${dir}/fullchain.pem`, privkey: `${dir}/privkey.pem`, placeholderNote: `${dir}/IRISX-PLACEHOLDER` };
}

/** certbot's lineage of the domain when it was issued under the domain's own name. */
export function certbotLineage(domain: string): string {
    return `/etc/letsencrypt/live/${dnsName("domain", domain)}`;
}

export interface NginxApiInput {
    readonly domain: string;
    /** The app listens on appListenAddress:<appPort>. */
    readonly appPort: number;
    /** Listen on [::] too; true on hosts whose kernel has IPv6 (EC2, test namespaces). */
    readonly ipv6: boolean;
}

export function renderNginxMain(): string {
    const t = nginxClientTimeouts;
    return `${hashHeader("provisioning/render/nginx.ts")}
user www-data;
worker_processes auto;
pid /run/nginx.pid;
error_log ${nginxPaths.errorLog};
# Includes are relative to this file's directory, so the push's nginx -t -c on a staged copy reads the staged tree.
include modules-enabled/*.conf;

events {
    worker_connections 1024;
}

http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    server_tokens off;

    # TLS for every server, here and not in the API's server: nginx < 1.23.4 takes the protocol
    # list of a handshake from the default_server of the address (the reject-handshake server).
    ssl_protocols ${mozillaIntermediate.protocols.join(" ")};
    ssl_ciphers ${mozillaIntermediate.ciphers.join(":")};
    ssl_prefer_server_ciphers off;
    ssl_session_timeout 1d;
    ssl_session_cache shared:MozSSL:10m;
    # nginx < 1.23.2 cannot rotate ticket keys: tickets off keeps forward secrecy.
    ssl_session_tickets off;

    # Slow clients: see nginxClientTimeouts and connectionsPerAddress in provisioning/render/nginx.ts.
    client_header_timeout ${t.clientHeaderSeconds}s;
    client_body_timeout ${t.clientBodySeconds}s;
    send_timeout ${t.sendSeconds}s;
    keepalive_timeout ${t.keepaliveSeconds}s;
    limit_conn_zone $binary_remote_addr zone=perip:10m;
    limit_conn perip ${connectionsPerAddress};
    limit_conn_status ${apiRateLimit.status};

    include mime.types;
    default_type application/octet-stream;
    # "combined" with the status written as status=NNN: the CloudWatch metric filter for 429s
    # (infra/monitoring/log-metrics.ts) counts that term, which a bare number would not pin down.
    log_format irisx '$remote_addr - $remote_user [$time_local] "$request" status=$status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time';
    access_log ${nginxPaths.accessLog} irisx;

    # Only our own sites: Debian's sites-enabled/default is deliberately not included.
    include conf.d/*.conf;
}
`;
}

export function listen(port: number, extra: string, ipv6: boolean): string {
    const lines = [`    listen ${port}${extra};`];
    if (ipv6) lines.push(`    listen [::]:${port}${extra};`);
    return lines.join("\n");
}

/**
 * What the API's server block holds in both edge modes: security headers, the rate limit and the
 * proxy headers. $remote_addr is the client's address: nginx's own peer (direct), or the one the
 * realip module took from X-Forwarded-For (alb, provisioning/render/nginx-alb.ts).
 */
export function apiServerCommon(domain: string): string {
    const rl = apiRateLimit;
    const headers = apiSecurityHeaders.map(([name, value]) => `    add_header ${name} "${value}" always;`).join("\n");
    return `${headers}

    limit_req zone=${rl.zone} burst=${rl.burst} nodelay;
    limit_req_status ${rl.status};

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Real-IP $remote_addr;
    # nginx is the first hop: $remote_addr, not $proxy_add_x_forwarded_for, so a client cannot
    # hand the app a forged chain.
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-Host ${domain};
    # An empty value drops the header: the client's own Forwarded never reaches the app.
    proxy_set_header Forwarded "";
    proxy_hide_header X-Powered-By;
`;
}

export function renderNginxApiSite(input: NginxApiInput): string {
    const { appPort, ipv6 } = input;
    const domain = dnsName("domain", input.domain);
    const cert = certificatePaths(domain);
    const rl = apiRateLimit;
    return `${hashHeader("provisioning/render/nginx.ts")}
limit_req_zone $binary_remote_addr zone=${rl.zone}:${rl.zoneSize} rate=${rl.ratePerSecond}r/s;

upstream irisx_api {
    server ${appListenAddress}:${appPort};
    keepalive 16;
}

# Port 80, any name but ours (a bare IP, a stranger's Host, none): close without an answer.
server {
${listen(80, " default_server", ipv6)}
    server_name _;
    return 444;
}

# Port 80 for our name: Let's Encrypt HTTP-01 challenges, everything else to HTTPS on our name
# (never $host, which the client chose).
server {
${listen(80, "", ipv6)}
    server_name ${domain};

    location ^~ /.well-known/acme-challenge/ {
        root ${nginxPaths.acmeWebroot};
        default_type text/plain;
    }

    location / {
        return 308 https://${domain}$request_uri;
    }
}

# Port 443, any name but ours: refuse the TLS handshake for a stranger's SNI (or none), and close
# without an answer when our SNI carries a stranger's Host (nginx picks the server by Host then).
server {
${listen(443, " ssl http2 default_server", ipv6)}
    server_name _;
    ssl_reject_handshake on;
    return 444;
}

server {
${listen(443, " ssl http2", ipv6)}
    server_name ${domain};

    # Placeholder until certbot's deploy hook links these to the issued certificate.
    ssl_certificate ${cert.fullchain};
    ssl_certificate_key ${cert.privkey};

${apiServerCommon(domain)}
    # The app answers its own health check; nginx only passes it through (rate limit included).
    location = /health {
        proxy_pass http://irisx_api;
    }

    location / {
        proxy_pass http://irisx_api;
    }
}
`;
}

/**
 * certbot's deploy hook (mode 0755). certbot runs it with RENEWED_LINEAGE (and RENEWED_DOMAINS)
 * set: after every renewal because it sits in renewal-hooks/deploy, and after the first issuance
 * when given as `--deploy-hook` (certbot runs the hook directory on renewals only; it saves the
 * flag in the lineage's renewal config and then skips the duplicate). For our domain it swaps
 * both certificate paths to symlinks into the lineage, checks with `nginx -t` (restoring the
 * previous pair if rejected) and reloads nginx. Run by hand without RENEWED_LINEAGE it uses
 * /etc/letsencrypt/live/<domain>.
 */
export function renderCertbotDeployHook(name: string): string {
    // A DNS name is a safe shell word: the hook writes it unquoted (domain=…, case patterns).
    const domain = dnsName("domain", name);
    const cert = certificatePaths(domain);
    return `#!/bin/sh
${hashHeader("provisioning/render/nginx.ts")}# certbot deploy hook: nginx serves ${domain} from ${cert.dir}.
# Links both files to the lineage certbot just issued or renewed ($RENEWED_LINEAGE), checks with
# nginx -t (restoring the previous pair if rejected) and reloads nginx. Other lineages: no-op.
set -u
domain=${domain}
tls=${cert.dir}
lineage=\${RENEWED_LINEAGE:-${certbotLineage(domain)}}

log() { echo "irisx-nginx deploy hook: $*"; }
die() { echo "irisx-nginx deploy hook: $*" >&2; exit 1; }

case " \${RENEWED_DOMAINS:-$domain} " in
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

(umask 022 && mkdir -p "\${tls%/*}") && { [ -d "$tls" ] || install -d -m 0700 "$tls"; } || die "cannot create $tls"
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
rm -f ${cert.placeholderNote}
if ! out=$( (${nginxReload}) 2>&1); then
    die "linked $tls to $lineage but the nginx reload failed: $out"
fi
log "nginx serves $domain with the certificate in $lineage"
`;
}
