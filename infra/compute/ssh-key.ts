/**
 * The SSH key pair both hosts trust: a supplied OpenSSH public key, or a generated ed25519 key whose
 * private half exists only as a secret in Pulumi state.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

export interface SshKeyArgs {
    /** An OpenSSH public key line; when absent a key pair is generated. */
    readonly publicKey?: string;
    readonly tags: Record<string, string>;
}

export class SshKey extends pulumi.ComponentResource {
    readonly keyName: pulumi.Output<string>;
    readonly publicKeyOpenssh: pulumi.Output<string>;
    /** The generated private key (secret), or undefined when a public key was supplied. */
    readonly privateKeyOpenssh?: pulumi.Output<string>;

    constructor(name: string, args: SshKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:compute:SshKey", name, {}, opts);
        const parent = { parent: this };

        let publicKey: pulumi.Output<string>;
        if (args.publicKey !== undefined) {
            publicKey = pulumi.output(args.publicKey);
        } else {
            const key = new tls.PrivateKey(`${name}-key`, { algorithm: "ED25519" }, parent);
            publicKey = key.publicKeyOpenssh;
            // tls marks it secret already; wrapping again keeps it secret even if that ever changes.
            this.privateKeyOpenssh = pulumi.secret(key.privateKeyOpenssh);
        }

        const pair = new aws.ec2.KeyPair(`${name}-keypair`, { publicKey, tags: args.tags }, parent);
        this.keyName = pair.keyName;
        this.publicKeyOpenssh = publicKey;
        this.registerOutputs({ keyName: this.keyName, publicKeyOpenssh: this.publicKeyOpenssh, privateKeyOpenssh: this.privateKeyOpenssh });
    }
}
