import type { ResourceValidationPolicy } from "@pulumi/policy";
import { judgeFields, ofTypes, shown } from "./lib/fields";
import { types } from "../facts/resource-types";

export const rdsDisallowPublicAccess: ResourceValidationPolicy = {
    name: "rds-disallow-public-access",
    description: "Prohibits RDS instances that are publicly accessible (Security Hub RDS.2).",
    enforcementLevel: "mandatory",
    validateResource: ofTypes([types.rdsInstance], (args, report) =>
        judgeFields(args, report, [{
            path: ["publiclyAccessible"],
            problem: (v) => (v === true ? `the database is reachable from the internet (${shown(["publiclyAccessible"], v)}); set publiclyAccessible: false and reach it from the API and FreeSWITCH security groups.` : undefined),
        }])),
};
