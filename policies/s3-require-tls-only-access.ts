import type { StackValidationPolicy } from "@pulumi/policy";
import { buckets, companionsOf } from "./lib/buckets";
import { Statement, statementsOf } from "./lib/policy-documents";
import { types } from "../facts/resource-types";
import { deferToUnknown, knownString, read } from "./lib/unknown";

const denyStatement = `{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, "<bucket ARN>/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }`;

/** Deny of every S3 action to everyone, on the bucket and its objects, when aws:SecureTransport is false (S3.5). */
function deniesPlainHttp(s: Statement, bucketArn: string | undefined): boolean {
    const covers = (wanted: (r: string) => boolean) => s.resources.some((r) => r === "*" || wanted(r));
    return s.effect === "Deny"
        && s.principals.includes("*")
        && s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*")
        && (s.conditions.get("bool")?.get("aws:securetransport") ?? []).some((v) => v.toLowerCase() === "false")
        && covers((r) => (bucketArn ? r === `${bucketArn}/*` : r.endsWith("/*")))
        && covers((r) => (bucketArn ? r === bucketArn : !r.endsWith("/*")));
}

export const s3RequireTlsOnlyAccess: StackValidationPolicy = {
    name: "s3-require-tls-only-access",
    description: "Requires every S3 bucket's policy to deny requests made without TLS (aws:SecureTransport false; Security Hub S3.5).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const pending: (() => void)[] = [];
        for (const bucket of buckets(args.resources)) {
            const arn = knownString(read(bucket.props, "arn"));
            const documents = [
                ...(read(bucket.props, "policy") !== undefined ? [{ name: `'${bucket.name}' (inline policy)`, props: bucket.props }] : []),
                ...companionsOf(bucket, args.resources, [types.bucketPolicy]).map((p) => ({ name: `'${p.name}'`, props: p.props })),
            ];
            if (documents.length === 0) {
                report(`bucket '${bucket.name}' has no bucket policy denying requests without TLS; add an aws.s3.BucketPolicy with bucket: ${bucket.name}.id and a statement ${denyStatement}.`, bucket.urn);
                continue;
            }
            const read_ = documents.map((d) => ({ ...d, statements: statementsOf(read(d.props, "policy")) }));
            if (read_.some((d) => Array.isArray(d.statements) && d.statements.some((s) => deniesPlainHttp(s, arn)))) continue;
            const unknown = read_.filter((d) => d.statements === "unknown");
            if (unknown.length > 0) {
                pending.push(() => unknown.forEach((d) => deferToUnknown(d.props, ["policy"])));
                continue;
            }
            const unreadable = read_.find((d) => d.statements === "unreadable");
            report(unreadable
                ? `bucket '${bucket.name}': bucket policy ${unreadable.name} is not a readable policy document (JSON with a Statement); give it a statement ${denyStatement}.`
                : `bucket '${bucket.name}': bucket policy ${read_[0].name} has no statement denying requests without TLS; add ${denyStatement}.`, bucket.urn);
        }
        pending.forEach((surface) => surface());
    },
};
