import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ofTypes } from "./lib/fields";
import { types } from "../facts/resource-types";

export const iamDisallowAccessKeys: ResourceValidationPolicy = {
    name: "iam-disallow-access-keys",
    description: "Prohibits long-lived IAM access keys (aws.iam.AccessKey); hosts use instance-profile roles.",
    enforcementLevel: "mandatory",
    validateResource: ofTypes([types.accessKey], (_args, report) =>
        report("a long-lived IAM access key would be created and kept in state; remove the aws.iam.AccessKey and give the host an instance profile role (or use SSM / OIDC federation) instead.")),
};
