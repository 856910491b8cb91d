/**
 * The host firewall for real: the rendered nftables ruleset pushed over SSH (from another network
 * namespace, through the veth the firewall filters) onto test hosts running Debian's sshd, nginx
 * and fail2ban, then probed with real connections from listed and unlisted source addresses.
 * Every address is inside the namespaces the test made.
 */
import * as assert from "assert";
import { PushUnit } from "../../provisioning/model";
import { apiHostUnits } from "../../provisioning/roles/api";
import { firewallUnit } from "../../provisioning/roles/firewall";
import { firewallPath } from "../../facts/host-paths";
import { canCreateTestHosts, commandsInstalled, requireCapability, TestHost, waitFor } from "../helpers/test-host";
import { TestPeer } from "../helpers/test-peer";
import { makeKeys, pushOverSsh, ssh, SshClient, startFail2ban, startNginx, startSshd, startUpstream, testHostOptions } from "../helpers/test-host-services";
import { stackConfig } from "./fixtures";
import { record } from "./measurements";

/** sshd also on the host's end of the veth (the test sshd listens on 127.0.0.1 only). */
function listenAlsoOn(host: TestHost, address: string): void {
    host.writeFile("/etc/ssh/sshd_config.d/01-irisx-peer.conf", `ListenAddress ${address}\n`, "0644");
}

function unitNamed(units: readonly PushUnit[], name: string): PushUnit {
    return units.find((u) => u.name === name)!;
}

describe("host firewall on the API test host (nftables beside fail2ban, pushed over SSH)", function () {
    this.timeout(180_000);
    const [hostIp, admin, stranger, admin2] = ["10.199.0.1", "10.199.0.2", "10.199.0.3", "10.199.0.4"];
    const config = { ...stackConfig("dev"), adminCidrs: [`${admin}/32`, `${admin2}/32`] };
    let host: TestHost | undefined;
    let peer: TestPeer | undefined;
    let local: SshClient;
    let remote: SshClient;
    const units = () =>
        apiHostUnits(
            {
                config,
                db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" },
                redis: { host: "cache.internal", port: 6379 },
                recordingsBucket: "irisx-dev-recordings-test",
                freeswitchPrivateIp: "10.10.0.20",
                host: testHostOptions,
            },
            { dbPassword: "test-db-password", redisAuthToken: "test-redis-token", eslPassword: "test-esl-password", apiKeyHashSecret: "test-hash" },
        );
    /** HTTP status of a request from `source` in the peer namespace, or "000" when nothing answered. */
    const status = (source: string, url: string) =>
        peer!.exec(["curl", "-sk", "--max-time", "3", "--interface", source, "--resolve", `${config.domain}:443:${hostIp}`, "-o", "/dev/null", "-w", "%{http_code}", url]).stdout;
    const sshFrom = (source: string) => ssh(remote, "true", { source }).status;
    const table = () => host!.exec("nft list table inet irisx").stdout;

    before(async function () {
        requireCapability(this, canCreateTestHosts());
        requireCapability(this, commandsInstalled(["nft", "socat"]));
        host = await TestHost.create("fw-api");
        peer = TestPeer.create(host, hostIp, [admin, stranger, admin2]);
        const keys = makeKeys(host);
        listenAlsoOn(host, hostIp);
        await startSshd(host, keys);
        startNginx(host);
        startFail2ban(host);
        // An app that ignores HOST=127.0.0.1 and binds every address.
        await startUpstream(host, config.appPort, "0.0.0.0");
        local = { host, keys };
        remote = { host, keys, via: { peer, source: admin } };
        for (const name of ["nginx", "fail2ban"]) {
            const result = pushOverSsh(local, unitNamed(units(), name));
            assert.strictEqual(result.status, 0, `${name}: ${result.stderr}`);
        }
    });

    after(() => {
        peer?.destroy();
        host?.destroy();
    });

    it("without the firewall, an app bound to 0.0.0.0 answers another namespace on its port (the hole it closes)", () => {
        assert.strictEqual(status(stranger, `http://${hostIp}:${config.appPort}/`), "200");
    });

    it("pushes over SSH from an admin address, proving that address still gets a new connection in", () => {
        const result = pushOverSsh(remote, unitNamed(units(), "firewall"));
        assert.strictEqual(result.status, 0, result.stderr);
        assert.match(result.stdout, new RegExp(`a new SSH connection from ${admin.replace(/\./g, "\\.")} is still admitted`));
        record("push api/firewall over the veth (first)", `${result.totalMs} ms`);
        assert.match(table(), /policy drop/);
    });

    it("drops the app port from another namespace while nginx still proxies to the app", () => {
        assert.strictEqual(status(stranger, `http://${hostIp}:${config.appPort}/`), "000");
        assert.strictEqual(status(stranger, `https://${config.domain}/health`), "200");
    });

    it("admits a new SSH connection from an admin range and drops one from anywhere else", () => {
        assert.strictEqual(sshFrom(admin2), 0);
        assert.notStrictEqual(sshFrom(stranger), 0);
        // Dropped, not refused: nothing answers, so the client gives up on its own timeout.
        const probe = peer!.exec(["curl", "-s", "--max-time", "2", "--interface", stranger, `telnet://${hostIp}:22`]);
        assert.strictEqual(probe.status, 28, `curl exit ${probe.status}: timed out, not refused`);
    });

    it("lets fail2ban still ban an address the firewall admits", async () => {
        for (let i = 0; i < 5; i++) {
            assert.notStrictEqual(ssh(remote, "true", { source: admin2, user: `intruder${i}`, key: remote.keys.stranger }).status, 0);
        }
        const banned = await waitFor(() => host!.exec("iptables -S f2b-sshd 2>/dev/null").stdout.includes(`-s ${admin2}/32 -j REJECT`), 15_000);
        assert.ok(banned !== undefined, `${admin2} was not banned`);
        assert.match(table(), new RegExp(admin2.replace(/\./g, "\\.")), "the firewall still admits it");
        assert.notStrictEqual(sshFrom(admin2), 0, "the ban drops it anyway");
        assert.strictEqual(sshFrom(admin), 0, "the admin pushing is not affected");
    });

    it("rolls back a firewall push that would drop the pusher's SSH, and the host stays reachable", () => {
        const before = table();
        const fileBefore = host!.exec(`sha256sum ${firewallPath}`).stdout;
        const lockout = firewallUnit({ role: "api", config: { ...config, adminCidrs: [`${admin2}/32`] } });
        const result = pushOverSsh(remote, lockout);
        assert.notStrictEqual(result.status, 0);
        assert.match(result.stderr, new RegExp(`would refuse a new SSH connection from ${admin.replace(/\./g, "\\.")}, this push's own address`));
        assert.match(result.stderr, /previous files restored and reloaded/);
        assert.strictEqual(table(), before, "the previous ruleset is loaded again");
        assert.strictEqual(host!.exec(`sha256sum ${firewallPath}`).stdout, fileBefore);
        assert.strictEqual(sshFrom(admin), 0, "a new SSH connection from the pusher still gets in");
    });
});
