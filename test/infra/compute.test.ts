import { strict as assert } from "assert";
import { isSecret, MockedRun, runMocked } from "../../offline/mock-run";
import { mockAmiId } from "../../offline/mock-run-state";
import { parseStackConfig } from "../../infra/config";
import { planSubnets } from "../../infra/network/vpc";
import { renderUserData, rolePackages } from "../../infra/compute/user-data";
import { appPortTagKey, roleTagKey } from "../../facts/ports";
import { committedStacks, committedValues, inputsFrom, mockedStack, ofType, one, plain } from "../helpers/stacks";
import { invokes, types } from "../../facts/resource-types";

/** Shaped like tls.PrivateKey's outputs; not a key anyone holds. */
const fakeHostKey = {
    privateKeyOpenssh: "-----BEGIN OPENSSH PRIVATE KEY-----\nRkFLRS1IT1NULUtFWS1OT1QtQS1TRUNSRVQ=\nRkFLRS1IT1NULUtFWS1OT1QtQS1TRUNSRVQ=\n-----END OPENSSH PRIVATE KEY-----\n",
    publicKeyOpenssh: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeHostKeyFakeHostKeyFakeHostKeyFakeHos\n",
};
const host = (run: MockedRun, role: string) => one(run, types.instance, (r) => plain(r).tags?.[roleTagKey] === role);

