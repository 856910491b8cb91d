/**
 * Defence in depth: the renderers refuse or escape a hostile value even if one got past config
 * validation (tests bypass it on purpose), checked by the real consumer where there is one.
 */
import * as assert from "assert";
import { previewHosts } from "../../provisioning/preview";
import { renderApiEnv } from "../../provisioning/render/api-env";
import { renderFail2banJails } from "../../provisioning/render/fail2ban";
import { aclNames, renderAcl } from "../../provisioning/render/freeswitch";
import { renderCertbotDeployHook, renderNginxApiSite } from "../../provisioning/render/nginx";
import { stackConfig, xpath } from "./fixtures";

const hostile = ["api.irisx.example\n", "api.irisx.example;id", "api.irisx.example$(id)", "api.irisx.example`id`", "api.irisx.example'", 'a"b', "a b", "a{b}", "a\u2028b", "a\0b", `a${"b".repeat(10_240)}`];

describe("renderers refuse or escape hostile values (defence in depth)", () => {
    for (const value of hostile) {
        it(`refuses the domain ${JSON.stringify(value.slice(0, 30))} in nginx's site, the certbot hook and the whole preview, naming it`, () => {
            assert.throws(() => renderNginxApiSite({ domain: value, appPort: 9847, ipv6: false }), /^Error: domain: refusing/);
            assert.throws(() => renderCertbotDeployHook(value), /^Error: domain: refusing/);
            assert.throws(() => previewHosts({ ...stackConfig("dev"), domain: value }), /domain: refusing/);
        });

        it(`refuses ${JSON.stringify(value.slice(0, 30))} in fail2ban's ignoreip and in api.env's CORS origins`, () => {
            const sshd = { name: "auth", path: "/var/log/auth.log", backend: "systemd" } as unknown as Parameters<typeof renderFail2banJails>[0]["sshd"];
            assert.throws(() => renderFail2banJails({ ignoreIp: ["127.0.0.1/8", value], ignoreSelf: true, sshd, sshPort: 22 }), /fail2ban ignoreip: refusing/);
            const env = { appPort: 9847, publicBaseUrl: "https://api.a.example", corsOrigins: [value], db: { host: "d", port: 5432, user: "u", name: "n" }, redis: { host: "r", port: 6379 }, recordingsBucket: "b", esl: [{ host: "10.0.0.20", port: 8021 }] };
            assert.throws(() => renderApiEnv(env, { dbPassword: "x", redisAuthToken: "y", eslPassword: "z", apiKeyHashSecret: "h" }), /api\.env/);
        });
    }

    it("keeps an origin with a comma from becoming two origins", () => {
        const env = { appPort: 9847, publicBaseUrl: "https://api.a.example", corsOrigins: ["https://a.example,null"], db: { host: "d", port: 5432, user: "u", name: "n" }, redis: { host: "r", port: 6379 }, recordingsBucket: "b", esl: [{ host: "10.0.0.20", port: 8021 }] };
        assert.throws(() => renderApiEnv(env, { dbPassword: "x", redisAuthToken: "y", eslPassword: "z", apiKeyHashSecret: "h" }), /api\.env CORS_ORIGINS: refusing/);
    });

    it("escapes a CIDR that tries to add an ACL node: xmllint reads back one node holding the exact text", () => {
        const attack = '203.0.113.1/32"/><node type="allow" cidr="0.0.0.0/0';
        const xml = renderAcl({ privateIp: "10.0.1.20", publicIp: "198.51.100.20", apiPrivateIps: ["10.0.1.10"], sipSignallingPeers: [attack], sipPort: 5060, sipTlsPort: 5061, sipTls: false, eslPort: 8021, rtpStartPort: 16384, rtpEndPort: 32768 });
        assert.deepStrictEqual(xpath(xml, `//list[@name="${aclNames.signalling}"]/node/@cidr`).map((v) => v.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")), [attack]);
    });
});
