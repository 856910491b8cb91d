import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ofTypes } from "./lib/fields";
import { dataPortFinding } from "./lib/findings";
import { judgeIngress } from "./lib/judge";
import { ingressTypes } from "../facts/resource-types";

export const securityGroupDisallowCidrToDataPorts: ResourceValidationPolicy = {
    name: "security-group-disallow-cidr-to-data-ports",
    description: "Prohibits PostgreSQL (5432) and Redis (6379) ingress from any CIDR or prefix list; only security-group references may reach them.",
    enforcementLevel: "mandatory",
    validateResource: ofTypes(ingressTypes, (args, report) => judgeIngress(args, report, dataPortFinding)),
};
