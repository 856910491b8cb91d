import * as assert from "assert";
import { rdsDisallowPublicAccess } from "../../policies/rds-disallow-public-access";
import { rdsRequireBackupRetention } from "../../policies/rds-require-backup-retention";
import { rdsRequireStorageEncryption } from "../../policies/rds-require-storage-encryption";
import { baseline, changed, database, stackWith, unknown } from "../helpers/policy-fixtures";
import { expectVerdicts, verdictsOf } from "../helpers/policy-verdicts";

describe("policy rds-disallow-public-access", () => {
    const policy = rdsDisallowPublicAccess;
    it("accepts the baseline (publiclyAccessible: false) and an unset flag (AWS default false)", async () => {
        await expectVerdicts(policy, baseline, []);
        await expectVerdicts(policy, stackWith(changed(database, { publiclyAccessible: undefined })), []);
    });
    it("rejects publiclyAccessible: true", async () => {
        await expectVerdicts(policy, stackWith(changed(database, { publiclyAccessible: true })), [{
            urn: database.urn,
            message: "the database is reachable from the internet (publiclyAccessible is true); set publiclyAccessible: false and reach it from the API and FreeSWITCH security groups.",
        }]);
    });
    it("defers (advisory) when publiclyAccessible is unknown during preview", async () => {
        const verdicts = await verdictsOf(policy, stackWith(changed(database, { publiclyAccessible: unknown })));
        assert.deepStrictEqual(verdicts.map((v) => v.enforcementLevel), ["advisory"]);
    });
});

describe("policy rds-require-storage-encryption", () => {
    const policy = rdsRequireStorageEncryption;
    const fix = "set storageEncrypted: true (optionally kmsKeyId); an existing instance must be restored from an encrypted snapshot.";
    it("accepts the baseline (storageEncrypted: true)", async () => {
        await expectVerdicts(policy, baseline, []);
    });
    it("rejects storageEncrypted: false", async () => {
        await expectVerdicts(policy, stackWith(changed(database, { storageEncrypted: false })), [
            { urn: database.urn, message: `the database storage is not encrypted (storageEncrypted is false); ${fix}` },
        ]);
    });
    it("rejects an unset storageEncrypted (the provider's default is unencrypted)", async () => {
        await expectVerdicts(policy, stackWith(changed(database, { storageEncrypted: undefined })), [
            { urn: database.urn, message: `the database storage is not encrypted (storageEncrypted is not set); ${fix}` },
        ]);
    });
});

describe("policy rds-require-backup-retention", () => {
    const policy = rdsRequireBackupRetention;
    const fix = "set backupRetentionPeriod to 7 or more (irisx-infra:backupRetentionDays).";
    it("accepts the baseline (7 days) and 35 days", async () => {
        await expectVerdicts(policy, baseline, []);
        await expectVerdicts(policy, stackWith(changed(database, { backupRetentionPeriod: 35 })), []);
    });
    it("rejects 6 days", async () => {
        await expectVerdicts(policy, stackWith(changed(database, { backupRetentionPeriod: 6 })), [
            { urn: database.urn, message: `automated backups are kept too briefly (backupRetentionPeriod is 6); ${fix}` },
        ]);
    });
    it("rejects 0 (backups off)", async () => {
        await expectVerdicts(policy, stackWith(changed(database, { backupRetentionPeriod: 0 })), [
            { urn: database.urn, message: `automated backups are kept too briefly (backupRetentionPeriod is 0); ${fix}` },
        ]);
    });
    it("rejects an unset backupRetentionPeriod", async () => {
        await expectVerdicts(policy, stackWith(changed(database, { backupRetentionPeriod: undefined })), [
            { urn: database.urn, message: `automated backups are kept too briefly (backupRetentionPeriod is not set); ${fix}` },
        ]);
    });
});
