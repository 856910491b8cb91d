/**
 * nginx behind the load balancer (edge alb) for real: the alb-mode nginx unit pushed onto a
 * namespaced test host running Debian's nginx, reached from a peer namespace by a "load balancer"
 * inside the trusted CIDR (the VPC) and by a stranger outside it. Every address is inside the
 * namespaces the test made; the X-Forwarded-For values are only header text.
 */
import * as assert from "assert";
import { albHealthCheckPath } from "../../facts/edge";
import { nginxPaths } from "../../facts/host-paths";
import { PushUnit } from "../../provisioning/model";
import { renderPushScript } from "../../provisioning/render/push-script";
import { apiHostUnits } from "../../provisioning/roles/api";
import { placeholderWafIpSet } from "../../provisioning/preview";
import { canCreateTestHosts, requireCapability, sleep, TestHost } from "../helpers/test-host";
import { TestPeer } from "../helpers/test-peer";
import { startUpstream, testHostOptions } from "../helpers/test-host-services";
import { proxiedBurstScript } from "../helpers/proxied-client";
import { stackConfig } from "./fixtures";
import { record } from "./measurements";

const [hostIp, balancer, stranger] = ["10.198.0.1", "10.198.0.10", "192.0.2.10"];
const config = { ...stackConfig("dev"), edge: "alb" as const, vpcCidr: "10.198.0.0/16" };
const [clientA, clientB, forged] = ["203.0.113.7", "203.0.113.8", "198.51.100.99"];

function albUnits(): PushUnit[] {
    return apiHostUnits(
        {
            config,
            db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" },
            redis: { host: "cache.internal", port: 6379 },
            recordingsBucket: "irisx-dev-recordings-test",
            freeswitchPrivateIps: ["10.198.0.20"],
            host: testHostOptions,
            // Only the nginx unit is pushed here; the bans are host-api-waf.test.ts's.
            waf: placeholderWafIpSet(config),
        },
        { dbPassword: "test-db-password", redisAuthToken: "test-redis-token", eslPassword: "test-esl-password", apiKeyHashSecret: "test-hash" },
    );
}

