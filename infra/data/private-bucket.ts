/**
 * The locked-down S3 bucket both buckets of the stack are (recordings, the load balancer's access
 * logs): public access blocked, ACLs disabled (S3.12), SSE-S3, versioned, expiring by its own
 * lifecycle rules, and a bucket policy. aws v7 configures each with its own resource.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface PrivateBucketArgs {
    readonly tags: (name: string) => Record<string, string>;
    /** Its lifecycle rules (created after versioning: noncurrent-version rules mean nothing before it). */
    readonly lifecycleRules: aws.types.input.s3.BucketLifecycleConfigurationRule[];
    /** The bucket policy's resource name after the bucket's, and its document from the bucket's ARN. */
    readonly policy: { readonly suffix: string; readonly document: (bucketArn: pulumi.Output<string>) => pulumi.Input<string> };
}

export function privateBucket(name: string, args: PrivateBucketArgs, parent: pulumi.CustomResourceOptions) {
    // Auto-named (a random suffix): bucket names are global, and a fixed name could be taken.
    const bucket = new aws.s3.Bucket(name, { tags: args.tags(name) }, parent);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }, parent);
    // The bucket owner owns every object; ELB log delivery writes through the bucket policy, not ACLs.
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    }, parent);
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, parent);
    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket: bucket.id, rules: args.lifecycleRules }, { ...parent, dependsOn: [versioning] });
    // S3 rejects concurrent policy and public-access-block updates on one bucket: serialise them.
    const policy = new aws.s3.BucketPolicy(`${name}-${args.policy.suffix}`, {
        bucket: bucket.id,
        policy: args.policy.document(bucket.arn),
    }, { ...parent, dependsOn: [publicAccess] });
    return { bucket, policy };
}
