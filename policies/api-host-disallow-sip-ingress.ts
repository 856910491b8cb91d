import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ofTypes } from "./lib/fields";
import { apiSipFinding } from "./lib/findings";
import { judgeIngress } from "./lib/judge";
import { securityGroupTypes, types } from "../facts/resource-types";
import { hasRole, roleTagPath } from "./lib/tags";

export const apiHostDisallowSipIngress: ResourceValidationPolicy = {
    name: "api-host-disallow-sip-ingress",
    description: "Prohibits any ingress to SIP (5060, 5061), RTP (16384-32768/udp) or ESL (8021) on security groups and ingress rules tagged irisx:role=api.",
    enforcementLevel: "mandatory",
    validateResource: ofTypes([...securityGroupTypes, types.securityGroupIngressRule], (args, report) => {
        const role = hasRole(args.props, "api");
        if (role === false) return;
        judgeIngress(args, report, apiSipFinding, { roleUnknown: role === "unknown", alsoUnknown: [roleTagPath] });
    }),
};
