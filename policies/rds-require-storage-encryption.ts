import type { ResourceValidationPolicy } from "@pulumi/policy";
import { judgeFields, ofTypes, shown } from "./lib/fields";
import { types } from "../facts/resource-types";

export const rdsRequireStorageEncryption: ResourceValidationPolicy = {
    name: "rds-require-storage-encryption",
    description: "Requires RDS instances to encrypt their storage at rest (Security Hub RDS.3).",
    enforcementLevel: "mandatory",
    validateResource: ofTypes([types.rdsInstance], (args, report) =>
        judgeFields(args, report, [{
            path: ["storageEncrypted"],
            problem: (v) => (v !== true ? `the database storage is not encrypted (${shown(["storageEncrypted"], v)}); set storageEncrypted: true (optionally kmsKeyId); an existing instance must be restored from an encrypted snapshot.` : undefined),
        }])),
};
