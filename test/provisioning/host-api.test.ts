/**
 * The API host for real: a namespaced test host running Debian's sshd, nginx and fail2ban gets
 * the dev stack's units pushed over SSH by the exact scripts the remote commands run. Traffic
 * goes only to addresses inside the host's own namespace (127.0.0.1 admin, 127.0.0.66 stranger).
 */
import * as assert from "assert";
import { PushUnit } from "../../provisioning/model";
import { certbotLineage, certificatePaths, renderCertbotDeployHook } from "../../provisioning/render/nginx";
import { apiHostUnits } from "../../provisioning/roles/api";
import { pushExit } from "../../provisioning/render/push-script";
import { canCreateTestHosts, ExecResult, requireCapability, TestHost, waitFor } from "../helpers/test-host";
import { makeKeys, pushOverSsh, ssh, SshClient, startFail2ban, startNginx, startSshd, startUpstream, testHostOptions } from "../helpers/test-host-services";
import { burstClientScript } from "../helpers/test-host-files";
import { allFiles, stackConfig } from "./fixtures";
import { record } from "./measurements";
import { counted } from "../helpers/term-patterns";
import { authLogPath, fail2banPaths, nginxPaths } from "../../facts/host-paths";

const config = stackConfig("dev");
const units = apiHostUnits(
    {
        config,
        db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" },
        redis: { host: "cache.internal", port: 6379 },
        recordingsBucket: "irisx-dev-recordings-test",
        freeswitchPrivateIps: ["10.10.0.20"],
        host: testHostOptions,
    },
    { dbPassword: "test-db-password", redisAuthToken: "test-redis-token", eslPassword: "test-esl-password", apiKeyHashSecret: "test-api-key-hash-secret" },
);
const targets = allFiles(units).map((f) => f.path);
const cert = certificatePaths(config.domain);
const lineage = certbotLineage(config.domain);
const acme = "/root/test-acme";

/**
 * What certbot leaves after issuing (generation 1) or renewing (generation n): a certificate for
 * the domain signed by a test CA in archive/<domain>/, and live/<domain>/ symlinks to the newest.
 */
