/**
 * Links S3 buckets to the standalone resources that configure them (public access block,
 * encryption): by the `bucket` property's dependency on the bucket (known during preview) or by
 * its value equal to the bucket's name/id (known after apply).
 */
import type { LinkedResource } from "./hosts";
import { bucketTypes } from "../../facts/resource-types";
import { knownString, read } from "./unknown";

export function buckets(resources: readonly LinkedResource[]): LinkedResource[] {
    return resources.filter((r) => bucketTypes.includes(r.type));
}

/** Resources of `companionTypes` whose `bucket` property points at `bucket`. */
export function companionsOf(bucket: LinkedResource, resources: readonly LinkedResource[], companionTypes: readonly string[]): LinkedResource[] {
    const names = [knownString(read(bucket.props, "bucket")), knownString(read(bucket.props, "id"))].filter((n): n is string => n !== undefined);
    return resources.filter((r) => {
        if (!companionTypes.includes(r.type)) return false;
        const deps = (r.propertyDependencies?.["bucket"] ?? []).map((d) => (typeof d === "string" ? d : d.urn));
        const target = knownString(read(r.props, "bucket"));
        return deps.includes(bucket.urn) || (target !== undefined && names.includes(target));
    });
}
