/**
 * The API host for real: a namespaced test host running Debian's sshd, nginx and fail2ban gets
 * the dev stack's units pushed over SSH by the exact scripts the remote commands run. Traffic
 * goes only to addresses inside the host's own namespace (127.0.0.1 admin, 127.0.0.66 stranger).
 */
import * as assert from "assert";
import { PushUnit } from "../../provisioning/model";
import { nginxPaths } from "../../provisioning/render/nginx";
import { apiHostUnits } from "../../provisioning/roles/api";
import { canCreateTestHosts, ExecResult, TestHost, waitFor } from "../helpers/test-host";
import { makeKeys, pushOverSsh, ssh, SshClient, startFail2ban, startNginx, startSshd, startUpstream, testHostOptions } from "../helpers/test-host-services";
import { burstClientScript } from "../helpers/test-host-files";
import { allFiles, stackConfig } from "./fixtures";
import { record } from "./measurements";

const config = stackConfig("dev");
const units = apiHostUnits(
    {
        config,
        db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" },
        redis: { host: "cache.internal", port: 6379 },
        recordingsBucket: "irisx-dev-recordings-test",
        freeswitchPrivateIp: "10.10.0.20",
        host: testHostOptions,
    },
    { dbPassword: "test-db-password", redisAuthToken: "test-redis-token", eslPassword: "test-esl-password" },
);
const targets = allFiles(units).map((f) => f.path);

