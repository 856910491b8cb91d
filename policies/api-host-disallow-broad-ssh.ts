import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SshSourceLimits, sshSourceConfigSchema, sshSourceLimits } from "./lib/admin-sources";
import { ofTypes } from "./lib/fields";
import { apiSshFinding } from "./lib/findings";
import { judgeIngress } from "./lib/judge";
import { securityGroupTypes, types } from "../facts/resource-types";
import { hasRole, roleTagPath } from "./lib/tags";

/** Groups and ingress rules tagged irisx:role=api, as they stand; untagged ones attached to the API instance are the stack policy's. */
export const apiHostDisallowBroadSsh: ResourceValidationPolicy = {
    name: "api-host-disallow-broad-ssh",
    description: "Prohibits SSH to the API host from the internet or any source broader than the admin prefix limit (IPv4 /24, IPv6 /56 by default).",
    enforcementLevel: "mandatory",
    configSchema: sshSourceConfigSchema,
    validateResource: ofTypes([...securityGroupTypes, types.securityGroupIngressRule], (args, report) => {
        const role = hasRole(args.props, "api");
        if (role === false) return;
        const limits = sshSourceLimits(args.getConfig<Partial<SshSourceLimits>>());
        judgeIngress(args, report, (rule) => apiSshFinding(rule, limits), { roleUnknown: role === "unknown", alsoUnknown: [roleTagPath] });
    }),
};
