/**
 * The S3 bucket for call recordings: private, owner-enforced, encrypted, versioned, expiring,
 * TLS only. aws v7 configures each of these with its own resource (the V2-suffixed names are
 * deprecated aliases, and the inline Bucket arguments are deprecated).
 */
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { privateBucket } from "./private-bucket";

export type RecordingsConfig = Pick<StackConfig, "recordingsExpireDays" | "recordingsNoncurrentExpireDays">;

/** S3.13: current recordings expire, overwritten/deleted versions sooner, stale uploads are aborted. */
export function lifecycleRules(config: RecordingsConfig) {
    return [
        {
            id: "expire-recordings",
            status: "Enabled",
            // Every object, said explicitly: an empty `filter: {}` reaches the provider as no filter
            // and draws its "will be an error in a future version" warning (offline/provider-checks.ts).
            filter: { prefix: "" },
            expiration: { days: config.recordingsExpireDays },
            noncurrentVersionExpiration: { noncurrentDays: config.recordingsNoncurrentExpireDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
    ];
}

/** S3.5: deny every request that does not use TLS. */
export function tlsOnlyPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

export interface RecordingsBucketArgs {
    readonly config: RecordingsConfig;
    readonly tags: (name: string) => Record<string, string>;
}

export class RecordingsBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;

    constructor(name: string, args: RecordingsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:data:RecordingsBucket", name, {}, opts);
        const parent = { parent: this };
        const bucketName = `${name}-recordings`;

        const { bucket } = privateBucket(bucketName, {
            tags: args.tags,
            lifecycleRules: lifecycleRules(args.config),
            policy: { suffix: "tls-only", document: (arn) => arn.apply(tlsOnlyPolicy) },
        }, parent);

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
