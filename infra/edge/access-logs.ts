/**
 * The load balancer's access-log bucket, locked down like the recordings bucket: public access
 * blocked, ACLs disabled, SSE-S3, versioned, expiring, TLS only. Two things differ because Elastic
 * Load Balancing writes the logs itself ("Enable access logs for your Application Load Balancer",
 * docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html):
 * - encryption is SSE-S3 (AES256): "the only server-side encryption option that's supported is
 *   Amazon S3-managed keys (SSE-S3)", so no KMS key;
 * - the bucket policy grants the region's Elastic Load Balancing account s3:PutObject under
 *   `<prefix>/AWSLogs/<account>/` (regions opened before August 2022, us-east-1 among them; the
 *   provider's aws_elb_service_account data source maps the region to that account).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tlsOnlyPolicy } from "../data/recordings-bucket";
import { privateBucket } from "../data/private-bucket";

/** Where the load balancer writes under the bucket (ELB appends AWSLogs/<account>/elasticloadbalancing/…). */
export const accessLogPrefix = "alb";

/** TLS-only (S3.5) plus the ELB log-delivery grant, on exactly the prefix the load balancer writes. */
export function accessLogBucketPolicy(bucketArn: string, elbAccountArn: string, accountId: string): string {
    const tlsOnly = JSON.parse(tlsOnlyPolicy(bucketArn));
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            ...tlsOnly.Statement,
            {
                Sid: "ElbAccessLogDelivery",
                Effect: "Allow",
                Principal: { AWS: elbAccountArn },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/${accessLogPrefix}/AWSLogs/${accountId}/*`,
            },
        ],
    });
}

export interface AccessLogBucketArgs {
    /** Days before a log object expires (the hosts' log retention). */
    readonly expireDays: number;
    readonly tags: (name: string) => Record<string, string>;
}

export class AccessLogBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    /** The policy the load balancer's first log write needs: create the load balancer after it. */
    readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:edge:AccessLogBucket", name, {}, opts);
        const parent = { parent: this };

        const elb = aws.elb.getServiceAccountOutput({}, parent);
        const caller = aws.getCallerIdentityOutput({}, parent);
        const { bucket, policy } = privateBucket(name, {
            tags: args.tags,
            lifecycleRules: [{
                id: "expire-access-logs",
                status: "Enabled",
                filter: { prefix: "" },
                expiration: { days: args.expireDays },
                noncurrentVersionExpiration: { noncurrentDays: 1 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }],
            policy: { suffix: "policy", document: (arn) => pulumi.all([arn, elb.arn, caller.accountId]).apply(([bucketArn, elbArn, account]) => accessLogBucketPolicy(bucketArn, elbArn, account)) },
        }, parent);
        this.policy = policy;

        this.bucketName = bucket.bucket;
        this.registerOutputs({ bucketName: this.bucketName });
    }
}
