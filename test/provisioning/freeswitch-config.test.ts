/**
 * What FreeSWITCH would load from our files on a host that also has the vanilla configuration:
 * the document its preprocessor assembles from our freeswitch.xml (test/helpers/
 * freeswitch-preprocessor.ts), checked with xmllint. The vanilla stand-ins below hold only the
 * lines that matter here: vars.xml's default_password=1234 and TLS 1.0/1.1, a directory with a
 * user whose password is the default one, a module file that sorts before all others and expands
 * the password, and the vars file an earlier push of ours left in autoload_configs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { renderVars, sipProfileName, sipTlsPolicy } from "../../provisioning/render/freeswitch";
import { freeswitchHostUnits } from "../../provisioning/roles/freeswitch";
import { commandsInstalled, requireCapability } from "../helpers/test-host";
import { preprocess, Preprocessed } from "../helpers/freeswitch-preprocessor";
import { allFiles, run, stackConfig, tempDir, xpath } from "./fixtures";
import { freeswitchPaths } from "../../facts/host-paths";

const secrets = { eslPassword: "EslPassw0rdUnderTest", defaultPassword: "Generated0DefaultPassword" };

const vanilla: Record<string, string> = {
    "/etc/freeswitch/vars.xml": `<include>
  <X-PRE-PROCESS cmd="set" data="default_password=1234"/>
  <X-PRE-PROCESS cmd="set" data="domain=10.0.0.9"/>
  <X-PRE-PROCESS cmd="set" data="sip_tls_version=tlsv1,tlsv1.1,tlsv1.2"/>
</include>`,
    "/etc/freeswitch/autoload_configs/0-early.conf.xml": `<configuration name="early.conf">
  <settings><param name="password" value="$\${default_password}"/></settings>
</configuration>`,
    "/etc/freeswitch/autoload_configs/00-irisx-vars.xml": `<include>
  <X-PRE-PROCESS cmd="set" data="default_password=LeftByAnEarlierPush"/>
</include>`,
    "/etc/freeswitch/directory/default.xml": `<include>
  <domain name="$\${domain}"><groups><group name="default"><users>
    <X-PRE-PROCESS cmd="include" data="default/*.xml"/>
  </users></group></groups></domain>
</include>`,
    "/etc/freeswitch/directory/default/1000.xml": `<include>
  <user id="1000"><params><param name="password" value="$\${default_password}"/></params></user>
</include>`,
    "/etc/freeswitch/dialplan/public.xml": `<include><context name="public"/></include>`,
    "/etc/freeswitch/lang/en/en.xml": `<include><language name="en" say-module="en"/></include>`,
};

function assemble(sipTls: boolean): Preprocessed {
    const config = { ...stackConfig("prod"), sipTls };
    const units = freeswitchHostUnits({ config, freeswitchPrivateIp: "10.30.0.20", freeswitchPublicIp: "198.51.100.20", apiPrivateIps: ["10.30.0.10"] }, secrets);
    const files = new Map(Object.entries(vanilla));
    for (const file of allFiles(units)) files.set(file.path, file.content);
    return preprocess(files, freeswitchPaths.root);
}

const profileParam = (doc: string, name: string) =>
    xpath(doc, `//configuration[@name="sofia.conf"]/profiles/profile[@name="${sipProfileName}"]/settings/param[@name="${name}"]/@value`);

describe("the FreeSWITCH configuration as its preprocessor assembles it next to the vanilla files", function () {
    before(function () {
        requireCapability(this, commandsInstalled(["xmllint"]));
    });

    for (const sipTls of [false, true]) {
        describe(`sipTls ${sipTls}`, () => {
            const assembled = assemble(sipTls);
            const doc = assembled.document;

            it("assembles one well-formed document (xmllint --noout)", () => {
                const dir = tempDir("fsdoc");
                fs.writeFileSync(path.join(dir, "freeswitch.xml"), doc);
                const result = run("xmllint", ["--noout", path.join(dir, "freeswitch.xml")]);
                fs.rmSync(dir, { recursive: true, force: true });
                assert.strictEqual(result.status, 0, result.stderr);
                assert.deepStrictEqual(xpath(doc, "/document/section/@name"), ["configuration", "dialplan", "chatplan", "directory", "languages"]);
            });

            it("has our default password from the first expansion on, whatever the module files are named", () => {
                assert.strictEqual(assembled.read[1], "/etc/freeswitch/vars.xml");
                assert.strictEqual(assembled.read[2], freeswitchPaths.vars, "ours right after vanilla vars.xml, before any section");
                assert.deepStrictEqual(xpath(doc, '//configuration[@name="early.conf"]//param[@name="password"]/@value'), [secrets.defaultPassword]);
                assert.strictEqual(assembled.variables.get("default_password"), secrets.defaultPassword);
                assert.ok(!doc.includes("1234"), "vanilla's default password appears nowhere");
            });

            it("reads none of the vanilla directory users, nor the vars file an earlier push left in autoload_configs", () => {
                assert.deepStrictEqual(assembled.read.filter((f) => f.includes("/directory/") || f.endsWith("00-irisx-vars.xml")), []);
                assert.deepStrictEqual(xpath(doc, '//section[@name="directory"]/*'), []);
                assert.ok(!doc.includes("LeftByAnEarlierPush"));
            });

            it("SIP profile: refuses REGISTER and names neither FreeSWITCH nor its version", () => {
                assert.deepStrictEqual(profileParam(doc, "disable-register"), ["true"]);
                for (const name of ["user-agent-string", "username"]) {
                    const [value] = profileParam(doc, name);
                    assert.ok(value && !/freeswitch|sofia|\d+\.\d+/i.test(value), `${name}=${value}`);
                }
            });

            if (sipTls) {
                it("SIP-TLS: tls on 5061 with TLS 1.2/1.3 and ECDHE AEAD ciphers only, SRTP mandatory with strong suites", () => {
                    assert.deepStrictEqual(profileParam(doc, "tls"), ["true"]);
                    assert.deepStrictEqual(profileParam(doc, "tls-sip-port"), ["5061"]);
                    assert.deepStrictEqual(profileParam(doc, "tls-version"), ["tlsv1.2,tlsv1.3"]);
                    const ciphers = profileParam(doc, "tls-ciphers")[0].split(":");
                    assert.ok(ciphers.length > 0 && ciphers.every((c) => /^ECDHE-(RSA|ECDSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/.test(c)), ciphers.join(":"));
                    assert.deepStrictEqual(profileParam(doc, "tls-cert-dir"), [sipTlsPolicy.certDir]);
                    const [mode, ...suites] = (assembled.variables.get("rtp_secure_media") ?? "").split(":");
                    assert.strictEqual(mode, "mandatory");
                    assert.ok(suites.length > 0, "suites listed");
                    // Names from FreeSWITCH's SUITES table (switch_core_media.c); no 32-bit tags, no NULL auth.
                    for (const suite of suites) assert.match(suite, /^(AEAD_AES_(128|256)_GCM(_8)?|AES_CM_128_HMAC_SHA1_80|AES_(256|192)_CM_HMAC_SHA1_80)$/);
                });
            } else {
                it("no SIP-TLS: tls off and SRTP left to FreeSWITCH's default (accept it inbound when offered)", () => {
                    assert.deepStrictEqual(profileParam(doc, "tls"), ["false"]);
                    assert.strictEqual(assembled.variables.get("rtp_secure_media"), undefined);
                });
            }

            it("any TLS that vanilla files set up gets TLS 1.2/1.3 too: sip_tls_version is ours", () => {
                assert.strictEqual(assembled.variables.get("sip_tls_version"), "tlsv1.2,tlsv1.3");
            });
        });
    }

    it("refuses a variable value the preprocessor would read as syntax, without echoing it", () => {
        for (const bad of ['a"b', "a$b", "a&b", "a<b", "a\nb"]) {
            assert.throws(() => renderVars({ sipTls: false }, { eslPassword: "x", defaultPassword: `SECRET-${bad}` }), (e: Error) => /default_password/.test(e.message) && !e.message.includes("SECRET-"));
        }
    });
});
