/**
 * fail2ban bans into AWS WAF behind the load balancer (edge alb), for real: Debian's nginx and
 * fail2ban on a namespaced test host get the alb-mode units; a "load balancer" peer inside the
 * VPC forwards a flooding client (X-Forwarded-For); fail2ban's nginx-limit-req jail runs our
 * action, whose tool (Debian's python3-boto3) updates an IP set held by moto's server, the
 * stand-in for the WAFv2 API. The test reads the set back through moto.
 */
import * as assert from "assert";
import { PushUnit } from "../../provisioning/model";
import { renderPushScript } from "../../provisioning/render/push-script";
import { wafIpSetPaths } from "../../provisioning/render/waf-ipset";
import { apiHostUnits } from "../../provisioning/roles/api";
import { canCreateTestHosts, commandsInstalled, requireCapability, TestHost, waitFor } from "../helpers/test-host";
import { TestPeer } from "../helpers/test-peer";
import { startFail2ban, startUpstream, testHostOptions } from "../helpers/test-host-services";
import { proxiedBurstScript } from "../helpers/proxied-client";
import { motoInstalled, startWafStandIn, WafStandIn } from "../helpers/waf-stand-in";
import { stackConfig } from "./fixtures";
import { record } from "./measurements";

const [hostIp, balancer] = ["10.198.0.1", "10.198.0.10"];
const config = { ...stackConfig("dev"), edge: "alb" as const, vpcCidr: "10.198.0.0/16" };
const client = "203.0.113.7";