describe("renderUserData", () => {
    it("installs nginx, certbot, fail2ban, python3-systemd and xmllint on the API host", () => {
        const text = renderUserData({ role: "api", hostname: "h", hostKey: fakeHostKey });
        assert.match(text, /^#cloud-config\n/);
        for (const pkg of ["nginx", "certbot", "fail2ban", "python3-systemd", "libxml2-utils"]) assert.match(text, new RegExp(`^  - ${pkg}$`, "m"));
    });
    it("installs fail2ban, xmllint and the FreeSWITCH repository prerequisites, but not nginx, on FreeSWITCH", () => {
        const text = renderUserData({ role: "freeswitch", hostname: "h", hostKey: fakeHostKey });
        for (const pkg of ["fail2ban", "libxml2-utils", "gnupg2", "lsb-release", "ca-certificates"]) assert.match(text, new RegExp(`^  - ${pkg}$`, "m"));
        assert.doesNotMatch(text, /nginx/);
        assert.ok(!rolePackages.freeswitch.includes("nginx"));
    });
    it("replaces the image's host keys with the host's own ed25519 key and generates no other type", () => {
        const text = renderUserData({ role: "api", hostname: "h", hostKey: fakeHostKey });
        assert.match(text, /^ssh_deletekeys: true$/m);
        assert.match(text, /^ssh_genkeytypes: \[ed25519\]$/m);
        const block = /^ssh_keys:\n  ed25519_private: \|\n((?: {4}.*\n)+)  ed25519_public: (.*)$/m.exec(text);
        assert.ok(block, text);
        assert.strictEqual(block[1].replace(/^ {4}/gm, ""), fakeHostKey.privateKeyOpenssh);
        assert.strictEqual(block[2], fakeHostKey.publicKeyOpenssh.trim());
        assert.doesNotMatch(text, /(rsa|ecdsa|dsa)_(private|public)/);
    });
    it("refuses a host key that is not an OpenSSH ed25519 pair", () => {
        assert.throws(() => renderUserData({ role: "api", hostname: "h", hostKey: { ...fakeHostKey, publicKeyOpenssh: "ssh-rsa AAAAB3NzaC1yc2E" } }), /not a ssh-ed25519 public key/);
        assert.throws(() => renderUserData({ role: "api", hostname: "h", hostKey: { ...fakeHostKey, privateKeyOpenssh: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----" } }), /not an OpenSSH private key block/);
    });
});

for (const stack of committedStacks) {
    describe(`hosts (${stack})`, () => {
        let run: MockedRun;
        const config = parseStackConfig(committedValues(stack));
        before(async () => {
            run = await mockedStack(stack);
        });

        for (const role of ["api", "freeswitch"] as const) {
            it(`runs the ${role} host with IMDSv2 required and a hop limit of 1`, () => {
                assert.deepEqual(plain(host(run, role)).metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
            });

            it(`launches the ${role} host only once the internet gateway and public routes exist`, () => {
                const waitsFor = host(run, role).dependencies.map((urn) => urn.split("::").pop());
                for (const name of ["irisx-" + stack + "-igw", "irisx-" + stack + "-public-rta-0", "irisx-" + stack + "-public-rta-1"]) {
                    assert.ok(waitsFor.includes(name), `${name} not among ${waitsFor.join(", ")}`);
                }
            });

            it(`encrypts the ${role} host's gp3 root volume`, () => {
                const root = plain(host(run, role)).rootBlockDevice;
                assert.equal(root.encrypted, true);
                assert.equal(root.volumeType, "gp3");
            });

            it(`puts the ${role} host in a public subnet with its own Elastic IP and the configured type`, () => {
                const instance = host(run, role);
                const [subnet] = inputsFrom(run, instance, "subnetId");
                assert.ok(planSubnets(config.vpcCidr).public.includes(plain(subnet).cidrBlock));
                assert.equal(plain(instance).instanceType, role === "api" ? config.apiInstanceType : config.freeswitchInstanceType);
                const eips = ofType(run, types.eip).filter((e) => (e.propertyDependencies.instance ?? []).includes(instance.urn));
                assert.equal(eips.length, 1);
                assert.equal(plain(eips[0]).domain, "vpc");
            });

            it(`boots the ${role} host from the Debian 12 AMI lookup with the ${role} user data, kept secret`, () => {
                const instance = host(run, role);
                assert.equal(plain(instance).ami, mockAmiId);
                assert.ok(isSecret(instance.inputs.userData), "userData holds the host's private key");
                assert.ok(instance.additionalSecretOutputs.includes("userData"));
                const [key] = inputsFrom(run, instance, "userData");
                assert.equal(key.type, types.privateKey);
                const userData: string = plain(instance).userData;
                const hostKey = {
                    privateKeyOpenssh: /^ {4}(-----BEGIN[^]*?-----END OPENSSH PRIVATE KEY-----)$/m.exec(userData)![1].replace(/^ {4}/gm, "") + "\n",
                    publicKeyOpenssh: /^  ed25519_public: (.*)$/m.exec(userData)![1],
                };
                assert.equal(userData, renderUserData({ role, hostname: `irisx-${stack}-${role}`, hostKey }));
            });

            it(`pins the ${role} host's own key, the one its user data installs, on every push connection to it`, () => {
                const installed = /^  ed25519_public: (.*)$/m.exec(plain(host(run, role)).userData)![1];
                const commands = ofType(run, types.remoteCommand).filter((c) => c.name.startsWith(`irisx-${stack}-${role}-`));
                assert.ok(commands.length >= 3, `${commands.length} push commands`);
                for (const command of commands) assert.equal(plain(command).connection.hostKey, installed, command.name);
                const other = /^  ed25519_public: (.*)$/m.exec(plain(host(run, role === "api" ? "freeswitch" : "api")).userData)![1];
                assert.notEqual(other, installed, "each host has its own key");
            });

            it(`gives the ${role} host an instance profile with SSM core and no access keys`, () => {
                const [profile] = inputsFrom(run, host(run, role), "iamInstanceProfile");
                const [iamRole] = inputsFrom(run, profile, "role");
                const ssm = ofType(run, types.iamRolePolicyAttachment).filter((a) => (a.propertyDependencies.role ?? []).includes(iamRole.urn));
                assert.equal(ssm.length, 1);
                assert.match(plain(ssm[0]).policyArn, /^arn:aws:iam::aws:policy\/AmazonSSMManagedInstanceCore$/);
                assert.deepEqual(ofType(run, types.accessKey), []);
            });
        }

        it(`tags the API instance with its app port ${config.appPort} for the policy pack, and FreeSWITCH with none`, () => {
            assert.equal(plain(host(run, "api")).tags?.[appPortTagKey], String(config.appPort));
            assert.equal(plain(host(run, "freeswitch")).tags?.[appPortTagKey], undefined);
        });

        it("lets the API host get, put and delete recordings, and FreeSWITCH only put them, on the bucket's objects only", () => {
            const bucketArn = `arn:aws:s3:::${run.outputs.recordingsBucketName}`;
            const policyOf = (role: string) => JSON.parse(plain(one(run, types.iamRolePolicy, (r) => r.name === `irisx-${stack}-${role}-recordings`)).policy);
            const api = policyOf("api");
            const fs = policyOf("freeswitch");
            assert.deepEqual(api.Statement.map((s: any) => s.Action.sort()), [["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]]);
            assert.deepEqual(fs.Statement.map((s: any) => s.Action), [["s3:PutObject"]]);
            for (const doc of [api, fs]) {
                for (const s of doc.Statement) assert.deepEqual(s.Resource, [`${bucketArn}/*`]);
            }
        });

        it("uses no '*' resource in any IAM policy", () => {
            for (const policy of ofType(run, types.iamRolePolicy)) {
                for (const s of JSON.parse(plain(policy).policy).Statement) {
                    for (const resource of [s.Resource].flat()) assert.notEqual(resource, "*", policy.name);
                }
            }
        });

        it("generates an ed25519 login key pair for both hosts, and an ed25519 host key per host", () => {
            const keys = ofType(run, types.privateKey);
            assert.deepEqual(keys.map((k) => [k.name, plain(k).algorithm]).sort(), [
                [`irisx-${stack}-api-host-key`, "ED25519"], [`irisx-${stack}-freeswitch-host-key`, "ED25519"], [`irisx-${stack}-key`, "ED25519"],
            ]);
            const [pair] = inputsFrom(run, host(run, "api"), "keyName");
            assert.equal(pair.type, types.keyPair);
            assert.deepEqual(inputsFrom(run, host(run, "freeswitch"), "keyName"), [pair]);
        });
    });
}

describe("host overrides", () => {
    it("uses a configured AMI and public key instead of the lookup and a generated key", async () => {
        const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPGTsPP0GFc0ZRmKTtQXRwCGsbsW8Cq9+iEU4bgXSfK ops@irisx";
        const run = await runMocked({
            stack: "dev",
            values: { ...committedValues("dev"), "irisx-infra:amiId": "ami-0123456789abcdef0", "irisx-infra:sshPublicKey": key, "irisx-infra:sshPrivateKey": "-----BEGIN OPENSSH PRIVATE KEY-----\nRkFLRS1OT1QtQS1LRVk=\n-----END OPENSSH PRIVATE KEY-----\n" },
        });
        for (const instance of ofType(run, types.instance)) assert.equal(plain(instance).ami, "ami-0123456789abcdef0");
        assert.deepEqual(run.calls.filter((c) => c.token === invokes.getAmi), []);
        assert.deepEqual(ofType(run, types.privateKey).map((k) => k.name).sort(), ["irisx-dev-api-host-key", "irisx-dev-freeswitch-host-key"]);
        assert.equal(plain(one(run, types.keyPair)).publicKey, key);
        assert.equal(run.outputs.sshPrivateKey, undefined);
    });

    it("looks the AMI up from the Debian cloud team's account by the debian-12-amd64 name", async () => {
        const run = await mockedStack("dev");
        const lookups = run.calls.filter((c) => c.token === invokes.getAmi);
        assert.equal(lookups.length, 1);
        assert.deepEqual(lookups[0].inputs.owners, ["136693071363"]);
        assert.equal(lookups[0].inputs.mostRecent, true);
        assert.deepEqual(lookups[0].inputs.filters.find((f: any) => f.name === "name").values, ["debian-12-amd64-*"]);
    });
});
