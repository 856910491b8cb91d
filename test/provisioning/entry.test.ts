/**
 * The Pulumi entry under Pulumi's mocks: what HostProvisioning registers for each unit (one push
 * Command, the files inside its stdin), with which secrecy, logging, triggers and connection
 * settings, and that the push Command's stdin is exactly the script the host tests run.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { HostProvisioning } from "../../provisioning/index";
import { renderPushScript, unitHash } from "../../provisioning/render/push-script";
import { apiHostUnits } from "../../provisioning/roles/api";
import { freeswitchHostUnits } from "../../provisioning/roles/freeswitch";
import { stackConfig } from "./fixtures";
import { tokenParts, types } from "../../facts/resource-types";

/** Each host's pinned key, by the address the connection dials (test values, not real keys). */
const hostKeys: Record<string, string> = {
    "203.0.113.10": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIApiHostKeyApiHostKeyApiHostKeyApiHostKey0",
    "203.0.113.20": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFsHostKeyFsHostKeyFsHostKeyFsHostKeyFsHo0",
};
const secretKey = "4dabf18193072939515e22adb298388d";
const isSecret = (v: any) => v !== null && typeof v === "object" && v[secretKey] === "1b47061264138c4ac30d75fd1eb44270";
const plain = (v: any): any => (isSecret(v) ? plain(v.value) : Array.isArray(v) ? v.map(plain) : v);

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, any>;
    secretOutputs: string[];
    dependencies: string[];
    urn: string;
}

