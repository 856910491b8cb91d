import type { ResourceValidationPolicy } from "@pulumi/policy";
import { judgeFields, ofTypes, shown } from "./lib/fields";
import { types } from "../facts/resource-types";

const path = ["metadataOptions", "httpTokens"];

export const ec2RequireImdsv2: ResourceValidationPolicy = {
    name: "ec2-require-imdsv2",
    description: "Requires EC2 instances to accept only IMDSv2 session tokens on the metadata service (Security Hub EC2.8).",
    enforcementLevel: "mandatory",
    validateResource: ofTypes([types.instance], (args, report) =>
        judgeFields(args, report, [{
            path,
            problem: (v) => (v !== "required" ? `the instance metadata service accepts IMDSv1 (${shown(path, v)}); set metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 }.` : undefined),
        }])),
};
