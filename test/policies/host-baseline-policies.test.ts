import { ebsRequireEncryptedVolumes } from "../../policies/ebs-require-encrypted-volumes";
import { ec2RequireImdsv2 } from "../../policies/ec2-require-imdsv2";
import { elasticacheRequireEncryption } from "../../policies/elasticache-require-encryption";
import { iamDisallowAccessKeys } from "../../policies/iam-disallow-access-keys";
import { types } from "../../facts/resource-types";
import { apiInstance, baseline, cache, changed, freeswitchInstance, resource, stackWith } from "../helpers/policy-fixtures";
import { expectVerdicts } from "../helpers/policy-verdicts";

describe("policy elasticache-require-encryption", () => {
    const policy = elasticacheRequireEncryption;
    const atRest = "set atRestEncryptionEnabled: true (only possible when the group is created, so plan a replacement).";
    const transit = "set transitEncryptionEnabled: true and connect with TLS (rediss://).";
    it("accepts the baseline (both encryptions on)", async () => {
        await expectVerdicts(policy, baseline, []);
    });
    it("rejects atRestEncryptionEnabled: false", async () => {
        await expectVerdicts(policy, stackWith(changed(cache, { atRestEncryptionEnabled: false })), [
            { urn: cache.urn, message: `Redis data is not encrypted at rest (atRestEncryptionEnabled is false); ${atRest}` },
        ]);
    });
    it("rejects an unset transitEncryptionEnabled", async () => {
        await expectVerdicts(policy, stackWith(changed(cache, { transitEncryptionEnabled: undefined })), [
            { urn: cache.urn, message: `Redis traffic is not encrypted in transit (transitEncryptionEnabled is not set); ${transit}` },
        ]);
    });
    it("reports both when both are off", async () => {
        await expectVerdicts(policy, stackWith(changed(cache, { atRestEncryptionEnabled: false, transitEncryptionEnabled: false })), [
            { urn: cache.urn, message: `Redis data is not encrypted at rest (atRestEncryptionEnabled is false); ${atRest}` },
            { urn: cache.urn, message: `Redis traffic is not encrypted in transit (transitEncryptionEnabled is false); ${transit}` },
        ]);
    });
});

describe("policy ec2-require-imdsv2", () => {
    const policy = ec2RequireImdsv2;
    const fix = 'set metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 }.';
    it("accepts the baseline (httpTokens required on both hosts)", async () => {
        await expectVerdicts(policy, baseline, []);
    });
    it('rejects httpTokens: "optional"', async () => {
        await expectVerdicts(policy, stackWith(changed(apiInstance, { metadataOptions: { httpTokens: "optional" } })), [
            { urn: apiInstance.urn, message: `the instance metadata service accepts IMDSv1 (metadataOptions.httpTokens is "optional"); ${fix}` },
        ]);
    });
    it("rejects an instance without metadataOptions", async () => {
        await expectVerdicts(policy, stackWith(changed(freeswitchInstance, { metadataOptions: undefined })), [
            { urn: freeswitchInstance.urn, message: `the instance metadata service accepts IMDSv1 (metadataOptions.httpTokens is not set); ${fix}` },
        ]);
    });
});

describe("policy ebs-require-encrypted-volumes", () => {
    const policy = ebsRequireEncryptedVolumes;
    const fix = "set rootBlockDevice: { encrypted: true } (the instance is replaced).";
    it("accepts the baseline (encrypted root volumes)", async () => {
        await expectVerdicts(policy, baseline, []);
    });
    it("rejects rootBlockDevice.encrypted: false", async () => {
        await expectVerdicts(policy, stackWith(changed(apiInstance, { rootBlockDevice: { encrypted: false, volumeSize: 20 } })), [
            { urn: apiInstance.urn, message: `the root volume is not encrypted (rootBlockDevice.encrypted is false); ${fix}` },
        ]);
    });
    it("rejects an instance without rootBlockDevice", async () => {
        await expectVerdicts(policy, stackWith(changed(apiInstance, { rootBlockDevice: undefined })), [
            { urn: apiInstance.urn, message: `the root volume is not encrypted (rootBlockDevice.encrypted is not set); ${fix}` },
        ]);
    });
});

describe("policy iam-disallow-access-keys", () => {
    const policy = iamDisallowAccessKeys;
    it("accepts the baseline (no access keys)", async () => {
        await expectVerdicts(policy, baseline, []);
    });
    it("rejects any aws.iam.AccessKey", async () => {
        const key = resource(types.accessKey, "deploy", { user: "deploy" });
        await expectVerdicts(policy, stackWith(key), [{
            urn: key.urn,
            message: "a long-lived IAM access key would be created and kept in state; remove the aws.iam.AccessKey and give the host an instance profile role (or use SSM / OIDC federation) instead.",
        }]);
    });
});
