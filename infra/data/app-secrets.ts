/**
 * The API app's own secrets: the key its API-key hashes are keyed with, the one before it during a
 * rotation's dual-key window, and the SIP trunk's auth token (for webhook signatures) when set.
 *
 * One hashing secret per rotation label, named after the label: a rotation adds the new one and
 * keeps the previous one (same resource, same value) while `secretsRotationPrevious` names it, so
 * stored hashes keep verifying until the app has re-hashed them (README "What the application must do").
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { StackConfig } from "../config";

export type AppSecretsConfig = Pick<StackConfig, "secretsRotation" | "secretsRotationPrevious" | "trunkAuthTokenSet">;

export interface AppSecretsArgs {
    readonly config: AppSecretsConfig;
    /** The secret config value `trunkAuthToken`, when set. */
    readonly trunkAuthToken?: pulumi.Output<string>;
}

/** The resource name of the hashing secret generated under one rotation label. */
export function apiKeyHashSecretName(prefix: string, label: string): string {
    return `${prefix}-api-key-hash-secret-${label}`;
}

export class AppSecrets extends pulumi.ComponentResource {
    /** Secret: hashes new API keys; tried first when verifying. */
    readonly apiKeyHashSecret: pulumi.Output<string>;
    /** Secret: the previous label's hashing secret, during the dual-key window only. */
    readonly apiKeyHashSecretPrevious?: pulumi.Output<string>;
    /** Secret: the SIP trunk provider's auth token, when configured. */
    readonly trunkAuthToken?: pulumi.Output<string>;

    constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:data:AppSecrets", name, {}, opts);
        const hashSecret = (label: string) =>
            // 64 letters and digits (~380 bits): an HMAC-SHA256 key that needs no escaping in api.env.
            pulumi.secret(new random.RandomPassword(apiKeyHashSecretName(name, label), { keepers: { rotation: label }, length: 64, special: false }, { parent: this }).result);
        this.apiKeyHashSecret = hashSecret(args.config.secretsRotation);
        this.apiKeyHashSecretPrevious = args.config.secretsRotationPrevious === undefined ? undefined : hashSecret(args.config.secretsRotationPrevious);
        if (args.config.trunkAuthTokenSet && !args.trunkAuthToken) throw new Error("AppSecrets: trunkAuthToken is set in config but was not passed");
        this.trunkAuthToken = args.config.trunkAuthTokenSet && args.trunkAuthToken ? pulumi.secret(args.trunkAuthToken) : undefined;
        this.registerOutputs({ apiKeyHashSecret: this.apiKeyHashSecret, apiKeyHashSecretPrevious: this.apiKeyHashSecretPrevious, trunkAuthToken: this.trunkAuthToken });
    }
}
