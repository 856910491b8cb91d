/**
 * The Pulumi entry under Pulumi's mocks: what HostProvisioning registers for each unit (staging
 * command, one CopyToRemote per file, the push Command), with which secrecy, logging, triggers and
 * connection settings, and that the push Command's stdin is exactly the script the host tests run.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { HostProvisioning } from "../../provisioning/index";
import { renderPushScript, sha256, stagedName } from "../../provisioning/render/push-script";
import { apiHostUnits } from "../../provisioning/roles/api";
import { freeswitchHostUnits } from "../../provisioning/roles/freeswitch";
import { stackConfig } from "./fixtures";

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
                    const state = args.type === "random:index/randomPassword:RandomPassword" ? { result: `generated-${args.name}` } : { stdout: "", stderr: "" };
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
            api: { publicIp: "203.0.113.10", privateIp: "10.10.1.10", instanceId: "i-api" },
            freeswitch: { publicIp: "203.0.113.20", privateIp: "10.10.1.20", instanceId: "i-fs" },
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
            { config, db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" }, redis: { host: "cache.internal", port: 6379 }, recordingsBucket: "irisx-dev-recordings", freeswitchPrivateIp: "10.10.1.20" },
            { dbPassword: "db-pass", redisAuthToken: "redis-token", eslPassword: "generated-irisx-esl-password", apiKeyHashSecret: "hash-secret", trunkAuthToken: "trunk-token" },
        ),
        freeswitch: freeswitchHostUnits(
            { config, freeswitchPrivateIp: "10.10.1.20", freeswitchPublicIp: "203.0.113.20", apiPrivateIp: "10.10.1.10" },
            { eslPassword: "generated-irisx-esl-password", defaultPassword: "generated-irisx-freeswitch-default-password" },
        ),
    };

    it("registers one push Command per unit, in order, each after the previous one on its host", () => {
        assert.deepStrictEqual(Object.keys(component.pushes), [
            "freeswitch/freeswitch", "freeswitch/fail2ban", "freeswitch/firewall", "freeswitch/cloudwatch-agent",
            "api/nginx", "api/fail2ban", "api/firewall", "api/cloudwatch-agent", "api/api-env",
        ]);
        const nginxCopies = registered.filter((r) => r.type === "command:remote:CopyToRemote" && r.name.startsWith("irisx-api-nginx-"));
        assert.ok(byName("irisx-api-fail2ban-staging").dependencies.includes(byName("irisx-api-nginx-apply").urn));
        assert.deepStrictEqual(byName("irisx-api-nginx-apply").dependencies.sort(), nginxCopies.map((c) => c.urn).sort());
    });

    it("hands the API a rotated ESL password only after FreeSWITCH's config push has applied it", () => {
        const envStaging = byName("irisx-api-api-env-staging");
        assert.ok(envStaging.dependencies.includes(byName("irisx-freeswitch-freeswitch-apply").urn));
        assert.ok(envStaging.dependencies.includes(byName("irisx-api-cloudwatch-agent-apply").urn));
        assert.ok(!byName("irisx-api-nginx-staging").dependencies.includes(byName("irisx-freeswitch-freeswitch-apply").urn), "nginx does not wait for FreeSWITCH");
    });

    for (const host of ["api", "freeswitch"] as const) {
        it(`${host}: pipes exactly the rendered push script to "sudo -n bash -s" with a content-hash trigger`, () => {
            for (const unit of expected[host]) {
                const apply = byName(`irisx-${host}-${unit.name}-apply`);
                assert.strictEqual(apply.inputs.create, "sudo -n bash -s");
                assert.strictEqual(plain(apply.inputs.stdin), renderPushScript(unit, "admin"), unit.name);
                assert.strictEqual(isSecret(apply.inputs.stdin), unit.secret, `${unit.name}: the script holds hashes of secret files`);
                assert.strictEqual(plain(apply.inputs.triggers)[1], `i-${host === "api" ? "api" : "fs"}`);
            }
        });

        it(`${host}: copies every file to the staging path with its content hash as trigger, secret content kept secret`, async () => {
            for (const unit of expected[host]) {
                for (const file of unit.files) {
                    const copy = byName(`irisx-${host}-${unit.name}-${stagedName(file.path)}`);
                    assert.strictEqual(copy.inputs.remotePath, `/home/admin/.irisx-push/${unit.name}/${stagedName(file.path)}`);
                    assert.strictEqual(plain(copy.inputs.triggers)[0], sha256(file.content));
                    assert.strictEqual(isSecret(copy.inputs.source), unit.secret, `${file.path} secret=${unit.secret}`);
                    assert.strictEqual(await plain(copy.inputs.source).text, file.content, file.path);
                    // (The provider itself adds "connection".)
                    assert.deepStrictEqual(copy.secretOutputs.filter((o) => o !== "connection"), unit.secret ? ["source"] : [], `${file.path}: additionalSecretOutputs`);
                }
            }
        });
    }

    it("logs nothing and keeps stdout/stderr secret for units that carry secrets; logs the others", () => {
        for (const [name, secret] of [["irisx-api-api-env-apply", true], ["irisx-api-nginx-apply", false], ["irisx-freeswitch-freeswitch-apply", true], ["irisx-freeswitch-fail2ban-apply", false]] as const) {
            const apply = byName(name);
            assert.strictEqual(apply.inputs.logging, secret ? "none" : "stdoutAndStderr", name);
            // (The provider itself adds "connection".)
            assert.deepStrictEqual(apply.secretOutputs.filter((o) => o !== "connection").sort(), secret ? ["stderr", "stdout"] : [], name);
        }
    });

    it("connects as admin with a secret key and retries a booting host (dialErrorLimit, perDialTimeout)", () => {
        for (const r of registered.filter((x) => x.type.startsWith("command:remote:"))) {
            assert.ok(isSecret(r.inputs.connection) || isSecret(r.inputs.connection?.privateKey), `${r.name}: connection not secret`);
            const connection = plain(r.inputs.connection);
            assert.strictEqual(connection.user, "admin");
            assert.strictEqual(plain(connection.privateKey), "PRIVATE-KEY");
            assert.deepStrictEqual([connection.dialErrorLimit, connection.perDialTimeout], [30, 20]);
            assert.ok(["203.0.113.10", "203.0.113.20"].includes(connection.host));
        }
    });

    it("generates the ESL and default passwords (letters and digits) and exposes the ESL one as a secret", async () => {
        for (const name of ["irisx-esl-password", "irisx-freeswitch-default-password"]) {
            assert.strictEqual(byName(name).inputs.special, false);
        }
        assert.ok(await new Promise<boolean>((resolve) => (component.eslPassword as any).isSecret.then(resolve)));
    });
});
