/**
 * The FreeSWITCH host for real (FreeSWITCH itself is not packaged in Debian): its XML and fail2ban
 * units pushed over SSH to a namespaced test host, the freeswitch jail fed FreeSWITCH >= 1.10.7
 * log lines, and a broken XML file rejected without the validator quoting a password.
 */
import * as assert from "assert";
import { PushUnit } from "../../provisioning/model";
import { freeswitchHostUnits } from "../../provisioning/roles/freeswitch";
import { cloudwatchAgentUnit } from "../../provisioning/roles/common";
import { canCreateTestHosts, requireCapability, TestHost, waitFor } from "../helpers/test-host";
import { makeKeys, pushOverSsh, SshClient, startFail2ban, startSshd, testHostOptions } from "../helpers/test-host-services";
import { allFiles, stackConfig } from "./fixtures";
import { record } from "./measurements";
import { agentPaths, freeswitchPaths } from "../../facts/host-paths";

const config = stackConfig("prod");
const secrets = { eslPassword: "EslPassw0rdUnderTest", defaultPassword: "DefaultPassw0rdUnderTest" };
const units = freeswitchHostUnits(
    { config, freeswitchPrivateIp: "10.30.0.20", freeswitchPublicIp: "198.51.100.20", apiPrivateIps: ["10.30.0.10"], host: testHostOptions },
    secrets,
);
const targets = allFiles(units).map((f) => f.path);

/**
 * Stand-in for Debian 12's cloud-init 22.4 "status" (cloudinit/cmd/status.py): "not run" until
 * /run/cloud-init/status.json exists, "running" until result.json does; --wait polls while not
 * run or running, so it never returns on a host where cloud-init does not start.
 */
const cloudInitStandIn = `#!/bin/sh
[ "$1" = status ] || exit 1
state() { if [ -e /run/cloud-init/result.json ]; then echo done; elif [ -e /run/cloud-init/status.json ]; then echo running; else echo "not run"; fi; }
if [ "$2" = --wait ]; then echo "$$" >> /run/cloud-init-waits; while [ "$(state)" != done ]; do sleep 0.25; done; fi
echo "status: $(state)"
`;

