import type { StackValidationPolicy } from "@pulumi/policy";
import { buckets, companionsOf } from "./lib/buckets";
import type { LinkedResource } from "./lib/hosts";
import { bucketSseTypes } from "../facts/resource-types";
import { isUnknown, knownString, read } from "./lib/unknown";

/** A configuration's rules (`rules` of the standalone resource, `rule` of the deprecated inline block); `unknown` during preview. */
function rulesOf(config: unknown): unknown[] | "unknown" {
    const rules = read(config, "rules") ?? read(config, "rule");
    if (isUnknown(rules)) return "unknown";
    if (Array.isArray(rules)) return rules;
    return rules === undefined || rules === null ? [] : [rules];
}

/** True when the rule names a default algorithm (or it is not known yet): a rule of bucketKeyEnabled alone encrypts nothing. */
function namesAlgorithm(rule: unknown): boolean {
    const byDefault = read(rule, "applyServerSideEncryptionByDefault");
    const algorithm = read(byDefault, "sseAlgorithm");
    return isUnknown(rule) || isUnknown(byDefault) || isUnknown(algorithm) || (knownString(algorithm) ?? "").trim() !== "";
}

export const s3RequireServerSideEncryption: StackValidationPolicy = {
    name: "s3-require-server-side-encryption",
    description: "Requires every S3 bucket to declare default server-side encryption naming an algorithm (recordings hold call audio).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const bucket of buckets(args.resources)) {
            const inline = read(bucket.props, "serverSideEncryptionConfiguration");
            if (isUnknown(inline)) continue;
            const configs: { name: string; field: string; rules: unknown[] | "unknown" }[] = [
                ...(inline !== undefined && inline !== null ? [{ name: `'${bucket.name}' (inline)`, field: "rule", rules: rulesOf(inline) }] : []),
                ...companionsOf(bucket, args.resources, bucketSseTypes).map((sse: LinkedResource) => ({ name: `'${sse.name}'`, field: "rules", rules: rulesOf(sse.props) })),
            ];
            const unnamed = configs
                .flatMap((c) => (c.rules === "unknown" ? [] : c.rules.map((rule, i) => ({ config: c.name, at: c.field === "rule" ? "rule" : `rules[${i}]`, rule }))))
                .find((r) => !namesAlgorithm(r.rule));
            if (unnamed) {
                report(`bucket '${bucket.name}': encryption configuration ${unnamed.config} has a rule that names no algorithm ` +
                    `(${unnamed.at}.applyServerSideEncryptionByDefault.sseAlgorithm is not set); set applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } (or "AES256") in it.`, bucket.urn);
            } else if (!configs.some((c) => c.rules === "unknown" || c.rules.length > 0)) {
                report(`bucket '${bucket.name}' has no server-side encryption configuration; add an aws.s3.BucketServerSideEncryptionConfiguration with bucket: ${bucket.name}.id and a rule applying aws:kms (or AES256) by default.`, bucket.urn);
            }
        }
    },
};
