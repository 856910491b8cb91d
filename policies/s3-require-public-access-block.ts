import type { StackValidationPolicy } from "@pulumi/policy";
import { buckets, companionsOf } from "./lib/buckets";
import { types } from "../facts/resource-types";
import { deferToUnknown, isUnknown, read } from "./lib/unknown";

export const publicAccessBlockFlags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const s3RequirePublicAccessBlock: StackValidationPolicy = {
    name: "s3-require-public-access-block",
    description: "Requires every S3 bucket to have a BucketPublicAccessBlock with all four flags true (Security Hub S3.8).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const pending: (() => void)[] = [];
        for (const bucket of buckets(args.resources)) {
            const blocks = companionsOf(bucket, args.resources, [types.bucketPublicAccessBlock]);
            if (blocks.length === 0) {
                report(`bucket '${bucket.name}' has no public access block; add an aws.s3.BucketPublicAccessBlock with bucket: ${bucket.name}.id and ${publicAccessBlockFlags.join(", ")} all true.`, bucket.urn);
                continue;
            }
            const gaps = blocks.map((block) => ({
                block,
                unknown: publicAccessBlockFlags.filter((f) => isUnknown(read(block.props, f))),
                off: publicAccessBlockFlags.filter((f) => !isUnknown(read(block.props, f)) && read(block.props, f) !== true),
            }));
            if (gaps.some((g) => g.off.length === 0 && g.unknown.length === 0)) continue;
            const decided = gaps.find((g) => g.off.length > 0);
            if (decided) {
                report(`bucket '${bucket.name}': public access block '${decided.block.name}' leaves ${decided.off.join(", ")} unset or false; set all four flags to true.`, bucket.urn);
            } else {
                pending.push(() => gaps.forEach((g) => g.unknown.forEach((f) => deferToUnknown(g.block.props, [f]))));
            }
        }
        pending.forEach((surface) => surface());
    },
};
