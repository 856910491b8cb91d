import type { ResourceValidationPolicy } from "@pulumi/policy";
import { judgeFields, ofTypes, shown } from "./lib/fields";
import { types } from "../facts/resource-types";

export const elasticacheRequireEncryption: ResourceValidationPolicy = {
    name: "elasticache-require-encryption",
    description: "Requires ElastiCache replication groups to encrypt data at rest and in transit (Security Hub ElastiCache.4 and .5).",
    enforcementLevel: "mandatory",
    validateResource: ofTypes([types.replicationGroup], (args, report) =>
        judgeFields(args, report, [
            {
                path: ["atRestEncryptionEnabled"],
                problem: (v) => (v !== true ? `Redis data is not encrypted at rest (${shown(["atRestEncryptionEnabled"], v)}); set atRestEncryptionEnabled: true (only possible when the group is created, so plan a replacement).` : undefined),
            },
            {
                path: ["transitEncryptionEnabled"],
                problem: (v) => (v !== true ? `Redis traffic is not encrypted in transit (${shown(["transitEncryptionEnabled"], v)}); set transitEncryptionEnabled: true and connect with TLS (rediss://).` : undefined),
            },
        ])),
};
