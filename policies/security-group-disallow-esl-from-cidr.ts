import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ofTypes } from "./lib/fields";
import { eslFromCidrFinding } from "./lib/findings";
import { judgeIngress } from "./lib/judge";
import { ingressTypes } from "../facts/resource-types";

export const securityGroupDisallowEslFromCidr: ResourceValidationPolicy = {
    name: "security-group-disallow-esl-from-cidr",
    description: "Prohibits FreeSWITCH's event socket (8021/tcp, no TLS) from any CIDR or prefix list; only a security-group reference may reach it.",
    enforcementLevel: "mandatory",
    validateResource: ofTypes(ingressTypes, (args, report) => judgeIngress(args, report, eslFromCidrFinding)),
};
