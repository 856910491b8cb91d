/**
 * The host firewall for real: the rendered nftables ruleset pushed over SSH (from another network
 * namespace, through the veth the firewall filters) onto test hosts running Debian's sshd, nginx
 * and fail2ban, then probed with real connections from listed and unlisted source addresses.
 * Every address is inside the namespaces the test made.
 */
import * as assert from "assert";
import { PushUnit } from "../../provisioning/model";
import { apiHostUnits } from "../../provisioning/roles/api";
import { freeswitchHostUnits } from "../../provisioning/roles/freeswitch";
import { firewallUnit } from "../../provisioning/roles/firewall";
import { firewallPath } from "../../facts/host-paths";
import { pushExit } from "../../provisioning/render/push-engine";
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
                freeswitchPrivateIps: ["10.10.0.20"],
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
            assert.strictEqual(result.status, pushExit.applied, `${name}: ${result.stderr}`);
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
        assert.strictEqual(result.status, pushExit.applied, result.stderr);
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
        assert.strictEqual(result.status, pushExit.rolledBack, result.stderr);
        assert.match(result.stderr, new RegExp(`would refuse a new SSH connection from ${admin.replace(/\./g, "\\.")}, this push's own address`));
        assert.match(result.stderr, /previous files restored and reloaded/);
        assert.strictEqual(table(), before, "the previous ruleset is loaded again");
        assert.strictEqual(host!.exec(`sha256sum ${firewallPath}`).stdout, fileBefore);
        assert.strictEqual(sshFrom(admin), 0, "a new SSH connection from the pusher still gets in");
    });
});

describe("host firewall on the FreeSWITCH test host (SIP from the listed peers only)", function () {
    this.timeout(180_000);
    const [hostIp, admin, sipPeer, otherPeer] = ["10.199.1.1", "10.199.1.2", "198.51.100.1", "203.0.113.50"];
    const config = { ...stackConfig("prod"), adminCidrs: [`${admin}/32`], sipSignallingPeers: ["198.51.100.0/30"], mediaPeers: ["198.51.100.64/26"] };
    let host: TestHost | undefined;
    let peer: TestPeer | undefined;
    let remote: SshClient;
    /** What the SIP stand-in (socat on 5060, TCP and UDP) has received so far. */
    const received = () => host!.exec("cat /run/sip-udp.log /run/sip-tcp.log 2>/dev/null").stdout;
    const sendUdp = (source: string) => peer!.exec(["socat", "-u", "-", `UDP4-SENDTO:${hostIp}:5060,bind=${source}`], { input: `OPTIONS udp from ${source}\n` });
    const sendTcp = (source: string) => peer!.exec(["timeout", "5", "socat", "-u", "-", `TCP4:${hostIp}:5060,bind=${source},connect-timeout=3`], { input: `OPTIONS tcp from ${source}\n` });

    before(async function () {
        requireCapability(this, canCreateTestHosts());
        requireCapability(this, commandsInstalled(["nft", "socat"]));
        host = await TestHost.create("fw-fs");
        peer = TestPeer.create(host, hostIp, [admin, sipPeer, otherPeer]);
        const keys = makeKeys(host);
        listenAlsoOn(host, hostIp);
        await startSshd(host, keys);
        // FreeSWITCH is not in Debian: socat listens where its SIP profile would.
        host.exec("setsid socat -u UDP4-RECVFROM:5060,fork OPEN:/run/sip-udp.log,creat,append </dev/null >/dev/null 2>&1 &");
        host.exec("setsid socat -u TCP4-LISTEN:5060,fork,reuseaddr OPEN:/run/sip-tcp.log,creat,append </dev/null >/dev/null 2>&1 &");
        await waitFor(() => host!.exec("ss -Hltn 'sport = :5060' | grep -q .").status === 0, 5000);
        remote = { host, keys, via: { peer, source: admin } };
        const units = freeswitchHostUnits({ config, freeswitchPrivateIp: "10.30.0.20", freeswitchPublicIp: "198.51.100.20", apiPrivateIps: ["10.30.0.10"], host: testHostOptions }, { eslPassword: "e", defaultPassword: "d" });
        const result = pushOverSsh(remote, unitNamed(units, "firewall"));
        assert.strictEqual(result.status, pushExit.applied, result.stderr);
    });

    after(() => {
        peer?.destroy();
        host?.destroy();
    });

    it("passes SIP over UDP and TCP from a listed signalling peer", async () => {
        assert.strictEqual(sendUdp(sipPeer).status, 0);
        assert.strictEqual(sendTcp(sipPeer).status, 0);
        const both = await waitFor(() => received().includes(`udp from ${sipPeer}`) && received().includes(`tcp from ${sipPeer}`), 5000);
        assert.ok(both !== undefined, `received: ${received()}`);
    });

    it("drops SIP from any other address, on UDP and TCP", async () => {
        sendUdp(otherPeer);
        assert.notStrictEqual(sendTcp(otherPeer).status, 0, "the TCP handshake never completes");
        // A control datagram from the listed peer, sent after, arrives: the stranger's had its chance.
        sendUdp(sipPeer);
        await waitFor(() => received().split(`udp from ${sipPeer}`).length > 2, 5000);
        assert.ok(!received().includes(otherPeer), `received: ${received()}`);
    });
});
