/**
 * What the rendered files mean, checked on every committed stack: the rate-limit numbers, the
 * TLS/header policy, the jails, the ACL lists, the ESL bind address, the env file's URLs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ports } from "../../facts/ports";
import { managedNotice } from "../../provisioning/render/header";
import { renderApiEnv } from "../../provisioning/render/api-env";
import { aclNames } from "../../provisioning/render/freeswitch";
import { addressInCidr, fakeApiSecrets, fakeFreeswitchSecrets, previewHosts } from "../../provisioning/preview";
import { apiHostUnits } from "../../provisioning/roles/api";
import { freeswitchHostUnits } from "../../provisioning/roles/freeswitch";
import { PushUnit } from "../../provisioning/model";
import { allFiles, fileAt, hostsOf, run, stackConfig, stacks, tempDir, xpath } from "./fixtures";
import { agentPaths, apiEnvPath, fail2banPaths, freeswitchPaths, nginxPaths } from "../../facts/host-paths";

const param = (xml: string, name: string) => xpath(xml, `//settings/param[@name="${name}"]/@value`);

for (const stack of stacks) {
    describe(`provisioning renderers (${stack})`, () => {
        const config = stackConfig(stack);
        const hosts = hostsOf(stack);
        const site = fileAt(hosts.api, nginxPaths.site).content;

        it("starts every file with the managed-by line, after the XML declaration if any (JSON, which has no comments, aside)", () => {
            const files = [...allFiles(hosts.api), ...allFiles(hosts.freeswitch)];
            // The agent's schema refuses unknown keys, so its JSON cannot carry the notice.
            assert.deepStrictEqual([...new Set(files.filter((f) => f.path.endsWith(".json")).map((f) => f.path))], [agentPaths.config]);
            for (const file of files.filter((f) => !f.path.endsWith(".json"))) {
                const first = file.content.replace(/^<\?xml[^>]*\?>\n/, "").replace(/^#!\S+\n/, "").split("\n")[0];
                assert.match(first, new RegExp(`^(# |<!-- )${managedNotice}`), file.path);
            }
        });

        it("rate-limits at 10 r/s with a burst of 20 and answers 429", () => {
            assert.match(site, /limit_req_zone \$binary_remote_addr zone=api:10m rate=10r\/s;/);
            assert.match(site, /^\s*limit_req zone=api burst=20 nodelay;$/m);
            assert.match(site, /^\s*limit_req_status 429;$/m);
        });

        it("proxies to the app on 127.0.0.1:<appPort> with the forwarding headers, /health included", () => {
            assert.match(site, new RegExp(`server 127\\.0\\.0\\.1:${config.appPort};`));
            for (const header of ["Host \\$host", "X-Real-IP \\$remote_addr", "X-Forwarded-For \\$remote_addr", "X-Forwarded-Proto \\$scheme"]) {
                assert.match(site, new RegExp(`proxy_set_header ${header};`));
            }
            assert.match(site, /location = \/health \{\s*proxy_pass http:\/\/irisx_api;/);
        });

        it("redirects port 80 with 308 to the configured domain, never the client's Host, except ACME challenges", () => {
            assert.match(site, /location \^~ \/\.well-known\/acme-challenge\/ \{\s*root \/var\/www\/acme;/);
            assert.ok(site.includes(`return 308 https://${config.domain}$request_uri;`));
            assert.doesNotMatch(site, /https:\/\/\$host/);
        });

        it("serves the stack's domain over TLS 1.2/1.3 with HSTS, the security headers and our own certificate paths", () => {
            assert.match(site, /listen 443 ssl http2;/);
            assert.doesNotMatch(site, /http2 on;/, "nginx 1.22 has no `http2 on`");
            assert.match(site, new RegExp(`server_name ${config.domain.replace(/\./g, "\\.")};`));
            assert.match(site, new RegExp(`ssl_certificate /etc/irisx/tls/${config.domain}/fullchain.pem;`));
            assert.match(site, new RegExp(`ssl_certificate_key /etc/irisx/tls/${config.domain}/privkey.pem;`));
            assert.doesNotMatch(site, /letsencrypt/, "certbot's own directories are certbot's");
            // At http{} level, so the reject-handshake default server offers them too (host-api-audit.test.ts proves it).
            assert.match(fileAt(hosts.api, nginxPaths.main).content, /^    ssl_protocols TLSv1\.2 TLSv1\.3;$/m);
            for (const header of ['Strict-Transport-Security "max-age=63072000"', 'X-Content-Type-Options "nosniff"', 'X-Frame-Options "DENY"',
                "Content-Security-Policy \"frame-ancestors 'none'\"", 'Referrer-Policy "no-referrer"', 'Cache-Control "no-store"']) {
                assert.ok(site.includes(`add_header ${header} always;`), header);
            }
            assert.match(fileAt(hosts.api, nginxPaths.main).content, /^\s*server_tokens off;$/m);
        });

        it("ships certbot's deploy hook (0755, in the nginx unit) and a placeholder step that never replaces an existing pair", () => {
            const nginx = hosts.api.find((u) => u.name === "nginx")!;
            const hook = nginx.files.find((f) => f.path === nginxPaths.certbotDeployHook);
            assert.ok(hook, "the nginx unit carries the hook");
            assert.strictEqual(hook.mode, "0755");
            assert.match(hook.content, /^#!\/bin\/sh\n# managed by irisx-infra/);
            assert.ok(hook.content.includes(`tls=/etc/irisx/tls/${config.domain}\n`));
            assert.ok(hook.content.includes(`lineage=\${RENEWED_LINEAGE:-/etc/letsencrypt/live/${config.domain}}`));
            assert.match(hook.content, /ln -sfn "\$lineage\/\$f"/);
            assert.match(hook.content, /nginx -t/);
            assert.strictEqual(nginx.validate, `sh -n $tree${nginxPaths.certbotDeployHook} && nginx -t -c $tree${nginxPaths.main}`, "both checked in the staged tree");
            assert.doesNotMatch(nginx.prepare, /(-keyout|-out|install -d -m \d+|>) \/etc\/letsencrypt/, "the placeholder stays out of certbot's folder");
            assert.match(nginx.prepare, new RegExp(`-keyout /etc/irisx/tls/${config.domain}/privkey\\.pem\\.irisx-new -out /etc/irisx/tls/${config.domain}/fullchain\\.pem\\.irisx-new`));
            for (const f of ["fullchain", "privkey"]) {
                const p = `/etc/irisx/tls/${config.domain}/${f}.pem`;
                assert.ok(nginx.prepare.includes(`[ ! -e ${p} ] && [ ! -L ${p} ]`), `prepare checks ${p} for a file or a link`);
            }
        });

        it("bans after 5 failures, never the VPC or the signalling peers, through iptables", () => {
            for (const units of [hosts.api, hosts.freeswitch]) {
                const jails = fileAt(units, fail2banPaths.jails).content;
                assert.match(jails, /^maxretry = 5$/m);
                assert.match(jails, /^banaction = iptables-multiport$/m);
                const ignore = /^ignoreip = (.*)$/m.exec(jails)![1].split(" ");
                assert.deepStrictEqual(ignore, ["127.0.0.1/8", "::1", config.vpcCidr, ...config.sipSignallingPeers]);
                assert.match(jails, /\[sshd\]\nenabled = true\nmode = normal\nport = 22\nbackend = systemd\n/);
            }
        });

        it("gives the API host an nginx-limit-req jail and the FreeSWITCH host a freeswitch jail with the fixed filter", () => {
            const api = fileAt(hosts.api, fail2banPaths.jails).content;
            const fs = fileAt(hosts.freeswitch, fail2banPaths.jails).content;
            assert.match(api, /\[nginx-limit-req\]\nenabled = true\nport = http,https\nbackend = auto\nlogpath = \/var\/log\/nginx\/error\.log\n/);
            assert.doesNotMatch(api, /\[freeswitch\]/);
            assert.match(fs, /\[freeswitch\]\nenabled = true\nfilter = freeswitch\nport = 5060,5061\nbackend = auto\nlogpath = \/var\/log\/freeswitch\/freeswitch\.log\nmaxretry = 5\n/);
            assert.doesNotMatch(fs, /\[nginx-limit-req\]/);
            assert.match(fileAt(hosts.freeswitch, fail2banPaths.freeswitchFilter).content, /^_pref_line = .*%%\)\?$/m);
        });

        const fsInput = { apiIp: addressInCidr(config.vpcCidr, 10), fsIp: addressInCidr(config.vpcCidr, 20) };
        const acl = fileAt(hosts.freeswitch, freeswitchPaths.acl).content;
        const esl = fileAt(hosts.freeswitch, freeswitchPaths.eventSocket).content;
        const sofia = fileAt(hosts.freeswitch, freeswitchPaths.sofia).content;

        it("ACL: default-deny lists of exactly the signalling peers, and for ESL the API host's and FreeSWITCH's own /32", () => {
            assert.deepStrictEqual(xpath(acl, "/configuration/network-lists/list/@default"), ["deny", "deny"]);
            assert.deepStrictEqual(xpath(acl, `//list[@name="${aclNames.signalling}"]/node[@type="allow"]/@cidr`), [...config.sipSignallingPeers]);
            assert.deepStrictEqual(xpath(acl, `//list[@name="${aclNames.esl}"]/node/@cidr`), [`${fsInput.apiIp}/32`, `${fsInput.fsIp}/32`]);
            assert.deepStrictEqual(xpath(acl, "//node[@type!='allow']"), []);
        });

        it("ESL: binds the FreeSWITCH private IP on 8021, generated password, API-only ACL", () => {
            assert.deepStrictEqual(param(esl, "listen-ip"), [fsInput.fsIp]);
            assert.deepStrictEqual(param(esl, "listen-port"), [String(ports.esl.from)]);
            assert.deepStrictEqual(param(esl, "apply-inbound-acl"), [aclNames.esl]);
            assert.notDeepStrictEqual(param(esl, "password"), ["ClueCon"]);
        });

        it("SIP profile: authenticates everyone outside the peer ACL, logs auth failures, no register ACL", () => {
            for (const [name, value] of [["auth-calls", "true"], ["accept-blind-auth", "false"], ["accept-blind-reg", "false"], ["log-auth-failures", "true"], ["auth-all-packets", "false"]]) {
                assert.deepStrictEqual(param(sofia, name), [value], name);
            }
            assert.deepStrictEqual(param(sofia, "apply-inbound-acl"), [aclNames.signalling]);
            assert.deepStrictEqual(param(sofia, "apply-register-acl"), []);
            assert.deepStrictEqual(param(sofia, "sip-ip"), [fsInput.fsIp]);
            assert.deepStrictEqual(param(sofia, "tls"), [String(config.sipTls)]);
        });

        it("vars: no default_password=1234, TLS 1.2/1.3 only; switch: the security group's RTP range", () => {
            const vars = fileAt(hosts.freeswitch, freeswitchPaths.vars).content;
            const sets = xpath(vars, "/include/X-PRE-PROCESS[@cmd='set']/@data");
            assert.ok(sets.some((s) => /^default_password=(?!1234$).+/.test(s)), sets.join(" "));
            assert.ok(sets.includes("sip_tls_version=tlsv1.2,tlsv1.3"));
            const sw = fileAt(hosts.freeswitch, freeswitchPaths.switch).content;
            assert.deepStrictEqual([...param(sw, "rtp-start-port"), ...param(sw, "rtp-end-port")], [String(ports.rtp.from), String(ports.rtp.to)]);
        });

        it("api.env: mode 0600, loopback HOST beside the stack's port, CORS origins, TLS URLs for Postgres and Redis", () => {
            const env = fileAt(hosts.api, apiEnvPath);
            assert.strictEqual(env.mode, "0600");
            assert.match(env.content, new RegExp(`^HOST=127\\.0\\.0\\.1\nPORT=${config.appPort}$`, "m"));
            assert.match(env.content, new RegExp(`^PUBLIC_BASE_URL=https://${config.domain.replace(/\./g, "\\.")}$`, "m"));
            assert.match(env.content, /^API_KEY_HASH_SECRET=FAKE-API-KEY-HASH-SECRET-NOT-A-SECRET$/m);
            // The committed stacks are in no rotation window and set no trunk token.
            assert.doesNotMatch(env.content, /^(API_KEY_HASH_SECRET_PREVIOUS|TRUNK_AUTH_TOKEN)=/m);
            assert.match(env.content, new RegExp(`^CORS_ORIGINS=${config.corsOrigins.join(",").replace(/[./]/g, "\\$&")}$`, "m"));
            assert.match(env.content, /^DATABASE_URL=postgres:\/\/irisx:[^@]+@[^:]+:5432\/irisx\?sslmode=require$/m);
            assert.match(env.content, /^REDIS_URL=rediss:\/\/:[^@]+@[^:]+:6379$/m);
            assert.match(env.content, /^RECORDINGS_BUCKET=\S+$/m);
        });
    });
}

describe("provisioning renderers (secrets)", () => {
    const input = {
        appPort: 9847,
        corsOrigins: ["https://a.example"],
        db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" },
        redis: { host: "cache.internal", port: 6379 },
        recordingsBucket: "b",
        esl: [{ host: "10.0.0.20", port: 8021 }],
        publicBaseUrl: "https://api.a.example",
    };

    it("URL-encodes the database password and the Redis token", () => {
        const env = renderApiEnv(input, { dbPassword: "p@ss/w:rd%#?", redisAuthToken: "t@k:n", eslPassword: "e", apiKeyHashSecret: "h" });
        assert.match(env, /^DATABASE_URL=postgres:\/\/irisx:p%40ss%2Fw%3Ard%25%23%3F@db\.internal:5432\/irisx\?sslmode=require$/m);
        assert.match(env, /^REDIS_URL=rediss:\/\/:t%40k%3An@cache\.internal:6379$/m);
    });

    it("refuses a value that would break the env file, without echoing it", () => {
        assert.throws(() => renderApiEnv({ ...input, recordingsBucket: "a b" }, { dbPassword: "x", redisAuthToken: "y", eslPassword: "SECRET-zz", apiKeyHashSecret: "h" }), (e: Error) => !e.message.includes("SECRET-zz"));
        assert.throws(
            () => renderApiEnv(input, { dbPassword: "x", redisAuthToken: "y", eslPassword: "e", apiKeyHashSecret: "h", trunkAuthToken: "SECRET 'zz'" }),
            (e: Error) => /TRUNK_AUTH_TOKEN would contain/.test(e.message) && !e.message.includes("SECRET"),
        );
    });

    it("adds the previous hashing secret and the trunk token only when given", () => {
        const secrets = { dbPassword: "x", redisAuthToken: "y", eslPassword: "e", apiKeyHashSecret: "current" };
        const names = (env: string) => env.split("\n").filter((l) => /^API_KEY|^TRUNK/.test(l));
        assert.deepStrictEqual(names(renderApiEnv(input, secrets)), ["API_KEY_HASH_SECRET=current"]);
        assert.deepStrictEqual(names(renderApiEnv(input, { ...secrets, apiKeyHashSecretPrevious: "before", trunkAuthToken: "tok" })), [
            "API_KEY_HASH_SECRET=current", "API_KEY_HASH_SECRET_PREVIOUS=before", "TRUNK_AUTH_TOKEN=tok",
        ]);
    });
});

describe("provisioning units (secrets)", () => {
    const config = stackConfig("prod");
    const preview = previewHosts(config);
    const apiValues = {
        config,
        db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" },
        redis: { host: "cache.internal", port: 6379 },
        recordingsBucket: "b",
        freeswitchPrivateIps: ["10.30.0.20"],
    };
    const fsValues = { config, freeswitchPrivateIp: "10.30.0.20", freeswitchPublicIp: "198.51.100.20", apiPrivateIps: ["10.30.0.10"] };
    const realApi = apiHostUnits(apiValues, { dbPassword: "REAL-db", redisAuthToken: "REAL-redis", eslPassword: "REAL-esl", apiKeyHashSecret: "REAL-hash", trunkAuthToken: "REAL-trunk-token" });
    const fakeApi = apiHostUnits(apiValues, fakeApiSecrets);
    const realFs = freeswitchHostUnits(fsValues, { eslPassword: "REAL-esl", defaultPassword: "REAL-default" });
    const fakeFs = freeswitchHostUnits(fsValues, fakeFreeswitchSecrets);

    it("marks exactly the units that carry a secret (api.env, FreeSWITCH XML) as secret", () => {
        assert.deepStrictEqual(preview.api.filter((u) => u.secret).map((u) => u.name), ["api-env"]);
        assert.deepStrictEqual(preview.freeswitch.filter((u) => u.secret).map((u) => u.name), ["freeswitch"]);
    });

    it("renders units not marked secret identically whatever the secrets are", () => {
        for (const [real, fake] of [[realApi, fakeApi], [realFs, fakeFs]]) {
            real.forEach((unit, i) => {
                const same = JSON.stringify(unit) === JSON.stringify(fake[i]);
                assert.strictEqual(same, !unit.secret, `${unit.name}: secret=${unit.secret} but content ${same ? "ignores" : "depends on"} the secrets`);
            });
        }
        const text = JSON.stringify([...realApi, ...realFs].filter((u) => !u.secret));
        assert.ok(!text.includes("REAL-"), "a secret leaked into a non-secret unit");
    });

    it("renders units not marked secret from config alone, identical to the preview whatever the hosts' addresses", () => {
        // provisioning/index.ts pushes these units from the preview render, without waiting for
        // the data tier: that is only right while they ignore every runtime value.
        for (const [real, shapes] of [[realApi, preview.api], [realFs, preview.freeswitch]]) {
            const plain = (units: PushUnit[]) => units.filter((u) => !u.secret && !u.fromAddresses);
            assert.ok(plain(real).length > 0);
            assert.deepStrictEqual(plain(real), plain(shapes));
        }
    });

    it("renders the FreeSWITCH firewall, and only it, from the API host's address (pushed from the real render, not secret)", () => {
        const elsewhere = freeswitchHostUnits({ ...fsValues, apiPrivateIps: ["10.30.1.99"] }, fakeFreeswitchSecrets);
        const moved = elsewhere.filter((u, i) => !u.secret && JSON.stringify(u) !== JSON.stringify(fakeFs[i])).map((u) => u.name);
        assert.deepStrictEqual(moved, ["firewall"]);
        assert.deepStrictEqual([...preview.api, ...preview.freeswitch].filter((u) => u.fromAddresses).map((u) => u.name), ["firewall"]);
        assert.match(fileAt(elsewhere, "/etc/nftables.conf").content, /elements = \{ 10\.30\.1\.99\/32 \}/);
    });

    it("puts the ESL password on both sides: FreeSWITCH checks it, api.env presents it", () => {
        assert.ok(fileAt(realFs, freeswitchPaths.eventSocket).content.includes('value="REAL-esl"'));
        assert.match(fileAt(realApi, apiEnvPath).content, /^FREESWITCH_ESL_PASSWORD=REAL-esl$/m);
        assert.match(fileAt(realApi, apiEnvPath).content, /^FREESWITCH_ESL_HOST=10\.30\.0\.20$/m);
    });
});
