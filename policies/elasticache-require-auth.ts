import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ofTypes } from "./lib/fields";
import { types } from "../facts/resource-types";
import { deferToUnknown, isUnknown, read } from "./lib/unknown";

/**
 * Set, whatever its value: a secret arrives wrapped (never read or printed here), and an unknown
 * value during preview is still a value the program gave.
 */
function given(value: unknown): boolean {
    if (value === undefined || value === null || value === "") return false;
    if (Array.isArray(value)) return value.length > 0;
    return true;
}

/** Without transit encryption ElastiCache takes no AUTH token: elasticache-require-encryption reports that case. */
export const elasticacheRequireAuth: ResourceValidationPolicy = {
    name: "elasticache-require-auth",
    description: "Requires Redis replication groups with transit encryption to authenticate clients with an AUTH token or RBAC user groups (Security Hub ElastiCache.6).",
    enforcementLevel: "mandatory",
    validateResource: ofTypes([types.replicationGroup], (args, report) => {
        const transit = read(args.props, "transitEncryptionEnabled");
        if (transit !== true && !isUnknown(transit)) return;
        if (given(read(args.props, "authToken")) || given(read(args.props, "userGroupIds"))) return;
        if (isUnknown(transit)) return deferToUnknown(args.props, ["transitEncryptionEnabled"]);
        report("Redis accepts any client that reaches it: neither authToken (AUTH) nor userGroupIds (RBAC) is set; set authToken from a generated secret " +
            "(authTokenUpdateStrategy: \"ROTATE\" to change it later) or userGroupIds naming an ElastiCache user group.");
    }),
};
