/**
 * The API site behind the Application Load Balancer (edge alb). What differs from the direct site
 * (provisioning/render/nginx.ts):
 *  - the client's address comes from X-Forwarded-For, believed only from the VPC (the ALB's nodes
 *    live there): with real_ip_recursive nginx walks the list from the right past trusted
 *    addresses, so the ALB's own appended entry wins over anything a client wrote;
 *  - the ALB connects without SNI (apache/apisix#11523: "failed to find SNI" from an ALB target)
 *    and does not validate the target's certificate ("The load balancer does not validate these
 *    certificates", ELB user guide, "Target groups for your Application Load Balancers", routing
 *    configuration): the default 443 server presents the host's long-lived self-signed
 *    certificate instead of refusing the handshake, and answers nothing but the health check;
 *  - port 80 no longer reaches the host from the world (the ALB redirects), so there is no ACME
 *    webroot and no certbot: Let's Encrypt's HTTP-01 could not reach the host anyway.
 */
import { albHealthCheckPath } from "../../facts/edge";
import { appListenAddress } from "../../facts/ports";
import { dnsName, token } from "./guard";
import { hashHeader } from "./header";
import { apiRateLimit, apiServerCommon, listen, NginxApiInput } from "./nginx";

/** An IPv4 or IPv6 CIDR as set_real_ip_from takes it. */
const cidrToken = (what: string, value: string) => token(what, value, /^[0-9A-Fa-f.:]{2,39}\/[0-9]{1,3}$/);

/**
 * The ALB hop's certificate: generated on the host (render/../roles/api.ts) for ten years, because
 * nothing checks it and nothing could renew it; its own directory, never certbot's lineage.
 */
export const albTargetCertificate = {
    dir: "/etc/irisx/tls/alb-target",
    fullchain: "/etc/irisx/tls/alb-target/fullchain.pem",
    privkey: "/etc/irisx/tls/alb-target/privkey.pem",
    days: 3650,
} as const;

export interface NginxAlbInput extends NginxApiInput {
    /** The VPC's CIDR: the only peers whose X-Forwarded-For nginx believes. */
    readonly trustedCidr: string;
}

/** The health check's answer: from nginx itself, so a target is healthy while nginx serves, app or not. */
function healthCheckLocation(): string {
    return `    # The load balancer's health check, answered by nginx (no app behind it), not logged: one
    # line per ALB node every few seconds would drown the access log. It passes the rate limit:
    # the checks arrive from each ALB node's own address without X-Forwarded-For, far below
    # ${apiRateLimit.ratePerSecond} r/s per node.
    location = ${albHealthCheckPath} {
        access_log off;
        default_type text/plain;
        return 200 "ok\\n";
    }`;
}

export function renderNginxAlbSite(input: NginxAlbInput): string {
    const { appPort, ipv6 } = input;
    const domain = dnsName("domain", input.domain);
    const trusted = cidrToken("vpcCidr", input.trustedCidr);
    const cert = albTargetCertificate;
    const rl = apiRateLimit;
    return `${hashHeader("provisioning/render/nginx-alb.ts")}
# Behind the load balancer: the client is the address X-Forwarded-For names, believed only from the
# VPC; limit_req, limit_conn, the access log and fail2ban's error-log lines all see it.
set_real_ip_from ${trusted};
real_ip_header X-Forwarded-For;
real_ip_recursive on;

limit_req_zone $binary_remote_addr zone=${rl.zone}:${rl.zoneSize} rate=${rl.ratePerSecond}r/s;

upstream irisx_api {
    server ${appListenAddress}:${appPort};
    keepalive 16;
}

# Port 80: only the load balancer's group reaches it, and the ALB redirects to HTTPS itself; any
# plain-HTTP request that arrives goes to HTTPS on our name, or is closed without an answer.
server {
${listen(80, " default_server", ipv6)}
    server_name _;
    return 444;
}

server {
${listen(80, "", ipv6)}
    server_name ${domain};
    return 308 https://${domain}$request_uri;
}

# Port 443 without SNI or for another Host (the ALB's health checks name the target's address):
# the health check, else close without an answer.
server {
${listen(443, " ssl http2 default_server", ipv6)}
    server_name _;
    ssl_certificate ${cert.fullchain};
    ssl_certificate_key ${cert.privkey};

${healthCheckLocation()}

    location / {
        return 444;
    }
}

server {
${listen(443, " ssl http2", ipv6)}
    server_name ${domain};

    ssl_certificate ${cert.fullchain};
    ssl_certificate_key ${cert.privkey};

${apiServerCommon(domain)}
${healthCheckLocation()}

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
