import type { ResourceValidationPolicy } from "@pulumi/policy";
import { judgeFields, ofTypes, shown } from "./lib/fields";
import { types } from "../facts/resource-types";

const path = ["rootBlockDevice", "encrypted"];

export const ec2RequireEncryptedRootVolume: ResourceValidationPolicy = {
    name: "ec2-require-encrypted-root-volume",
    description: "Requires EC2 instances to encrypt their root EBS volume (Security Hub EC2.3).",
    enforcementLevel: "mandatory",
    validateResource: ofTypes([types.instance], (args, report) =>
        judgeFields(args, report, [{
            path,
            problem: (v) => (v !== true ? `the root volume is not encrypted (${shown(path, v)}); set rootBlockDevice: { encrypted: true } (the instance is replaced).` : undefined),
        }])),
};
