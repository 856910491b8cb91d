/**
 * nginx on the API host: the main nginx.conf (ours, so Debian's default site is never loaded) and
 * the API site (ACME + redirect on 80, TLS reverse proxy with rate limiting on 443).
 */
import { hashHeader } from "./header";

/** The design notes' numbers: 10 r/s with a burst of 20 lets 21 of 40 simultaneous requests through. */
export const apiRateLimit = { zone: "api", zoneSize: "10m", ratePerSecond: 10, burst: 20, status: 429 } as const;

/** Mozilla "intermediate" (guideline 6.0) for nginx 1.22 with OpenSSL 3. */
export const mozillaIntermediate = {
    protocols: "TLSv1.2 TLSv1.3",
    ciphers: [
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305",
    ],
    hstsMaxAge: 63072000,
} as const;

/** Response headers of every HTTPS answer (REFERENCE.md, "API security headers"). */
export const apiSecurityHeaders: readonly (readonly [string, string])[] = [
    ["Strict-Transport-Security", `max-age=${mozillaIntermediate.hstsMaxAge}`],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Content-Security-Policy", "frame-ancestors 'none'"],
    ["Referrer-Policy", "no-referrer"],
    ["Cache-Control", "no-store"],
];

export const nginxPaths = {
    main: "/etc/nginx/nginx.conf",
    site: "/etc/nginx/conf.d/irisx-api.conf",
    errorLog: "/var/log/nginx/error.log",
    accessLog: "/var/log/nginx/access.log",
    acmeWebroot: "/var/www/acme",
} as const;

/** Where certbot keeps the domain's certificate; the first push puts a placeholder there. */
export function certificateDir(domain: string): string {
    return `/etc/letsencrypt/live/${domain}`;
}

export interface NginxApiInput {
    readonly domain: string;
    /** The app listens on 127.0.0.1:<appPort>. */
    readonly appPort: number;
    /** Listen on [::] too; true on hosts whose kernel has IPv6 (EC2, test namespaces). */
    readonly ipv6: boolean;
}

export function renderNginxMain(): string {
    return `${hashHeader("provisioning/render/nginx.ts")}
user www-data;
worker_processes auto;
pid /run/nginx.pid;
error_log ${nginxPaths.errorLog};
include /etc/nginx/modules-enabled/*.conf;

events {
    worker_connections 1024;
}

http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    server_tokens off;

    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${nginxPaths.accessLog};

    # Only our own sites: Debian's sites-enabled/default is deliberately not included.
    include /etc/nginx/conf.d/*.conf;
}
`;
}

function listen(port: number, extra: string, ipv6: boolean): string {
    const lines = [`    listen ${port}${extra};`];
    if (ipv6) lines.push(`    listen [::]:${port}${extra};`);
    return lines.join("\n");
}

export function renderNginxApiSite(input: NginxApiInput): string {
    const { domain, appPort, ipv6 } = input;
    const cert = certificateDir(domain);
    const rl = apiRateLimit;
    const headers = apiSecurityHeaders.map(([name, value]) => `    add_header ${name} "${value}" always;`).join("\n");
    return `${hashHeader("provisioning/render/nginx.ts")}
limit_req_zone $binary_remote_addr zone=${rl.zone}:${rl.zoneSize} rate=${rl.ratePerSecond}r/s;

upstream irisx_api {
    server 127.0.0.1:${appPort};
    keepalive 16;
}

# Port 80: Let's Encrypt HTTP-01 challenges, everything else to HTTPS.
server {
${listen(80, " default_server", ipv6)}
    server_name _;

    location ^~ /.well-known/acme-challenge/ {
        root ${nginxPaths.acmeWebroot};
        default_type text/plain;
    }

    location / {
        return 308 https://$host$request_uri;
    }
}

# Port 443, any name but ours: refuse the TLS handshake rather than answer for a stranger's name.
server {
${listen(443, " ssl http2 default_server", ipv6)}
    server_name _;
    ssl_reject_handshake on;
}

server {
${listen(443, " ssl http2", ipv6)}
    server_name ${domain};

    ssl_certificate ${cert}/fullchain.pem;
    ssl_certificate_key ${cert}/privkey.pem;
    ssl_protocols ${mozillaIntermediate.protocols};
    ssl_ciphers ${mozillaIntermediate.ciphers.join(":")};
    ssl_prefer_server_ciphers off;
    ssl_session_timeout 1d;
    ssl_session_cache shared:MozSSL:10m;
    # nginx < 1.23.2 cannot rotate ticket keys: tickets off keeps forward secrecy.
    ssl_session_tickets off;

${headers}

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
    proxy_hide_header X-Powered-By;

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