function certbotIssues(generation: number, into = lineage): string {
    const archive = `/etc/letsencrypt/archive/${config.domain}`;
    return `set -e
mkdir -p ${acme} ${archive} ${into}
[ -s ${acme}/ca.pem ] || openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=irisx test ACME CA" -keyout ${acme}/ca.key -out ${acme}/ca.pem 2>/dev/null
printf 'subjectAltName=DNS:${config.domain}\n' > ${acme}/san.ext
openssl req -newkey rsa:2048 -nodes -subj /CN=${config.domain} -keyout ${archive}/privkey${generation}.pem -out ${acme}/${generation}.csr 2>/dev/null
openssl x509 -req -in ${acme}/${generation}.csr -CA ${acme}/ca.pem -CAkey ${acme}/ca.key -CAcreateserial -days 2 -extfile ${acme}/san.ext -out ${archive}/cert${generation}.pem 2>/dev/null
cat ${archive}/cert${generation}.pem ${acme}/ca.pem > ${archive}/fullchain${generation}.pem
for f in privkey fullchain; do ln -sfn ../../archive/${config.domain}/\${f}${generation}.pem ${into}/\${f}.pem; done`;
}

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
    /** SHA-256 fingerprint and subject/issuer of a PEM certificate on the host, or of what nginx serves for the domain. */
    const certificate = (file?: string) =>
        host!.exec(`${file ? `openssl x509 -in ${file}` : `openssl s_client -connect 127.0.0.1:443 -servername ${config.domain} </dev/null 2>/dev/null | openssl x509`} -noout -fingerprint -sha256 -subject -issuer`).stdout.trim();
    const served = () => certificate();
    const runHook = (env: string) => host!.exec(`${env} ${nginxPaths.certbotDeployHook}`);
    /** nginx -s reload returns before the new workers answer: wait until the expected certificate is served. */
    const serves = async (expected: string) => (await waitFor(() => served() === expected, 10_000)) !== undefined;
    const verifiedHealth = () =>
        host!.exec(`curl -s --max-time 5 --cacert ${acme}/ca.pem --resolve ${config.domain}:443:127.0.0.1 -o /dev/null -w '%{http_code}' https://${config.domain}/health`);

    before(async function () {
        requireCapability(this, canCreateTestHosts());
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
        // The placeholder: self-signed for the domain, in our directory, nothing in certbot's.
        const placeholder = certificate(cert.fullchain);
        assert.match(placeholder, new RegExp(`subject=CN ?= ?${config.domain.replace(/\./g, "\\.")}\nissuer=CN ?= ?${config.domain.replace(/\./g, "\\.")}$`));
        assert.strictEqual(served(), placeholder);
        assert.strictEqual(host!.exec(`stat -c '%a %U %F' ${cert.privkey}`).stdout.trim(), "600 root regular file");
        assert.strictEqual(host!.exec("test -e /etc/letsencrypt/live").status, 1, "certbot's live folder is left to certbot");
        assert.strictEqual(host!.exec(`stat -c '%a %U' ${nginxPaths.certbotDeployHook}`).stdout.trim(), "755 root");
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

    it("rejects a broken nginx config in the staged tree: exit 3, no live file touched, nginx keeps serving", () => {
        const nginx = units.find((u) => u.name === "nginx")!;
        const broken: PushUnit = {
            ...nginx,
            files: nginx.files.map((f) => (f.path === nginxPaths.site ? { ...f, content: f.content + "\nthis_is_not_a_directive on;\n" } : f)),
        };
        const masterBefore = host!.exec("cat /run/nginx.pid").stdout;
        const before = fingerprint();
        const result = pushOverSsh(client, broken);
        assert.strictEqual(result.status, pushExit.rejected, result.stderr);
        assert.match(result.stderr, /rejected by the validator; nothing changed, the service runs on its current files/);
        assert.match(result.stderr, /unknown directive "this_is_not_a_directive" in \/etc\/nginx\/conf\.d\/irisx-api\.conf:\d+/, "the validator's own message, naming the live path");
        assert.strictEqual(fingerprint().split("\n").filter((l) => /^[0-9a-f]{64} /.test(l)).join(), before.split("\n").filter((l) => /^[0-9a-f]{64} /.test(l)).join());
        assert.strictEqual(host!.exec("cat /run/nginx.pid").stdout, masterBefore, "nginx kept running");
        assert.strictEqual(httpsHealth(), "200");
    });

    it("certbot's deploy hook switches nginx to the issued certificate, then to the renewed one", async () => {
        const installed = host!.exec(`cat ${nginxPaths.certbotDeployHook}`).stdout;
        assert.strictEqual(installed, renderCertbotDeployHook(config.domain), "the host runs exactly the rendered hook");
        const placeholder = served();
        assert.notStrictEqual(verifiedHealth().stdout, "200", "the placeholder does not verify against the test CA");

        // First issuance: certbot certonly --deploy-hook <hook> runs it with these variables.
        const issued = host!.exec(certbotIssues(1));
        assert.strictEqual(issued.status, 0, issued.stderr);
        const env = `RENEWED_LINEAGE=${lineage} RENEWED_DOMAINS=${config.domain}`;
        const first = runHook(env);
        assert.strictEqual(first.status, 0, first.stderr);
        assert.match(first.stdout, new RegExp(`nginx serves ${config.domain.replace(/\./g, "\\.")} with the certificate in ${lineage}`));
        const generation1 = certificate(`${lineage}/fullchain.pem`);
        assert.notStrictEqual(generation1, placeholder);
        assert.ok(await serves(generation1), `nginx still serves ${served()}`);
        assert.match(generation1, /issuer=CN ?= ?irisx test ACME CA$/);
        assert.strictEqual(verifiedHealth().stdout, "200", "the issued chain verifies against the test CA");
        assert.strictEqual(host!.exec(`readlink ${cert.fullchain} ${cert.privkey}`).stdout, `${lineage}/fullchain.pem\n${lineage}/privkey.pem\n`);
        assert.strictEqual(host!.exec(`test -e ${cert.placeholderNote}`).status, 1, "the placeholder note is gone");

        // Renewal: certbot renew moves the live links to generation 2 and runs the hook directory.
        assert.strictEqual(host!.exec(certbotIssues(2)).status, 0);
        const renewed = runHook(env);
        assert.strictEqual(renewed.status, 0, renewed.stderr);
        const generation2 = certificate(`${lineage}/fullchain.pem`);
        assert.notStrictEqual(generation2, generation1);
        assert.ok(await serves(generation2), `nginx still serves ${served()}`);
    });

    it("the deploy hook ignores other lineages and keeps the current certificate when nginx -t rejects the new one or it is an old placeholder", async () => {
        const current = served();
        const other = runHook("RENEWED_LINEAGE=/etc/letsencrypt/live/other.example RENEWED_DOMAINS=other.example");
        assert.strictEqual(other.status, 0, other.stderr);
        assert.match(other.stdout, /not for /);

        // A lineage whose key does not belong to its certificate: nginx -t refuses it.
        const mismatched = "/etc/letsencrypt/live/mismatched";
        const made = host!.exec(`mkdir -p ${mismatched} && cp ${lineage}/fullchain.pem ${mismatched}/ && openssl genrsa -out ${mismatched}/privkey.pem 2048 2>/dev/null`);
        assert.strictEqual(made.status, 0, made.stderr);
        const links = host!.exec(`readlink ${cert.fullchain} ${cert.privkey}`).stdout;
        const rejected = runHook(`RENEWED_LINEAGE=${mismatched} RENEWED_DOMAINS=${config.domain}`);
        assert.strictEqual(rejected.status, 1);
        assert.match(rejected.stderr, /nginx -t rejected the certificate in \/etc\/letsencrypt\/live\/mismatched; previous certificate restored/);
        assert.strictEqual(host!.exec(`readlink ${cert.fullchain} ${cert.privkey}`).stdout, links);
        assert.strictEqual(host!.exec(`ls -A ${cert.dir}`).stdout.trim().split("\n").sort().join(" "), "fullchain.pem privkey.pem", "no backup or temp file left behind");
        host!.exec(`rm -rf ${mismatched}`);

        // The placeholder an earlier push left in certbot's folder is not a certificate to serve.
        const stale = "/etc/letsencrypt/live/stale-placeholder";
        assert.strictEqual(host!.exec(`mkdir -p ${stale} && cp ${lineage}/fullchain.pem ${lineage}/privkey.pem ${stale}/ && touch ${stale}/IRISX-PLACEHOLDER`).status, 0);
        const refused = runHook(`RENEWED_LINEAGE=${stale} RENEWED_DOMAINS=${config.domain}`);
        assert.strictEqual(refused.status, 1);
        assert.match(refused.stderr, /holds the placeholder of an earlier push/);
        assert.strictEqual(host!.exec(`readlink ${cert.fullchain} ${cert.privkey}`).stdout, links);
        host!.exec(`rm -rf ${stale}`);
        assert.strictEqual(served(), current);
    });

    it("a re-push, identical or changed, keeps serving the issued certificate", async () => {
        const issued = certificate(`${lineage}/fullchain.pem`);
        const links = host!.exec(`readlink ${cert.fullchain} ${cert.privkey}`).stdout;
        const nginx = units.find((u) => u.name === "nginx")!;
        const same = pushOverSsh(client, nginx);
        assert.strictEqual(same.status, 0, same.stderr);
        assert.match(same.stdout, /unchanged/);

        // A changed site runs prepare, validate and reload: the placeholder step must leave the links alone.
        const changed: PushUnit = { ...nginx, files: nginx.files.map((f) => (f.path === nginxPaths.site ? { ...f, content: `${f.content}# re-push test\n` } : f)) };
        for (const unit of [changed, nginx]) {
            const result = pushOverSsh(client, unit);
            assert.strictEqual(result.status, 0, result.stderr);
            assert.match(result.stdout, /updated \/etc\/nginx\/conf\.d\/irisx-api\.conf/);
            assert.doesNotMatch(result.stdout, /placeholder/);
            assert.strictEqual(host!.exec(`readlink ${cert.fullchain} ${cert.privkey}`).stdout, links);
            assert.ok(await serves(issued), `nginx serves ${served()} instead of the issued certificate`);
        }
        assert.strictEqual(verifiedHealth().stdout, "200");
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

    let strangerLogins = 0;
    it("sshd: 5 failed logins from 127.0.0.66 get it banned within seconds; the admin still logs in", async () => {
        let last = 0;
        for (let i = 0; i < 5; i++) {
            const attempt = ssh(client, "true", { source: "127.0.0.66", user: `intruder${i}`, key: client.keys.stranger });
            assert.notStrictEqual(attempt.status, 0, "a stranger must not get in");
            strangerLogins++;
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

    it("the CloudWatch metric filters count exactly the security events this host logged: 429s, failed logins, bans", () => {
        const lines = (file: string) => host!.exec(`cat ${file}`).stdout.split("\n").filter(Boolean);
        const access = lines(nginxPaths.accessLog);
        const limited = access.filter((line) => /" status=429 \d+ /.test(line));
        assert.ok(limited.length >= 19, `${limited.length} rate-limited requests logged`);
        assert.deepStrictEqual(counted("Nginx429Responses", access), limited);

        const auth = lines(authLogPath);
        assert.ok(auth.some((line) => /Accepted publickey for root from 127\.0\.0\.1/.test(line)), "the admin's logins are in the log");
        const failures = counted("SshAuthFailures", auth);
        assert.strictEqual(failures.length, strangerLogins, failures.join("\n"));
        assert.ok(failures.every((line) => line.includes("127.0.0.66")), failures.join("\n"));

        const fail2ban = lines(fail2banPaths.log);
        const bans = fail2ban.filter((line) => /NOTICE +\[[\w-]+\] Ban \S+$/.test(line));
        assert.ok(bans.length >= 2, `bans logged: ${bans.length}`);
        assert.deepStrictEqual(counted("Fail2banBans", fail2ban), bans);
        record("log metric filters on the API test host's real logs", `${limited.length} x 429, ${failures.length} SSH failures, ${bans.length} bans counted`);
    });
});
