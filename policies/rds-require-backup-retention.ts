import type { ResourceValidationPolicy } from "@pulumi/policy";
import { judgeFields, ofTypes, shown } from "./lib/fields";
import { types } from "../facts/resource-types";

/** Security Hub RDS.11 asks for automated backups; we keep at least a week of them. */
export const minBackupRetentionDays = 7;

export const rdsRequireBackupRetention: ResourceValidationPolicy = {
    name: "rds-require-backup-retention",
    description: `Requires RDS instances to keep automated backups for at least ${minBackupRetentionDays} days.`,
    enforcementLevel: "mandatory",
    validateResource: ofTypes([types.rdsInstance], (args, report) =>
        judgeFields(args, report, [{
            path: ["backupRetentionPeriod"],
            problem: (v) => {
                const days = typeof v === "number" ? v : Number(v);
                if (v !== undefined && v !== null && Number.isFinite(days) && days >= minBackupRetentionDays) return undefined;
                return `automated backups are kept too briefly (${shown(["backupRetentionPeriod"], v)}); set backupRetentionPeriod to ${minBackupRetentionDays} or more (irisx-infra:backupRetentionDays).`;
            },
        }])),
};
