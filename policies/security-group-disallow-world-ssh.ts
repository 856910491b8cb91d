import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ofTypes } from "./lib/fields";
import { worldSshFinding } from "./lib/findings";
import { judgeIngress } from "./lib/judge";
import { ingressTypes } from "../facts/resource-types";

export const securityGroupDisallowWorldSsh: ResourceValidationPolicy = {
    name: "security-group-disallow-world-ssh",
    description: "Prohibits SSH (22/tcp) from 0.0.0.0/0 or ::/0 on every security group and ingress rule.",
    enforcementLevel: "mandatory",
    validateResource: ofTypes(ingressTypes, (args, report) => judgeIngress(args, report, worldSshFinding)),
};
