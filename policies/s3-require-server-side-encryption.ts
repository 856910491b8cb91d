import type { StackValidationPolicy } from "@pulumi/policy";
import { buckets, companionsOf } from "./lib/buckets";
import { bucketSseTypes } from "../facts/resource-types";
import { isUnknown, read } from "./lib/unknown";

function hasRules(props: unknown): boolean {
    const rules = read(props, "rules") ?? read(props, "rule");
    return isUnknown(rules) || (Array.isArray(rules) ? rules.length > 0 : rules !== undefined && rules !== null);
}

export const s3RequireServerSideEncryption: StackValidationPolicy = {
    name: "s3-require-server-side-encryption",
    description: "Requires every S3 bucket to declare default server-side encryption (recordings hold call audio).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const bucket of buckets(args.resources)) {
            const inline = read(bucket.props, "serverSideEncryptionConfiguration");
            if (isUnknown(inline) || (inline !== undefined && inline !== null && hasRules(inline))) continue;
            if (companionsOf(bucket, args.resources, bucketSseTypes).some((sse) => hasRules(sse.props))) continue;
            report(`bucket '${bucket.name}' has no server-side encryption configuration; add an aws.s3.BucketServerSideEncryptionConfiguration with bucket: ${bucket.name}.id and a rule applying aws:kms (or AES256) by default.`, bucket.urn);
        }
    },
};