/** A FreeSWITCH >= 1.10.7 auth failure line (idle CPU between timestamp and level). */
function authFailure(ip: string, when = new Date()): string {
    const pad = (n: number, w = 2) => String(n).padStart(w, "0");
    const stamp = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} ${pad(when.getHours())}:${pad(when.getMinutes())}:${pad(when.getSeconds())}.${pad(when.getMilliseconds() * 1000, 6)}`;
    return `${stamp} 97.53% [WARNING] sofia_reg.c:1792 SIP auth failure (INVITE) on sofia profile 'irisx' for [1001@198.51.100.20] from ip ${ip}`;
}

describe("FreeSWITCH host provisioning on a test host (real sshd, fail2ban, xmllint over SSH)", function () {
    this.timeout(120_000);
    let host: TestHost | undefined;
    let client: SshClient;
    const banned = (ip: string) => ["tcp", "udp"].every((p) => host!.exec(`iptables -S f2b-freeswitch-${p} 2>/dev/null`).stdout.includes(`-s ${ip}/32 -j REJECT`));
    const hashes = () => host!.exec(`sha256sum ${targets.join(" ")}`).stdout;

    before(async function () {
        requireCapability(this, canCreateTestHosts());
        host = await TestHost.create("fs");
        const keys = makeKeys(host);
        await startSshd(host, keys);
        startFail2ban(host);
        client = { host, keys };
    });

    after(() => host?.destroy());

    it("first push installs the XML as root:freeswitch 0640 and starts the freeswitch jail", () => {
        for (const unit of units) {
            const result = pushOverSsh(client, unit);
            assert.strictEqual(result.status, 0, `${unit.name}: ${result.stderr}`);
            assert.match(result.stdout, /updated /);
            record(`push freeswitch/${unit.name} (first)`, `${result.totalMs} ms`);
        }
        assert.strictEqual(host!.exec(`stat -c '%a %U:%G' ${freeswitchPaths.eventSocket}`).stdout.trim(), "640 root:freeswitch");
        assert.match(host!.exec("fail2ban-client status").stdout, /freeswitch, sshd|sshd, freeswitch/);
    });

    it("refuses the CloudWatch agent's config on a host without the agent, touching nothing", () => {
        const agent = cloudwatchAgentUnit(config, "freeswitch");
        const before = hashes();
        const result = pushOverSsh(client, agent);
        assert.strictEqual(result.status, 1);
        assert.match(result.stderr, /amazon-cloudwatch-agent-ctl is not installed \(cloud-init installs it\); nothing changed/);
        assert.strictEqual(host!.exec(`test -e ${agentPaths.config}`).status, 1, "no agent config written");
        assert.strictEqual(hashes(), before);
    });

    it("re-pushing identical content reports unchanged", () => {
        const before = host!.exec(`stat -c '%n %Y' ${targets.join(" ")}`).stdout;
        for (const unit of units) {
            const result = pushOverSsh(client, unit);
            assert.match(result.stdout, /unchanged/, unit.name);
            record(`push freeswitch/${unit.name} (unchanged)`, `${result.totalMs} ms`);
        }
        assert.strictEqual(host!.exec(`stat -c '%n %Y' ${targets.join(" ")}`).stdout, before);
    });

    it("bans a SIP source after 5 auth failures in the >= 1.10.7 log format, on TCP and UDP", async () => {
        const lines = Array.from({ length: 5 }, () => authFailure("192.0.2.77")).join("\n") + "\n";
        const written = Date.now();
        host!.exec(`cat >> ${freeswitchPaths.log}`, { input: lines });
        const latency = await waitFor(() => banned("192.0.2.77"), 15_000);
        record("freeswitch ban latency (5th log line to REJECT rules)", `${latency === undefined ? "none" : Date.now() - written} ms`);
        assert.ok(latency !== undefined, "192.0.2.77 was not banned");
    });

    it("never bans a SIP signalling peer, however many failures it logs", async () => {
        const peer = config.sipSignallingPeers[0].replace(/\d+\/\d+$/, "1");
        host!.exec(`cat >> ${freeswitchPaths.log}`, { input: Array.from({ length: 8 }, () => authFailure(peer)).join("\n") + "\n" });
        const control = "192.0.2.78";
        host!.exec(`cat >> ${freeswitchPaths.log}`, { input: Array.from({ length: 5 }, () => authFailure(control)).join("\n") + "\n" });
        assert.ok((await waitFor(() => banned(control), 15_000)) !== undefined, "control source banned: the jail read the lines");
        assert.ok(!banned(peer), `${peer} is in ignoreip`);
    });

    it("waits for cloud-init to finish before it touches a file", () => {
        // cloud-init enabled on this boot and still running; it finishes 1.5 s later.
        host!.writeFile("/usr/local/sbin/cloud-init", cloudInitStandIn, "0755");
        host!.exec("mkdir -p /run/cloud-init && touch /run/cloud-init/enabled /run/cloud-init/status.json");
        host!.exec("(sleep 1.5; date +%s.%N > /run/cloud-init-done; touch /run/cloud-init/result.json) >/dev/null 2>&1 &");
        const changed = freeswitchHostUnits(
            { config, freeswitchPrivateIp: "10.30.0.21", freeswitchPublicIp: "198.51.100.20", apiPrivateIps: ["10.30.0.10"], host: testHostOptions },
            secrets,
        ).find((u) => u.name === "freeswitch")!;
        const result = pushOverSsh(client, changed);
        host!.exec("rm -rf /usr/local/sbin/cloud-init /run/cloud-init /run/cloud-init-waits");
        assert.strictEqual(result.status, 0, result.stderr);
        assert.match(result.stdout, /updated .*event_socket\.conf\.xml/);
        const [done, modified] = host!.exec(`cat /run/cloud-init-done && stat -c %.9Y ${freeswitchPaths.eventSocket}`).stdout.trim().split("\n").map(Number);
        assert.ok(done <= modified, `file changed at ${modified}, before cloud-init finished at ${done}`);
    });

    it("does not wait for a cloud-init that is installed but never ran on this boot (its status --wait would never return)", () => {
        host!.writeFile("/usr/local/sbin/cloud-init", cloudInitStandIn, "0755");
        const result = pushOverSsh(client, units[0]);
        const waited = host!.exec("cat /run/cloud-init-waits 2>/dev/null").stdout;
        host!.exec("rm -f /usr/local/sbin/cloud-init /run/cloud-init-waits");
        assert.strictEqual(result.status, 0, result.stderr);
        assert.match(result.stdout, /cloud-init is installed but does not run on this boot: not waiting for it/);
        assert.strictEqual(waited, "", "cloud-init status --wait was not called");
    });

    it("keeps one previous copy of the secret XML, root-only 0600", () => {
        const kept = host!.exec("ls -d /var/backups/irisx/freeswitch/*/").stdout.trim().split("\n");
        assert.strictEqual(kept.length, 1, "two changed pushes so far, one copy kept");
        const modes = host!.exec(`stat -c '%a %U:%G' ${kept[0]} ${kept[0]}*`).stdout.trim().split("\n");
        assert.ok(modes.length > 1, "the copy holds the previous files");
        assert.deepStrictEqual([...new Set(modes.slice(1))], ["600 root:root"]);
        assert.strictEqual(modes[0], "700 root:root");
    });

    it("rejects broken XML, restores the files, and reports file:line without quoting the password", () => {
        const xml = units.find((u) => u.name === "freeswitch")!;
        const broken: PushUnit = {
            ...xml,
            files: xml.files.map((f) => (f.path === freeswitchPaths.eventSocket ? { ...f, content: f.content.replace("</settings>", "") } : f)),
        };
        const before = hashes();
        const result = pushOverSsh(client, broken);
        assert.notStrictEqual(result.status, 0);
        assert.match(result.stderr, /rejected by the validator/);
        assert.match(result.stderr, /event_socket\.conf\.xml:\d+: parser error/);
        assert.ok(!result.stderr.includes(secrets.eslPassword) && !result.stdout.includes(secrets.eslPassword), "password in validator output");
        assert.strictEqual(hashes(), before);
    });
});
