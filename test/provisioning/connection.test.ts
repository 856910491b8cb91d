/**
 * No push connection without the host's pinned key: connectionArgs refuses a missing, empty or
 * wrong-type key, at construction or when the key's Output resolves.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { checkedHostKey, connectionArgs, SshTarget } from "../../provisioning/push";

const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIApiHostKeyApiHostKeyApiHostKeyApiHostKey0";
const target = (hostKey: any): SshTarget => ({ host: "203.0.113.10", privateKey: "PRIVATE-KEY", user: "admin", hostKey });
const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve, reject) => {
    // An apply that throws surfaces as an unhandled rejection of the Output's promise.
    (output as any).promise().then(resolve, reject);
});

describe("push connection: pinned host key", () => {
    it("refuses to build a connection without a host key", () => {
        assert.throws(() => connectionArgs(target(undefined)), /SSH connection refused: hostKey must be the host's ssh-ed25519 public key, got none/);
    });

    it("refuses an empty key and a key of another type when the Output resolves", async () => {
        for (const bad of ["", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC", "ecdsa-sha2-nistp256 AAAAE2VjZHNh"]) {
            const connection = connectionArgs(target(pulumi.output(bad)));
            await assert.rejects(resolved(connection.hostKey as pulumi.Output<string>), /SSH connection refused: hostKey must be the host's ssh-ed25519 public key/, bad);
        }
    });

    it("passes the host's ed25519 key (as tls.PrivateKey's publicKeyOpenssh gives it, newline and all) as hostKey", async () => {
        const connection = connectionArgs(target(pulumi.output(`${key}\n`)));
        assert.strictEqual(await resolved(connection.hostKey as pulumi.Output<string>), key);
        assert.strictEqual(checkedHostKey(`${key} comment`), `${key} comment`);
    });
});
