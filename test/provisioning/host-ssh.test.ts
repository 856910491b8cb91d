/**
 * SSH for real on a namespaced test host: Debian's sshd as a fresh instance has it, the host key
 * cloud-init installs, pushes over connections that pin it (OpenSSH with StrictHostKeyChecking
 * and a known_hosts of the pinned key only, approximating the provider's ssh.FixedHostKey), our
 * sshd unit pushed as the admin user through sudo exactly as on EC2, and ssh-audit's verdict.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { adminUser, hostKeyType } from "../../facts/ssh";
import { sshdPaths } from "../../facts/host-paths";
import { PushUnit } from "../../provisioning/model";
import { pushExit } from "../../provisioning/render/push-engine";
import { sshAlgorithms } from "../../provisioning/render/sshd";
import { sshdUnit } from "../../provisioning/roles/common";
import { canCreateTestHosts, commandsInstalled, requireCapability, TestHost } from "../helpers/test-host";
import { addAdminUser, makeKeys, pushOverSsh, PushResult, ssh, SshClient, startSshd } from "../helpers/test-host-services";
import { auditSummary, sshAudit } from "../helpers/ssh-audit";
import { record } from "./measurements";

const unit = sshdUnit();
const dropIn = unit.files[0];

describe("SSH on a test host (real sshd): pinned host key, our drop-in, ssh-audit", function () {
    this.timeout(180_000);
    let host: TestHost | undefined;
    let client: SshClient;
    let pinned: string;

    const knownHosts = (file: string, keyLine: string) => {
        fs.writeFileSync(file, `127.0.0.1 ${keyLine.trim().split(/\s+/).slice(0, 2).join(" ")}\n`);
        return file;
    };
    /** A push as the provider makes it: as the admin user, the script on stdin to sudo, the host key pinned. */
    const push = (u: PushUnit, hosts = pinned): PushResult => pushOverSsh(client, u, { user: adminUser, knownHosts: hosts });
    const live = () => host!.exec(`cat ${dropIn.path} 2>/dev/null`).stdout;
    const login = () => ssh(client, "echo in", { user: adminUser, knownHosts: pinned });

    before(async function () {
        requireCapability(this, canCreateTestHosts());
        requireCapability(this, commandsInstalled(["ssh-audit", "sudo"]));
        host = await TestHost.create("ssh");
        const keys = makeKeys(host);
        addAdminUser(host, keys, adminUser);
        await startSshd(host, keys);
        client = { host, keys };
    });
    after(() => host?.destroy());

    it("Debian's default sshd fails ssh-audit: NIST-curve key exchanges and the ECDSA host key", () => {
        const before = sshAudit(host!);
        record("ssh-audit before (Debian 12 default sshd)", auditSummary(before));
        const failed = before.filter((l) => l.level === "fail").map((l) => l.algorithm);
        for (const algorithm of ["ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "ecdsa-sha2-nistp256"]) assert.ok(failed.includes(algorithm), `${algorithm} not failed: ${failed}`);
    });

    it("offers only the pinned ed25519 key once cloud-init's ssh module has replaced the image's keys", () => {
        // What cc_ssh does with ssh_deletekeys + ssh_keys (user-data.ts); ssh-keygen stands in for tls.PrivateKey.
        const r = host!.exec(`rm -f /etc/ssh/ssh_host_*key* && ssh-keygen -q -t ed25519 -N '' -C '' -f ${sshdPaths.hostKey} && chmod 0600 ${sshdPaths.hostKey}.pub && kill -HUP "$(cat /run/sshd.pid)"`);
        assert.strictEqual(r.status, 0, r.stderr);
        pinned = knownHosts(path.join(host!.dir, "pinned_known_hosts"), host!.exec(`cat ${sshdPaths.hostKey}.pub`).stdout);
        const scan = host!.execNet(["ssh-keyscan", "-t", "rsa,ecdsa,ed25519", "127.0.0.1"]);
        const offered = scan.stdout.trim().split("\n").map((l) => l.split(" ").slice(1).join(" "));
        assert.deepStrictEqual(offered, [fs.readFileSync(pinned, "utf8").trim().split(" ").slice(1).join(" ")]);
        assert.strictEqual(login().stdout.trim(), "in");
    });

    it("refuses a host whose key is not the pinned one before any file is sent", () => {
        const other = path.join(host!.dir, "other_host_key");
        assert.strictEqual(host!.execNet(["ssh-keygen", "-q", "-t", hostKeyType.replace("ssh-", ""), "-N", "", "-f", other]).status, 0);
        const wrong = knownHosts(path.join(host!.dir, "wrong_known_hosts"), fs.readFileSync(`${other}.pub`, "utf8"));
        const sessionsBefore = host!.exec("grep -c 'Accepted publickey' /var/log/auth.log").stdout.trim();
        const result = push(unit, wrong);
        assert.strictEqual(result.status, 255, result.stdout);
        assert.match(result.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
        assert.strictEqual(host!.exec("grep -c 'Accepted publickey' /var/log/auth.log").stdout.trim(), sessionsBefore, "no session was opened");
        assert.strictEqual(host!.exec(`test -e ${dropIn.path}`).status, 1, "nothing reached the host");
    });

    it("pushes the sshd unit over the pinned connection: validated, reloaded, a new login proven", () => {
        const result = push(unit);
        assert.strictEqual(result.status, 0, result.stderr + result.stdout);
        assert.match(result.stdout, new RegExp(`updated ${dropIn.path}`));
        assert.strictEqual(live(), dropIn.content);
        assert.strictEqual(login().stdout.trim(), "in");
        assert.strictEqual(host!.exec("ls /run/irisx-sshd-prove 2>/dev/null").stdout, "", "the one-time key is gone");
        const again = push(unit);
        assert.match(again.stdout, /unchanged/);
    });

    it("passes ssh-audit with no [fail] once the drop-in is live", () => {
        const after = sshAudit(host!);
        record("ssh-audit after (our drop-in)", auditSummary(after));
        assert.deepStrictEqual(after.filter((l) => l.level === "fail"), []);
        const offered = (kind: string) => after.filter((l) => l.kind === kind).map((l) => l.algorithm);
        assert.deepStrictEqual(offered("key"), [...sshAlgorithms.hostKey]);
        assert.deepStrictEqual(offered("kex").filter((a) => !a.startsWith("kex-strict") && a !== "sntrup761x25519-sha512"), [...sshAlgorithms.kex]);
        assert.deepStrictEqual(offered("enc"), [...sshAlgorithms.ciphers]);
        assert.deepStrictEqual(offered("mac"), [...sshAlgorithms.macs]);
    });

    it("refuses passwords, root and every kind of forwarding to the admin", () => {
        const methods = ssh(client, "true", { user: "nobody-here", knownHosts: pinned });
        assert.match(methods.stderr, /Permission denied \(publickey\)/, "only publickey is offered");
        const root = ssh(client, "true", { user: "root", knownHosts: pinned });
        assert.strictEqual(root.status, 255);
        assert.match(host!.exec("cat /var/log/auth.log").stdout, /User root from 127\.0\.0\.1 not allowed because not listed in AllowUsers/);
        // A direct-tcpip channel (what -L and -W open) to the host's own sshd port.
        const forward = host!.execNet(["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", `UserKnownHostsFile=${pinned}`,
            "-i", client.keys.admin, "-W", "127.0.0.1:22", `${adminUser}@127.0.0.1`], { input: "" });
        assert.strictEqual(forward.status, 255, forward.stdout);
        assert.match(forward.stderr, /administratively prohibited/);
        const effective = host!.exec("sshd -T").stdout;
        for (const line of ["passwordauthentication no", "kbdinteractiveauthentication no", "x11forwarding no", "allowagentforwarding no", "allowtcpforwarding no", "maxauthtries 3"]) {
            assert.ok(effective.split("\n").includes(line), line);
        }
    });

    it("rolls back a drop-in that would lock the push's own user out, and the admin still logs in", () => {
        const result = push(sshdUnit({ adminUser: "someone-else" }));
        assert.strictEqual(result.status, pushExit.rolledBack, result.stdout);
        assert.match(result.stderr, new RegExp(`the check after the reload failed[^]*a new SSH connection as ${adminUser} fails after the reload: .*Permission denied`));
        assert.strictEqual(live(), dropIn.content, "the previous drop-in is back");
        assert.strictEqual(login().stdout.trim(), "in");
    });

    it("rolls back a drop-in whose key exchanges the provider's Go client cannot negotiate", () => {
        const result = push(sshdUnit({ algorithms: { ...sshAlgorithms, kex: ["sntrup761x25519-sha512@openssh.com"] } }));
        assert.strictEqual(result.status, pushExit.rolledBack, result.stdout);
        assert.match(result.stderr, /a new SSH connection as admin fails after the reload: .*no matching key exchange method/);
        assert.strictEqual(live(), dropIn.content);
        assert.strictEqual(login().stdout.trim(), "in");
    });

    it("rejects, before sshd reads it, a drop-in that an earlier file overrides", () => {
        host!.writeFile("/etc/ssh/sshd_config.d/00-aaa-local.conf", "PasswordAuthentication yes\n", "0644");
        try {
            const result = push(sshdUnit({ algorithms: { ...sshAlgorithms, macs: ["hmac-sha2-512-etm@openssh.com"] } }));
            assert.strictEqual(result.status, pushExit.rejected, result.stdout);
            assert.match(result.stderr, /sshd would run with 'passwordauthentication yes', not 'passwordauthentication no': an earlier file overrides 00-irisx\.conf/);
            assert.strictEqual(live(), dropIn.content);
        } finally {
            host!.exec("rm -f /etc/ssh/sshd_config.d/00-aaa-local.conf");
        }
    });
});
