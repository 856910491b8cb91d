/**
 * The S3 bucket for call recordings: private, owner-enforced, encrypted, versioned, expiring,
 * TLS only. aws v7 configures each of these with its own resource (the V2-suffixed names are
 * deprecated aliases, and the inline Bucket arguments are deprecated).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";

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

        // Auto-named (a random suffix): bucket names are global, and a fixed name could be taken.
        const bucket = new aws.s3.Bucket(bucketName, { tags: args.tags(bucketName) }, parent);

        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${bucketName}-public-access`, {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, parent);
        // S3.12: ACLs disabled; the bucket owner owns every object.
        new aws.s3.BucketOwnershipControls(`${bucketName}-ownership`, {
            bucket: bucket.id,
            rule: { objectOwnership: "BucketOwnerEnforced" },
        }, parent);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${bucketName}-sse`, {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, parent);
        const versioning = new aws.s3.BucketVersioning(`${bucketName}-versioning`, {
            bucket: bucket.id,
            versioningConfiguration: { status: "Enabled" },
        }, parent);
        // The noncurrent-version rule means nothing until versioning is on: create it after.
        new aws.s3.BucketLifecycleConfiguration(`${bucketName}-lifecycle`, {
            bucket: bucket.id,
            rules: lifecycleRules(args.config),
        }, { ...parent, dependsOn: [versioning] });
        // S3 rejects concurrent policy and public-access-block updates on one bucket: serialise them.
        new aws.s3.BucketPolicy(`${bucketName}-tls-only`, {
            bucket: bucket.id,
            policy: bucket.arn.apply(tlsOnlyPolicy),
        }, { ...parent, dependsOn: [publicAccess] });

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