describe("fail2ban bans into the WAF IP set behind the load balancer (real nginx and fail2ban, moto's WAFv2 API)", function () {
    this.timeout(240_000);
    let host: TestHost | undefined;
    let peer: TestPeer | undefined;
    let waf: WafStandIn;

    const unitsFor = (stand: WafStandIn): PushUnit[] =>
        apiHostUnits(
            {
                config,
                db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" },
                redis: { host: "cache.internal", port: 6379 },
                recordingsBucket: "irisx-dev-recordings-test",
                freeswitchPrivateIps: ["10.198.0.20"],
                host: testHostOptions,
                waf: { ipSetName: stand.ipSetName, ipSetId: stand.ipSetId, region: "us-east-1", endpointUrl: stand.endpointUrl },
            },
            { dbPassword: "test-db-password", redisAuthToken: "test-redis-token", eslPassword: "test-esl-password", apiKeyHashSecret: "test-hash" },
        );
    const push = (unit: PushUnit) => host!.exec("bash -s", { input: renderPushScript(unit, "root") });
    const hostBanned = (ip: string) => host!.exec("iptables -S 2>/dev/null").stdout.includes(`-s ${ip}/32`);
    const flood = () =>
        peer!.exec([process.execPath, "-e", proxiedBurstScript({ target: hostIp, localAddress: balancer, hostHeader: config.domain, path: "/v1/calls", forwardedFor: Array(40).fill(client) })]);

    before(async function () {
        requireCapability(this, canCreateTestHosts());
        requireCapability(this, motoInstalled());
        requireCapability(this, commandsInstalled(["/usr/bin/python3"]));
        host = await TestHost.create("waf");
        peer = TestPeer.create(host, hostIp, [balancer]);
        assert.strictEqual(host.exec("nginx").status, 0);
        host.exec("touch /var/log/auth.log"); // Debian's stock sshd jail needs its log file (no sshd here)
        startFail2ban(host);
        await startUpstream(host, config.appPort);
        waf = await startWafStandIn(host, "irisx-dev-banned");
    });

    after(() => {
        peer?.destroy();
        host?.destroy();
    });

    it("pushes the alb nginx and fail2ban units: the nginx jail bans through the WAF action, the sshd jail keeps the host's firewall", () => {
        const units = unitsFor(waf);
        for (const name of ["nginx", "fail2ban"]) {
            const result = push(units.find((u) => u.name === name)!);
            assert.strictEqual(result.status, 0, `${name}: ${result.stderr}`);
        }
        const actions = (jail: string) => host!.exec(`fail2ban-client get ${jail} actions`).stdout;
        assert.match(actions("nginx-limit-req"), /irisx-waf-ipset/);
        assert.doesNotMatch(actions("nginx-limit-req"), /iptables/);
        assert.match(actions("sshd"), /iptables-multiport/);
        assert.strictEqual(host!.exec(`stat -c '%a %U' ${wafIpSetPaths.tool}`).stdout.trim(), "755 root");
        assert.deepStrictEqual(waf.addresses(), []);
    });

    it("a push whose tool cannot run is refused before anything changes (python3-boto3 missing)", () => {
        const fail2ban = unitsFor(waf).find((u) => u.name === "fail2ban")!;
        // An empty directory over Debian's boto3: python sees a namespace package with nothing in it.
        const hidden = host!.exec("mount -t tmpfs tmpfs /usr/lib/python3/dist-packages/boto3");
        assert.strictEqual(hidden.status, 0, hidden.stderr);
        try {
            const changed: PushUnit = { ...fail2ban, files: fail2ban.files.map((f) => (f.path === wafIpSetPaths.tool ? { ...f, content: `${f.content}# changed\n` } : f)) };
            const result = push(changed);
            assert.notStrictEqual(result.status, 0);
            assert.match(result.stderr, /cannot import name 'client' from 'boto3'/);
            assert.doesNotMatch(host!.exec(`cat ${wafIpSetPaths.tool}`).stdout, /# changed/);
        } finally {
            host!.exec("umount /usr/lib/python3/dist-packages/boto3");
        }
    });

    it("bans a client flooding through the load balancer at the WAF (its /32 in the IP set, retried over a concurrent writer's lock conflict), not in the host's firewall", async () => {
        waf.armConflict();
        const flooded = flood();
        assert.strictEqual(flooded.status, 0, flooded.stderr);
        assert.ok(flooded.stdout.includes("429"), "the flood was rate limited");
        const latency = await waitFor(() => waf.addresses().includes(`${client}/32`), 30_000, 250);
        record("alb: nginx-limit-req ban at the WAF (end of flood to the address in moto's IP set)", `${latency} ms (poll step 250 ms)`);
        assert.ok(latency !== undefined, `not banned at the WAF:\n${host!.exec("tail -20 /var/log/fail2ban.log").stdout}\n${waf.proxyLog().join("\n")}`);
        assert.deepStrictEqual(waf.addresses(), ["192.0.2.200/32", `${client}/32`], "the concurrent writer's address survives the retry");
        const updates = waf.proxyLog().filter((l) => /^UpdateIPSet /.test(l) || /concurrent/.test(l));
        assert.deepStrictEqual(updates, ["concurrent writer added 192.0.2.200/32", "UpdateIPSet 400", "UpdateIPSet 200"], "a stale lock token is refused, then retried from a fresh GetIPSet");
        assert.match(host!.exec("fail2ban-client status nginx-limit-req").stdout, new RegExp(`Banned IP list:\\s+${client.replace(/\./g, "\\.")}`));
        assert.strictEqual(hostBanned(client), false, "no host firewall rule: it would stop nothing behind the ALB");
    });

    it("unban removes only that address from the IP set", async () => {
        const unbanned = host!.exec(`fail2ban-client set nginx-limit-req unbanip ${client}`);
        assert.strictEqual(unbanned.status, 0, unbanned.stderr);
        const gone = await waitFor(() => !waf.addresses().includes(`${client}/32`), 30_000, 250);
        assert.ok(gone !== undefined, waf.proxyLog().join("\n"));
        assert.deepStrictEqual(waf.addresses(), ["192.0.2.200/32"]);
    });

    it("the tool is idempotent and refuses what an IPv4 set cannot hold", () => {
        const tool = (op: string, address: string) =>
            host!.exec(`${wafIpSetPaths.tool} --name ${waf.ipSetName} --id ${waf.ipSetId} --region us-east-1 --endpoint-url ${waf.endpointUrl} ${op} ${address}`);
        assert.strictEqual(tool("add", "198.51.100.4").status, 0);
        const again = tool("add", "198.51.100.4");
        assert.strictEqual(again.status, 0, again.stderr);
        assert.match(again.stdout, /already in the set/);
        const v6 = tool("add", "2001:db8::1");
        assert.strictEqual(v6.status, 3);
        assert.match(v6.stderr, /does not fit the IPV4 set/);
        assert.strictEqual(tool("remove", "198.51.100.4").status, 0);
        assert.deepStrictEqual(waf.addresses(), ["192.0.2.200/32"]);
    });
});