describe("nginx behind the load balancer on a test host (edge alb: client address from a trusted X-Forwarded-For)", function () {
    this.timeout(180_000);
    let host: TestHost | undefined;
    let peer: TestPeer | undefined;
    const nginx = albUnits().find((u) => u.name === "nginx")!;

    /** One request from `source` in the peer namespace, as an ALB node sends it: no SNI, Host as given. */
    const request = (source: string, path: string, opts: { xff?: string; hostHeader?: string } = {}) =>
        peer!.exec(["curl", "-sk", "--max-time", "5", "--interface", source, "-H", `Host: ${opts.hostHeader ?? config.domain}`,
            ...(opts.xff ? ["-H", `X-Forwarded-For: ${opts.xff}`] : []), "-w", "\n%{http_code}", `https://${hostIp}${path}`]).stdout;
    const burst = (source: string, forwardedFor: (string | null)[], path = "/v1/calls") => {
        const r = peer!.exec([process.execPath, "-e", proxiedBurstScript({ target: hostIp, localAddress: source, hostHeader: config.domain, path, forwardedFor })]);
        assert.strictEqual(r.status, 0, r.stdout + r.stderr);
        return r.stdout.trim().split("\n");
    };
    const count = (codes: string[], code: string) => codes.filter((c) => c === code).length;
    /** The access-log lines of requests whose path holds `tag`. */
    const logged = (tag: string) => host!.exec(`grep -F -- ${JSON.stringify(tag)} ${nginxPaths.accessLog} || true`).stdout.trim().split("\n").filter(Boolean);
    /** Let every bucket refill (10 r/s, burst 20) before a burst. */
    const refill = () => sleep(2500);

    before(async function () {
        requireCapability(this, canCreateTestHosts());
        host = await TestHost.create("alb");
        peer = TestPeer.create(host, hostIp, [balancer, stranger]);
        const started = host.exec("nginx");
        assert.strictEqual(started.status, 0, started.stderr);
        await startUpstream(host, config.appPort);
    });

    after(() => {
        peer?.destroy();
        host?.destroy();
    });

    it("the alb nginx unit pushes cleanly: a long-lived self-signed certificate for the ALB hop, no certbot hook", () => {
        const result = host!.exec("bash -s", { input: renderPushScript(nginx, "root") });
        assert.strictEqual(result.status, 0, result.stderr);
        assert.match(result.stdout, /self-signed certificate for the load balancer's hop created/);
        assert.ok(!nginx.files.some((f) => f.path === nginxPaths.certbotDeployHook), "no certbot deploy hook behind the ALB");
        const days = host!.exec("openssl x509 -in /etc/irisx/tls/alb-target/fullchain.pem -noout -checkend $((3649*86400)) && echo valid-for-ten-years");
        assert.match(days.stdout, /valid-for-ten-years/, days.stdout + days.stderr);
        const again = host!.exec("bash -s", { input: renderPushScript(nginx, "root") });
        assert.strictEqual(again.status, 0, again.stderr);
        assert.match(again.stdout, /unchanged/);
    });

    it("answers the ALB's health check itself (no SNI, the target's address as Host), speaks only TLS 1.2/1.3, logs nothing for it", () => {
        const before = host!.exec(`wc -l < ${nginxPaths.accessLog}`).stdout.trim();
        const byAddress = request(balancer, albHealthCheckPath, { hostHeader: `${hostIp}:443` });
        assert.strictEqual(byAddress, "ok\n\n200", "nginx's own answer, not the app's (which echoes the path)");
        assert.strictEqual(request(balancer, albHealthCheckPath), "ok\n\n200");
        assert.strictEqual(host!.exec(`wc -l < ${nginxPaths.accessLog}`).stdout.trim(), before, "health checks are not logged");
        assert.strictEqual(request(balancer, "/v1/calls", { hostHeader: "stranger.example" }).endsWith("000"), true, "another Host gets no answer");
        for (const [flag, ok] of [["--tlsv1.1 --tls-max 1.1", false], ["--tlsv1.2 --tls-max 1.2", true], ["--tlsv1.3", true]] as const) {
            const r = peer!.exec(["sh", "-c", `curl -sk ${flag} --max-time 5 --interface ${balancer} -o /dev/null -w '%{http_code}' https://${hostIp}${albHealthCheckPath}`]);
            assert.strictEqual(r.stdout === "200", ok, `${flag}: ${r.stdout}`);
        }
    });

    it("logs and forwards the client X-Forwarded-For names when the peer is the trusted load balancer, not an address the client forged", () => {
        const answer = request(balancer, "/v1/who?tag=trusted-xff", { xff: `${forged}, ${clientA}` });
        assert.match(answer, /200$/);
        assert.match(answer, new RegExp(`"x-forwarded-for":"${clientA.replace(/\./g, "\\.")}"`), "the app receives the client, not the chain");
        const lines = logged("tag=trusted-xff");
        assert.strictEqual(lines.length, 1, lines.join("\n"));
        assert.ok(lines[0].startsWith(`${clientA} - `), lines[0]);
    });

    it("ignores X-Forwarded-For from an untrusted peer: the log shows the peer", () => {
        const answer = request(stranger, "/v1/who?tag=untrusted-xff", { xff: clientA });
        assert.match(answer, new RegExp(`"x-forwarded-for":"${stranger.replace(/\./g, "\\.")}"`));
        const lines = logged("tag=untrusted-xff");
        assert.strictEqual(lines.length, 1, lines.join("\n"));
        assert.ok(lines[0].startsWith(`${stranger} - `), lines[0]);
    });

    it("limits per forwarded client behind the load balancer: one client over the limit gets 429, a second client behind the same proxy has its own bucket", async () => {
        await refill();
        const a = burst(balancer, Array(40).fill(clientA));
        const b = burst(balancer, Array(21).fill(clientB));
        record("alb: 40 requests of one forwarded client, then 21 of another, same proxy", `${count(a, "200")}/${count(a, "429")} and ${count(b, "200")}/${count(b, "429")} (200/429)`);
        assert.deepStrictEqual({ ok: count(a, "200"), limited: count(a, "429") }, { ok: 21, limited: 19 });
        assert.deepStrictEqual({ ok: count(b, "200"), limited: count(b, "429") }, { ok: 21, limited: 0 });
        const errors = host!.exec(`grep -c 'limiting requests.*client: ${clientA}' ${nginxPaths.errorLog}`).stdout.trim();
        assert.ok(Number(errors) >= 19, `the error log names the forwarded client in its limit lines (fail2ban reads them): ${errors}`);
    });

    it("limits an untrusted peer by its own address whatever X-Forwarded-For it sends", async () => {
        await refill();
        const spread = Array.from({ length: 40 }, (_, i) => `203.0.113.${100 + i}`);
        const codes = burst(stranger, spread);
        record("alb: 40 requests from an untrusted peer, each with another X-Forwarded-For", `${count(codes, "200")} x 200, ${count(codes, "429")} x 429`);
        assert.deepStrictEqual({ ok: count(codes, "200"), limited: count(codes, "429") }, { ok: 21, limited: 19 });
    });
});
