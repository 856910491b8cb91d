/**
 * The real validators on the files EC2 receives (every committed stack): `nginx -t`,
 * `fail2ban-client -t`, `xmllint --noout`, `bash -n` on the push scripts. nginx and fail2ban run
 * inside a test host (overlay /etc and /var), so they see the files at their real paths.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ManagedFile } from "../../provisioning/model";
import { fail2banPaths } from "../../provisioning/render/fail2ban";
import { freeswitchPaths } from "../../provisioning/render/freeswitch";
import { renderPushScript } from "../../provisioning/render/push-script";
import { canCreateTestHosts, TestHost } from "../helpers/test-host";
import { allFiles, hasCommand, hostsOf, run, stacks, tempDir, unitNamed } from "./fixtures";

describe("rendered files pass the real validators", function () {
    this.timeout(120_000);

    for (const stack of stacks) {
        const hosts = hostsOf(stack);

        it(`${stack}: every FreeSWITCH XML file is well-formed (xmllint --noout)`, function () {
            if (!hasCommand("xmllint")) this.skip();
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

        it(`${stack}: every push script parses (bash -n)`, () => {
            for (const unit of [...hosts.api, ...hosts.freeswitch]) {
                const result = run("bash", ["-n"], { input: renderPushScript(unit, "admin") });
                assert.strictEqual(result.status, 0, `${unit.name}: ${result.stderr}`);
            }
        });
    }

    describe("on a test host's file system", () => {
        let host: TestHost | undefined;
        before(async function () {
            if (!canCreateTestHosts().ok) this.skip();
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
                install(nginx.files);
                host!.exec("rm -rf /etc/letsencrypt");
                const without = host!.exec("nginx -t");
                assert.notStrictEqual(without.status, 0);
                assert.match(without.stderr, /cannot load certificate/);
                const prepared = host!.exec(nginx.prepare);
                assert.strictEqual(prepared.status, 0, prepared.stderr);
                const result = host!.exec("nginx -t");
                assert.strictEqual(result.status, 0, result.stderr);
            });

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
