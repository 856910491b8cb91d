/**
 * The real validators on the files EC2 receives (every committed stack): `nginx -t`,
 * `fail2ban-client -t`, `xmllint --noout`, `bash -n` on the push scripts. nginx and fail2ban run
 * inside a test host (overlay /etc and /var), so they see the files at their real paths.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ManagedFile } from "../../provisioning/model";
import { renderPushScript } from "../../provisioning/render/push-script";
import { fakeFreeswitchSecrets } from "../../provisioning/preview";
import { canCreateTestHosts, commandsInstalled, requireCapability, TestHost } from "../helpers/test-host";
import { allFiles, hostsOf, run, stackConfig, stacks, tempDir, unitNamed, writeTree } from "./fixtures";
import { fail2banPaths, freeswitchPaths } from "../../facts/host-paths";

describe("rendered files pass the real validators", function () {
    this.timeout(120_000);

    for (const stack of stacks) {
        const hosts = hostsOf(stack);

        it(`${stack}: every FreeSWITCH XML file is well-formed (xmllint --noout)`, function () {
            requireCapability(this, commandsInstalled(["xmllint"]));
            const dir = tempDir("xml");
            const xml = allFiles(hosts.freeswitch).filter((f) => f.path.endsWith(".xml"));
            assert.strictEqual(xml.length, Object.values(freeswitchPaths).filter((p) => p.endsWith(".xml")).length);
            for (const file of xml) {
                const local = path.join(dir, path.basename(file.path));
                fs.writeFileSync(local, file.content);
                const result = run("xmllint", ["--noout", local]);
                assert.strictEqual(result.status, 0, `${file.path}: ${result.stderr}`);
            }
            fs.rmSync(dir, { recursive: true, force: true });
        });

        it(`${stack}: the ESL rotation step reads the password out of the rendered event socket file`, function () {
            requireCapability(this, commandsInstalled(["xmllint"]));
            const file = allFiles(hosts.freeswitch).find((f) => f.path === freeswitchPaths.eventSocket)!;
            const local = path.join(tempDir("esl"), "event_socket.conf.xml");
            fs.writeFileSync(local, file.content);
            const reload = unitNamed(hosts.freeswitch, "freeswitch").reload;
            const extract = /^esl_password\(\) \{ (.+) "\$1"; \}$/m.exec(reload)![1];
            const result = run("sh", ["-c", `printf %s "$(${extract} "$1")"`, "sh", local]);
            assert.strictEqual(result.stdout, fakeFreeswitchSecrets.eslPassword);
        });

        it(`${stack}: every push script parses (bash -n)`, () => {
            for (const unit of [...hosts.api, ...hosts.freeswitch]) {
                const result = run("bash", ["-n"], { input: renderPushScript(unit, "admin") });
                assert.strictEqual(result.status, 0, `${unit.name}: ${result.stderr}`);
            }
        });
    }

    describe("the FreeSWITCH unit's validator on a staged tree (xmllint and the semantic checks)", () => {
        const unit = unitNamed(hostsOf("prod").freeswitch, "freeswitch");
        const check = (mutate: (path: string, content: string) => string) => {
            const root = tempDir("staged");
            writeTree(root, unit.files.map((f) => ({ ...f, content: mutate(f.path, f.content) })));
            const result = run("bash", ["-c", `tree=${root}\n${unit.validate}`]);
            fs.rmSync(root, { recursive: true, force: true });
            assert.ok(!(result.stdout + result.stderr).includes(fakeFreeswitchSecrets.eslPassword), "no password in the messages");
            return result;
        };
        const cases: [string, string, (c: string) => string, RegExp][] = [
            ["the stock ESL password", freeswitchPaths.eventSocket, (c) => c.replace(/(name="password" value=")[^"]*/, "$1ClueCon"), /ESL password is empty or the stock one/],
            ["an event socket on every address", freeswitchPaths.eventSocket, (c) => c.replace(/(name="listen-ip" value=")[^"]*/, "$10.0.0.0"), /listen-ip must be the private address/],
            ["network_lists, which FreeSWITCH silently ignores", freeswitchPaths.acl, (c) => c.replace(/network-lists/g, "network_lists"), /every list must sit in <network-lists>/],
            ["a list that allows by default", freeswitchPaths.acl, (c) => c.replace('default="deny"', 'default="allow"'), /default="deny"/],
            ["an inbound ACL that names no list", freeswitchPaths.eventSocket, (c) => c.replace(/(name="apply-inbound-acl" value=")[^"]*/, "$1nowhere"), /apply-inbound-acl must name a list/],
            ["vars' stock default_password", freeswitchPaths.vars, (c) => c.replace(/default_password=[^"]*/, "default_password=1234"), /default_password must be set, and not to the stock 1234/],
        ];

        it("passes the rendered files", function () {
            requireCapability(this, commandsInstalled(["xmllint"]));
            const result = check((_, c) => c);
            assert.strictEqual(result.status, 0, result.stdout + result.stderr);
        });

        for (const [what, file, mutate, message] of cases) {
            it(`rejects ${what}, naming the file and the rule only`, function () {
                requireCapability(this, commandsInstalled(["xmllint"]));
                const result = check((p, c) => (p === file ? mutate(c) : c));
                assert.strictEqual(result.status, 1);
                assert.match(result.stdout, message);
            });
        }
    });

    describe("on a test host's file system", () => {
        let host: TestHost | undefined;
        before(async function () {
            requireCapability(this, canCreateTestHosts());
            host = await TestHost.create("validate");
        });
        after(() => host?.destroy());

        const install = (files: readonly ManagedFile[]) => {
            for (const f of files) host!.writeFile(f.path, f.content, f.mode);
        };

        for (const stack of stacks) {
            const hosts = hostsOf(stack);

            it(`${stack}: nginx -t fails without a certificate and passes once the push's placeholder exists`, () => {
                const nginx = unitNamed(hosts.api, "nginx");
                host!.exec("rm -rf /etc/irisx/tls /etc/letsencrypt");
                install(nginx.files);
                const without = host!.exec("nginx -t");
                assert.notStrictEqual(without.status, 0);
                assert.match(without.stderr, /cannot load certificate/);
                const prepared = host!.exec(nginx.prepare);
                assert.strictEqual(prepared.status, 0, prepared.stderr);
                const result = host!.exec(nginx.validate);
                assert.strictEqual(result.status, 0, result.stderr);
                assert.strictEqual(host!.exec("test -e /etc/letsencrypt/live").status, 1, "nothing lands in certbot's live folder");
            });

            if (stack === "dev") {
                it("dev: prepare links a certificate certbot issued before nginx read from /etc/irisx/tls, never an old placeholder", () => {
                    const nginx = unitNamed(hosts.api, "nginx");
                    const domain = stackConfig("dev").domain;
                    const [live, tls] = [`/etc/letsencrypt/live/${domain}`, `/etc/irisx/tls/${domain}`];
                    const selfSigned = (dir: string, cn: string) =>
                        `mkdir -p ${dir} && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=${cn}" -addext subjectAltName=DNS:${domain} -keyout ${dir}/privkey.pem -out ${dir}/fullchain.pem 2>/dev/null`;
                    const subject = () => host!.exec(`openssl x509 -in ${tls}/fullchain.pem -noout -subject`).stdout.trim();
                    host!.exec("rm -rf /etc/irisx/tls /etc/letsencrypt");
                    install(nginx.files);

                    // An earlier push's placeholder in certbot's folder is not a certificate: a fresh placeholder in ours.
                    assert.strictEqual(host!.exec(`${selfSigned(live, "old placeholder")} && touch ${live}/IRISX-PLACEHOLDER`).status, 0);
                    const placeholder = host!.exec(nginx.prepare);
                    assert.strictEqual(placeholder.status, 0, placeholder.stderr);
                    assert.match(placeholder.stdout, /placeholder self-signed certificate created/);
                    assert.match(subject(), new RegExp(`CN ?= ?${domain.replace(/\./g, "\\.")}$`));

                    // A lineage certbot issued: linked, not replaced.
                    host!.exec(`rm -rf /etc/irisx/tls /etc/letsencrypt && ${selfSigned(live, "issued by certbot")}`);
                    install(nginx.files);
                    const linked = host!.exec(nginx.prepare);
                    assert.strictEqual(linked.status, 0, linked.stderr);
                    assert.match(linked.stdout, /linked .* to the certificate certbot already issued/);
                    assert.strictEqual(host!.exec(`readlink ${tls}/fullchain.pem ${tls}/privkey.pem`).stdout, `${live}/fullchain.pem\n${live}/privkey.pem\n`);
                    assert.match(subject(), /CN ?= ?issued by certbot$/);
                    assert.strictEqual(host!.exec(nginx.validate).status, 0);

                    // Run again (the next changed push): nothing changes.
                    const again = host!.exec(nginx.prepare);
                    assert.strictEqual(again.status, 0, again.stderr);
                    assert.strictEqual(again.stdout, "");
                    host!.exec("rm -rf /etc/irisx/tls /etc/letsencrypt");
                });
            }

            for (const role of ["api", "freeswitch"] as const) {
                it(`${stack}: fail2ban-client -t accepts the ${role} host's jails once the push has created the log files`, () => {
                    const unit = unitNamed(hosts[role], "fail2ban");
                    host!.exec(`rm -f ${fail2banPaths.jails} ${fail2banPaths.freeswitchFilter} && rm -rf /var/log/freeswitch`);
                    install(unit.files);
                    if (role === "freeswitch") {
                        assert.match(host!.exec("fail2ban-client -t").stderr, /Have not found any log file for freeswitch jail/);
                    }
                    const prepared = host!.exec(unit.prepare);
                    assert.strictEqual(prepared.status, 0, prepared.stderr);
                    const result = host!.exec("fail2ban-client -t");
                    assert.strictEqual(result.status, 0, result.stderr);
                    const jails = host!.exec("fail2ban-client -d").stdout;
                    assert.match(jails, role === "api" ? /\['add', 'nginx-limit-req', 'auto'\]/ : /\['add', 'freeswitch', 'auto'\]/);
                    assert.match(jails, /\['add', 'sshd', 'systemd'\]/);
                });
            }
        }
    });
});
