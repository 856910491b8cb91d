/**
 * Links S3 buckets to the standalone resources that configure them (public access block,
 * encryption, bucket policy): by the `bucket` property's dependency on the bucket (known during
 * preview) or by its value equal to the bucket's name/id (known after apply).
 */
import type { LinkedResource } from "./hosts";
import { bucketTypes } from "../../facts/resource-types";
import { referrers } from "./references";

export function buckets(resources: readonly LinkedResource[]): LinkedResource[] {
    return resources.filter((r) => bucketTypes.includes(r.type));
}

/** Resources of `companionTypes` whose `bucket` property points at `bucket`. */
export function companionsOf(bucket: LinkedResource, resources: readonly LinkedResource[], companionTypes: readonly string[]): LinkedResource[] {
    return referrers(resources, companionTypes, "bucket", bucket, ["bucket", "id"]);
}