describe("API host provisioning on a test host (real sshd, nginx, fail2ban over SSH)", function () {
    this.timeout(120_000);
    let host: TestHost | undefined;
    let client: SshClient;

    const curl = (args: string[], source = "127.0.0.1"): ExecResult =>
        host!.execNet(["curl", "-sk", "--max-time", "5", "--interface", source, "--resolve", `${config.domain}:443:127.0.0.1`, ...args]);
    const httpsHealth = (source?: string) => curl(["-o", "/dev/null", "-w", "%{http_code}", `https://${config.domain}/health`], source).stdout;
    const fingerprint = () => host!.exec(`stat -c '%n %Y %a %U:%G' ${targets.join(" ")} && sha256sum ${targets.join(" ")}`).stdout;
    const pushAll = (list: readonly PushUnit[]) => list.map((unit) => ({ unit, result: pushOverSsh(client, unit) }));
    const banned = (chain: string, ip: string) => host!.exec(`iptables -S ${chain} 2>/dev/null`).stdout.includes(`-s ${ip}/32 -j REJECT`);

    before(async function () {
        const can = canCreateTestHosts();
        if (!can.ok) this.skip();
        host = await TestHost.create("api");
        const keys = makeKeys(host);
        await startSshd(host, keys);
        startNginx(host);
        startFail2ban(host);
        await startUpstream(host, config.appPort);
        client = { host, keys };
    });

    after(() => host?.destroy());

    it("first push of every unit succeeds and nginx then serves the domain over HTTPS", () => {
        for (const { unit, result } of pushAll(units)) {
            assert.strictEqual(result.status, 0, `${unit.name}: ${result.stderr}`);
            assert.match(result.stdout, /updated /, unit.name);
            record(`push api/${unit.name} (first)`, `${result.totalMs} ms`);
        }
        assert.strictEqual(httpsHealth(), "200");
        const headers = curl(["-D-", "-o", "/dev/null", `https://${config.domain}/health`]).stdout;
        assert.match(headers, /^strict-transport-security: max-age=63072000/im);
        assert.doesNotMatch(headers, /^server: nginx\//im, "server_tokens off hides the version");
        const redirect = host!.execNet(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "-H", `Host: ${config.domain}`, "http://127.0.0.1/v1/calls?x=1"]).stdout;
        assert.strictEqual(redirect, `308 https://${config.domain}/v1/calls?x=1`);
        assert.strictEqual(host!.exec("stat -c '%a %U' /etc/irisx/api.env").stdout.trim(), "600 root");
    });

    it("re-pushing identical content reports unchanged and leaves every file's mtime alone", async () => {
        const before = fingerprint();
        await new Promise((r) => setTimeout(r, 1100)); // a rewrite would now show a new mtime
        for (const { unit, result } of pushAll(units)) {
            assert.strictEqual(result.status, 0, result.stderr);
            assert.match(result.stdout, /unchanged/, unit.name);
            record(`push api/${unit.name} (unchanged)`, `${result.totalMs} ms`);
        }
        assert.strictEqual(fingerprint(), before);
    });

    it("rejects a broken nginx config, restores the previous files and keeps serving", () => {
        const nginx = units.find((u) => u.name === "nginx")!;
        const broken: PushUnit = {
            ...nginx,
            files: nginx.files.map((f) => (f.path === nginxPaths.site ? { ...f, content: f.content + "\nthis_is_not_a_directive on;\n" } : f)),
        };
        const masterBefore = host!.exec("cat /run/nginx.pid").stdout;
        const before = fingerprint();
        const result = pushOverSsh(client, broken);
        assert.notStrictEqual(result.status, 0);
        assert.match(result.stderr, /rejected by the validator; previous files restored/);
        assert.match(result.stderr, /unknown directive "this_is_not_a_directive"/, "the validator's own message");
        assert.strictEqual(fingerprint().split("\n").filter((l) => /^[0-9a-f]{64} /.test(l)).join(), before.split("\n").filter((l) => /^[0-9a-f]{64} /.test(l)).join());
        assert.strictEqual(host!.exec("cat /run/nginx.pid").stdout, masterBefore, "nginx kept running");
        assert.strictEqual(httpsHealth(), "200");
    });

    it("lets 21 of 40 simultaneous requests through and answers the other 19 with 429", async () => {
        await new Promise((r) => setTimeout(r, 2500)); // let the bucket refill after earlier requests
        const burst = host!.execNet([process.execPath, "-e", burstClientScript(40, config.domain, "/health", "127.0.0.1")]);
        assert.strictEqual(burst.status, 0, burst.stdout + burst.stderr);
        const codes = burst.stdout.trim().split("\n");
        const count = (code: string) => codes.filter((c) => c === code).length;
        record("40 simultaneous requests (admin source)", `${count("200")} x 200, ${count("429")} x 429`);
        assert.deepStrictEqual({ ok: count("200"), limited: count("429"), total: codes.length }, { ok: 21, limited: 19, total: 40 });
    });

    it("nginx-limit-req: bans a flooding source within seconds while the admin source is still served", async () => {
        const codes = host!.execNet([process.execPath, "-e", burstClientScript(40, config.domain, "/health", "127.0.0.66")]).stdout;
        assert.ok(codes.includes("429"), "the flood was rate limited");
        const latency = await waitFor(() => banned("f2b-nginx-limit-req", "127.0.0.66"), 15_000);
        record("nginx-limit-req ban latency (end of flood to REJECT rule)", `${latency} ms`);
        assert.ok(latency !== undefined, "127.0.0.66 was not banned");
        assert.notStrictEqual(httpsHealth("127.0.0.66"), "200", "the banned source is refused");
        await new Promise((r) => setTimeout(r, 200));
        assert.strictEqual(httpsHealth("127.0.0.1"), "200");
    });

    it("sshd: 5 failed logins from 127.0.0.66 get it banned within seconds; the admin still logs in", async () => {
        let last = 0;
        for (let i = 0; i < 5; i++) {
            const attempt = ssh(client, "true", { source: "127.0.0.66", user: `intruder${i}`, key: client.keys.stranger });
            assert.notStrictEqual(attempt.status, 0, "a stranger must not get in");
            last = Date.now();
            if (banned("f2b-sshd", "127.0.0.66")) break;
        }
        const waited = await waitFor(() => banned("f2b-sshd", "127.0.0.66"), 15_000);
        assert.ok(waited !== undefined, `127.0.0.66 was not banned:\n${host!.exec("tail -20 /var/log/auth.log").stdout}`);
        record("sshd ban latency (last failed login to REJECT rule)", `${Date.now() - last} ms (poll step 100 ms)`);
        const admin = ssh(client, "echo admin-in");
        assert.strictEqual(admin.stdout.trim(), "admin-in");
        const refused = ssh(client, "true", { source: "127.0.0.66" });
        assert.match(refused.stderr, /refused|timed out/i);
    });
});