describe("HostProvisioning (Pulumi entry, under mocks)", function () {
    this.timeout(60_000);
    const config = stackConfig("dev");
    const registered: Registered[] = [];
    let component: HostProvisioning;

    before(async () => {
        let current: any;
        let monitor: any;
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    const req = current;
                    registered.push({
                        type: args.type,
                        name: args.name,
                        inputs: args.inputs,
                        secretOutputs: req?.getAdditionalsecretoutputsList() ?? [],
                        dependencies: req?.getDependenciesList() ?? [],
                        urn: monitor.newUrn(req?.getParent() || undefined, args.type, args.name),
                    });
                    const state = args.type === types.randomPassword ? { result: `generated-${args.name}` } : { stdout: "", stderr: "" };
                    return { id: `${args.name}-id`, state: { ...args.inputs, ...state } };
                },
                call: () => ({}),
            },
            "irisx-infra",
            "dev",
            false,
        );
        monitor = pulumi.runtime.getMonitor() as any;
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req: any, cb: any) => ((current = req), register(req, cb));
        component = new HostProvisioning("irisx", {
            config,
            sshPrivateKey: pulumi.secret("PRIVATE-KEY"),
            api: [{ publicIp: "203.0.113.10", privateIp: "10.10.1.10", instanceId: "i-api", hostKey: hostKeys["203.0.113.10"] }],
            freeswitch: [{ publicIp: "203.0.113.20", privateIp: "10.10.1.20", instanceId: "i-fs", hostKey: hostKeys["203.0.113.20"] }],
            database: { address: "db.internal", port: 5432, username: "irisx", password: pulumi.secret("db-pass") },
            redis: { address: "cache.internal", port: 6379, authToken: pulumi.secret("redis-token") },
            recordingsBucket: "irisx-dev-recordings",
            app: { apiKeyHashSecret: pulumi.secret("hash-secret"), trunkAuthToken: pulumi.secret("trunk-token") },
        });
        await new Promise<void>((resolve) => pulumi.all(Object.values(component.pushes).map((c) => c.stdout)).apply(() => resolve()));
    });

    const byName = (name: string) => {
        const found = registered.find((r) => r.name === name);
        assert.ok(found, `no resource named ${name}; have ${registered.map((r) => r.name).join(", ")}`);
        return found;
    };
    const expected = {
        api: apiHostUnits(
            { config, db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" }, redis: { host: "cache.internal", port: 6379 }, recordingsBucket: "irisx-dev-recordings", freeswitchPrivateIps: ["10.10.1.20"] },
            { dbPassword: "db-pass", redisAuthToken: "redis-token", eslPassword: "generated-irisx-esl-password", apiKeyHashSecret: "hash-secret", trunkAuthToken: "trunk-token" },
        ),
        freeswitch: freeswitchHostUnits(
            { config, freeswitchPrivateIp: "10.10.1.20", freeswitchPublicIp: "203.0.113.20", apiPrivateIps: ["10.10.1.10"] },
            { eslPassword: "generated-irisx-esl-password", defaultPassword: "generated-irisx-freeswitch-default-password" },
        ),
    };

    it("registers one push Command per unit, in order, each after the previous one on its host", () => {
        assert.deepStrictEqual(Object.keys(component.pushes), [
            "freeswitch/sshd", "freeswitch/freeswitch", "freeswitch/fail2ban", "freeswitch/firewall", "freeswitch/cloudwatch-agent",
            "api/sshd", "api/nginx", "api/fail2ban", "api/firewall", "api/cloudwatch-agent", "api/api-env",
        ]);
        assert.ok(byName("irisx-api-fail2ban-apply").dependencies.includes(byName("irisx-api-nginx-apply").urn));
        assert.ok(byName("irisx-freeswitch-fail2ban-apply").dependencies.includes(byName("irisx-freeswitch-freeswitch-apply").urn));
        assert.deepStrictEqual(byName("irisx-api-nginx-apply").dependencies, [byName("irisx-api-sshd-apply").urn], "nginx waits only for sshd");
        assert.deepStrictEqual(byName("irisx-api-sshd-apply").dependencies, [], "the first unit of a host waits for nothing");
    });

    it("hands the API a rotated ESL password only after FreeSWITCH's config push has applied it", () => {
        const env = byName("irisx-api-api-env-apply");
        assert.ok(env.dependencies.includes(byName("irisx-freeswitch-freeswitch-apply").urn));
        assert.ok(env.dependencies.includes(byName("irisx-api-cloudwatch-agent-apply").urn));
        assert.ok(!byName("irisx-api-nginx-apply").dependencies.includes(byName("irisx-freeswitch-freeswitch-apply").urn), "nginx does not wait for FreeSWITCH");
    });

    for (const host of ["api", "freeswitch"] as const) {
        it(`${host}: pipes exactly the rendered push script to "sudo -n bash -s" with a content-hash trigger`, () => {
            for (const unit of expected[host]) {
                const apply = byName(`irisx-${host}-${unit.name}-apply`);
                assert.strictEqual(apply.inputs.create, "sudo -n bash -s");
                assert.strictEqual(plain(apply.inputs.stdin), renderPushScript(unit, "admin"), unit.name);
                assert.strictEqual(isSecret(apply.inputs.stdin), unit.secret, `${unit.name}: the script carries the unit's contents`);
                assert.deepStrictEqual(plain(apply.inputs.triggers), [unitHash(unit), `i-${host === "api" ? "api" : "fs"}`]);
            }
        });
    }

    it("registers no CopyToRemote: every file of every unit travels in its push Command's stdin", () => {
        assert.deepStrictEqual([...new Set(registered.filter((r) => tokenParts(r.type).pkg === "command").map((r) => r.type))], [types.remoteCommand]);
        for (const unit of [...expected.api, ...expected.freeswitch]) {
            const host = expected.api.includes(unit) ? "api" : "freeswitch";
            const stdin: string = plain(byName(`irisx-${host}-${unit.name}-apply`).inputs.stdin);
            for (const file of unit.files) assert.ok(stdin.includes(`'${Buffer.from(file.content).toString("base64")}'`), `${unit.name}: ${file.path} is not in stdin`);
        }
    });

    it("logs nothing and keeps stdout/stderr secret for units that carry secrets; logs the others", () => {
        for (const [name, secret] of [["irisx-api-api-env-apply", true], ["irisx-api-nginx-apply", false], ["irisx-freeswitch-freeswitch-apply", true], ["irisx-freeswitch-fail2ban-apply", false]] as const) {
            const apply = byName(name);
            assert.strictEqual(apply.inputs.logging, secret ? "none" : "stdoutAndStderr", name);
            // (The provider itself adds "connection".)
            assert.deepStrictEqual(apply.secretOutputs.filter((o) => o !== "connection").sort(), secret ? ["stderr", "stdin", "stdout"] : [], name);
        }
    });

    it("connects as admin with a secret key, pins each host's own key, and retries a booting host (dialErrorLimit, perDialTimeout); the drain of a leaving host gives up sooner", () => {
        for (const r of registered.filter((x) => x.type === types.remoteCommand)) {
            assert.ok(isSecret(r.inputs.connection) || isSecret(r.inputs.connection?.privateKey), `${r.name}: connection not secret`);
            const connection = plain(r.inputs.connection);
            assert.strictEqual(connection.user, "admin");
            assert.strictEqual(plain(connection.privateKey), "PRIVATE-KEY");
            assert.deepStrictEqual([connection.dialErrorLimit, connection.perDialTimeout], r.name.endsWith("-drain") ? [3, 20] : [30, 20], r.name);
            assert.ok(["203.0.113.10", "203.0.113.20"].includes(connection.host));
            assert.strictEqual(plain(connection.hostKey), hostKeys[connection.host], `${r.name}: hostKey`);
        }
    });

    it("generates the ESL and default passwords (letters and digits) and exposes the ESL one as a secret", async () => {
        for (const name of ["irisx-esl-password", "irisx-freeswitch-default-password"]) {
            assert.strictEqual(byName(name).inputs.special, false);
        }
        assert.ok(await new Promise<boolean>((resolve) => (component.eslPassword as any).isSecret.then(resolve)));
    });
});
