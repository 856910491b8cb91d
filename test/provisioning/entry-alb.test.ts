/**
 * The Pulumi entry behind the load balancer (edge alb), under Pulumi's mocks: the API host's
 * fail2ban push carries the edge's WAF IP set (name, id, region from the edge component's
 * outputs), and HostProvisioning refuses edge alb without one.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { HostProvisioning, HostProvisioningArgs } from "../../provisioning/index";
import { renderPushScript } from "../../provisioning/render/push-script";
import { wafIpSetPaths } from "../../provisioning/render/waf-ipset";
import { apiHostUnits } from "../../provisioning/roles/api";
import { stackConfig } from "./fixtures";

const secretKey = "4dabf18193072939515e22adb298388d";
const plain = (v: any): any => (v !== null && typeof v === "object" && v[secretKey] ? plain(v.value) : v);

describe("HostProvisioning behind the load balancer (edge alb, under mocks)", function () {
    this.timeout(60_000);
    const config = { ...stackConfig("dev"), edge: "alb" as const };
    const waf = { ipSetName: "irisx-dev-banned", ipSetId: "0b1f6a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b", region: "us-east-1" };
    const registered: { name: string; inputs: Record<string, any> }[] = [];
    const args = (extra: Partial<HostProvisioningArgs> = {}): HostProvisioningArgs => ({
        config,
        sshPrivateKey: pulumi.secret("PRIVATE-KEY"),
        api: [{ publicIp: "203.0.113.10", privateIp: "10.10.1.10", instanceId: "i-api", hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIApiHostKeyApiHostKeyApiHostKeyApiHostKey0" }],
        freeswitch: [{ publicIp: "203.0.113.20", privateIp: "10.10.1.20", instanceId: "i-fs", hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFsHostKeyFsHostKeyFsHostKeyFsHostKeyFsHo0" }],
        database: { address: "db.internal", port: 5432, username: "irisx", password: pulumi.secret("db-pass") },
        redis: { address: "cache.internal", port: 6379, authToken: pulumi.secret("redis-token") },
        recordingsBucket: "irisx-dev-recordings",
        app: { apiKeyHashSecret: pulumi.secret("hash-secret") },
        ...extra,
    });

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (a) => {
                    registered.push({ name: a.name, inputs: a.inputs });
                    const state = a.type === "random:index/randomPassword:RandomPassword" ? { result: `generated-${a.name}` } : { stdout: "", stderr: "" };
                    return { id: `${a.name}-id`, state: { ...a.inputs, ...state } };
                },
                call: () => ({}),
            },
            "irisx-infra",
            "dev",
            false,
        );
        const component = new HostProvisioning("irisx", args({ waf: { ipSetName: pulumi.output(waf.ipSetName), ipSetId: pulumi.output(waf.ipSetId), region: waf.region } }));
        await new Promise<void>((resolve) => pulumi.all(Object.values(component.pushes).map((c) => c.stdout)).apply(() => resolve()));
    });

    it("pushes the fail2ban unit with the edge's IP set in its ban action, readable (no secret in it)", () => {
        const expected = apiHostUnits(
            { config, db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" }, redis: { host: "cache.internal", port: 6379 }, recordingsBucket: "irisx-dev-recordings", freeswitchPrivateIps: ["10.10.1.20"], waf },
            { dbPassword: "db-pass", redisAuthToken: "redis-token", eslPassword: "generated-irisx-esl-password", apiKeyHashSecret: "hash-secret" },
        ).find((u) => u.name === "fail2ban")!;
        assert.ok(expected.files.some((f) => f.path === wafIpSetPaths.action && f.content.includes(`--name ${waf.ipSetName} --id ${waf.ipSetId} --region us-east-1`)));
        const apply = registered.find((r) => r.name === "irisx-api-fail2ban-apply")!;
        assert.strictEqual(plain(apply.inputs.stdin), renderPushScript(expected, "admin"));
        assert.strictEqual(apply.inputs.logging, "stdoutAndStderr");
    });

    it("refuses edge alb without the WAF IP set, naming what is missing", () => {
        assert.throws(() => new HostProvisioning("irisx-nowaf", args()), /edge alb: HostProvisioning needs the WAF IP set \(args\.waf\)/);
    });
});
