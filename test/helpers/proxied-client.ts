/**
 * A load balancer's side of the hop to nginx, for the edge-alb host tests: clients that connect
 * as an ALB node does (TLS without SNI, Host naming the domain) and may carry X-Forwarded-For.
 */

export interface ProxiedBurst {
    /** The host's address as the peer reaches it. */
    readonly target: string;
    /** The source address in the peer's namespace (the "ALB node" or a stranger). */
    readonly localAddress: string;
    readonly hostHeader: string;
    readonly path: string;
    /** One X-Forwarded-For value per request (null: no header); the burst's size is its length. */
    readonly forwardedFor: readonly (string | null)[];
}

/**
 * Opens every connection first, then writes all requests in one tick (as burstClientScript does),
 * so the burst reaches nginx inside one token interval. Prints one status code per line, in
 * request order.
 */
export function proxiedBurstScript(o: ProxiedBurst): string {
    return `const tls = require("tls");
const o = ${JSON.stringify(o)};
const count = o.forwardedFor.length;
const codes = new Array(count).fill(null);
let ready = 0, closed = 0;
const sockets = o.forwardedFor.map((xff, i) => {
    const s = tls.connect({ host: o.target, port: 443, localAddress: o.localAddress, rejectUnauthorized: false, ALPNProtocols: ["http/1.1"] }, () => {
        if (++ready === count) sockets.forEach((t, j) => {
            const x = o.forwardedFor[j];
            t.write("GET " + o.path + " HTTP/1.1\\r\\nHost: " + o.hostHeader + "\\r\\n" + (x === null ? "" : "X-Forwarded-For: " + x + "\\r\\n") + "Connection: close\\r\\n\\r\\n");
        });
    });
    let data = "";
    s.on("data", (d) => (data += d));
    s.on("error", () => {});
    s.on("close", () => { codes[i] = (/^HTTP\\/1\\.1 (\\d+)/.exec(data) || [])[1] || "000"; if (++closed === count) { console.log(codes.join("\\n")); process.exit(0); } });
    return s;
});
setTimeout(() => { console.log(codes.map((c) => c || "000").join("\\n")); process.exit(1); }, 20000);
`;
}
