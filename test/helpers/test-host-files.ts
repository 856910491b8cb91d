/** Small files a test host installs in its own overlays. */

/**
 * There is no systemd in a namespace. This maps the calls the push scripts make to the daemons'
 * own controls, so the scripts run unchanged.
 */
export const systemctlStandIn = `#!/bin/sh
# test-host stand-in for systemctl: no systemd inside a namespace
verb=$1; shift
[ "$1" = "--quiet" ] && shift
unit=\${1%.service}
nginx_running() { [ -s /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; }
case "$verb:$unit" in
    is-active:nginx) nginx_running ;;
    reload:nginx) nginx -s reload ;;
    restart:nginx)
        if nginx_running; then nginx -s quit; i=0; while nginx_running && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; fi
        nginx ;;
    reload:ssh) /usr/sbin/sshd -t && kill -HUP "$(cat /run/sshd.pid)" ;;
    is-active:fail2ban) fail2ban-client ping >/dev/null 2>&1 ;;
    restart:fail2ban) fail2ban-client stop >/dev/null 2>&1; fail2ban-client -x start ;;
    # nothing boots a test host: the firewall unit's "enabled at boot" check passes as on EC2
    is-enabled:nftables|enable:nftables) ;;
    is-active:*) exit 3 ;;
    *) echo "systemctl stand-in: no unit $unit on this test host" >&2; exit 1 ;;
esac
`;

/**
 * sshd -D -e writes bare messages to stderr; this turns each into the syslog line Debian's
 * rsyslog would write to /var/log/auth.log, so the stock sshd filter reads it as on a syslog host.
 */
export const syslogStamper = `#!/usr/bin/python3
import sys, time
daemon, log = sys.argv[1], sys.argv[2]
with open(log, "a", buffering=1) as out:
    for line in sys.stdin:
        out.write("%s testhost %s: %s" % (time.strftime("%b %d %H:%M:%S"), daemon, line))
`;

export const sshdTestConfig = `# test host: key logins as root on the namespace's loopback only
ListenAddress 127.0.0.1
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PidFile /run/sshd.pid
MaxStartups 50:30:100
`;

/**
 * A tiny upstream for nginx: answers every request 200 after a short pause (a busy app), with the
 * request headers it received as JSON after the first line, so tests see what nginx passed on.
 */
export function upstreamScript(port: number, address = "127.0.0.1"): string {
    return `require("http").createServer((req, res) => setTimeout(() => { res.writeHead(200, { "content-type": "text/plain" }); res.end("ok " + req.url + "\\n" + JSON.stringify(req.headers) + "\\n"); }, 20)).listen(${port}, "${address}");`;
}

/**
 * 40 simultaneous clients: opens every TLS connection first, then writes all requests in one
 * tick, so the burst reaches nginx well inside one 100 ms token interval even on a busy machine.
 * Prints one status code per line.
 */
export function burstClientScript(count: number, servername: string, path: string, localAddress: string): string {
    return `const tls = require("tls");
const sockets = [];
let ready = 0;
const codes = [];
for (let i = 0; i < ${count}; i++) {
    const s = tls.connect({ host: "127.0.0.1", port: 443, servername: ${JSON.stringify(servername)}, localAddress: ${JSON.stringify(localAddress)}, rejectUnauthorized: false, ALPNProtocols: ["http/1.1"] }, () => {
        if (++ready === ${count}) for (const t of sockets) t.write("GET ${path} HTTP/1.1\\r\\nHost: ${servername}\\r\\nConnection: close\\r\\n\\r\\n");
    });
    let data = "";
    s.on("data", (d) => (data += d));
    s.on("error", () => {});
    s.on("close", () => { codes.push((/^HTTP\\/1\\.1 (\\d+)/.exec(data) || [])[1] || "000"); if (codes.length === ${count}) { console.log(codes.join("\\n")); process.exit(0); } });
    sockets.push(s);
}
setTimeout(() => { console.log(codes.join("\\n")); process.exit(1); }, 20000);
`;
}

/**
 * `count` slow clients over TLS from `localAddress`, one every `spacingMs` (so the rate limit
 * admits them all): each sends a request and then trickles one byte every `intervalMs`, of the
 * body ("body": a POST announcing 1000 bytes) or of a header that never ends ("header").
 * Prints one JSON line per connection when all have closed (or at
 * `deadlineMs`): the status nginx answered, if any, and when it closed, counted from the
 * connection's start (`sinceStartMs`) and from its last byte (`sinceLastByteMs`); null while open.
 */
export function slowClientScript(opts: { count: number; servername: string; localAddress: string; mode: "body" | "header"; intervalMs: number; spacingMs: number; deadlineMs: number }): string {
    return `const tls = require("tls");
const o = ${JSON.stringify(opts)};
const results = [];
let open = o.count;
const done = () => { for (const r of results) console.log(JSON.stringify(r)); process.exit(0); };
const connect = (r) => {
    const started = Date.now();
    let last = started;
    let timer;
    const s = tls.connect({ host: "127.0.0.1", port: 443, servername: o.servername, localAddress: o.localAddress, rejectUnauthorized: false, ALPNProtocols: ["http/1.1"] }, () => {
        const head = o.mode === "body"
            ? "POST /health HTTP/1.1\\r\\nHost: " + o.servername + "\\r\\nContent-Type: application/json\\r\\nContent-Length: 1000\\r\\n\\r\\n"
            : "GET /health HTTP/1.1\\r\\nHost: " + o.servername + "\\r\\nX-Slow: ";
        const drip = () => { if (!s.destroyed) { s.write("a"); last = Date.now(); } };
        s.write(head);
        drip();
        timer = setInterval(drip, o.intervalMs);
    });
    let data = "";
    s.on("data", (d) => (data += d));
    s.on("error", () => {});
    s.on("close", () => {
        clearInterval(timer);
        const now = Date.now();
        Object.assign(r, { status: (/^HTTP\\/1\\.1 (\\d+)/.exec(data) || [])[1] || "none", sinceStartMs: now - started, sinceLastByteMs: now - last });
        if (--open === 0) done();
    });
};
for (let i = 0; i < o.count; i++) {
    const r = { status: null, sinceStartMs: null, sinceLastByteMs: null };
    results.push(r);
    setTimeout(() => connect(r), i * o.spacingMs);
}
setTimeout(done, o.deadlineMs);
`;
}
