import { s3RequirePublicAccessBlock } from "../../policies/s3-require-public-access-block";
import { s3RequireServerSideEncryption } from "../../policies/s3-require-server-side-encryption";
import { types } from "../../facts/resource-types";
import { baseline, changed, recordings, recordingsBlock, recordingsSse, resource, stackWith, unknown } from "../helpers/policy-fixtures";
import { expectVerdicts } from "../helpers/policy-verdicts";

const without = (...urns: string[]) => baseline.filter((r) => !urns.includes(r.urn));

describe("policy s3-require-public-access-block (stack)", () => {
    const policy = s3RequirePublicAccessBlock;
    const flags = "blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets";
    it("accepts the baseline: the recordings bucket's block has all four flags, linked by property dependency", async () => {
        await expectVerdicts(policy, baseline, []);
    });
    it("accepts a block linked by bucket name only (after apply, no property dependency)", async () => {
        await expectVerdicts(policy, stackWith(changed(recordingsBlock, {}, { propertyDependencies: {} })), []);
    });
    it("rejects a bucket with no public access block", async () => {
        await expectVerdicts(policy, without(recordingsBlock.urn), [{
            urn: recordings.urn,
            message: `bucket 'recordings' has no public access block; add an aws.s3.BucketPublicAccessBlock with bucket: recordings.id and ${flags} all true.`,
        }]);
    });
    it("rejects a block that points at another bucket", async () => {
        const elsewhere = changed(recordingsBlock, { bucket: unknown }, { propertyDependencies: { bucket: ["urn:pulumi:test::irisx-infra::aws:s3/bucket:Bucket::other"] } });
        await expectVerdicts(policy, stackWith(elsewhere), [{
            urn: recordings.urn,
            message: `bucket 'recordings' has no public access block; add an aws.s3.BucketPublicAccessBlock with bucket: recordings.id and ${flags} all true.`,
        }]);
    });
    for (const flag of flags.split(", ")) {
        it(`rejects a block with ${flag}: false`, async () => {
            await expectVerdicts(policy, stackWith(changed(recordingsBlock, { [flag]: false })), [{
                urn: recordings.urn,
                message: `bucket 'recordings': public access block 'recordings' leaves ${flag} unset or false; set all four flags to true.`,
            }]);
        });
    }
    it("rejects a BucketV2 whose block (linked by name) sets only blockPublicAcls, naming the three missing flags", async () => {
        const logs = resource(types.bucketV2, "logs", { bucket: "irisx-logs" }, { id: "irisx-logs" });
        const partial = resource(types.bucketPublicAccessBlock, "logs", { bucket: "irisx-logs", blockPublicAcls: true });
        await expectVerdicts(policy, stackWith(logs, partial), [{
            urn: logs.urn,
            message: "bucket 'logs': public access block 'logs' leaves blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets unset or false; set all four flags to true.",
        }]);
    });
});

describe("policy s3-require-server-side-encryption (stack)", () => {
    const policy = s3RequireServerSideEncryption;
    const missing = "bucket 'recordings' has no server-side encryption configuration; add an aws.s3.BucketServerSideEncryptionConfiguration with bucket: recordings.id and a rule applying aws:kms (or AES256) by default.";
    it("accepts the baseline: a BucketServerSideEncryptionConfiguration linked by property dependency", async () => {
        await expectVerdicts(policy, baseline, []);
    });
    it("accepts the deprecated inline serverSideEncryptionConfiguration", async () => {
        const inline = changed(recordings, { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } });
        await expectVerdicts(policy, [...without(recordingsSse.urn, recordings.urn), inline], []);
    });
    it("rejects a bucket with no encryption configuration", async () => {
        await expectVerdicts(policy, without(recordingsSse.urn), [{ urn: recordings.urn, message: missing }]);
    });
    it("rejects an encryption configuration with no rules", async () => {
        await expectVerdicts(policy, stackWith(changed(recordingsSse, { rules: [] })), [{ urn: recordings.urn, message: missing }]);
    });
});
