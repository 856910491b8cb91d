import type { ResourceValidationPolicy } from "@pulumi/policy";
import { loadBalancerTypes } from "../facts/resource-types";
import { judgeFields, ofTypes, shown } from "./lib/fields";
import { isUnknown, read } from "./lib/unknown";

/**
 * An ALB passes header fields whose names are not valid HTTP on to the targets unless told to drop
 * them (Security Hub ELB.4): a request-smuggling and header-injection surface in front of nginx.
 */
export const albRequireDropInvalidHeaders: ResourceValidationPolicy = {
    name: "alb-require-drop-invalid-headers",
    description: "Requires application load balancers to drop header fields with invalid names (dropInvalidHeaderFields; Security Hub ELB.4).",
    enforcementLevel: "mandatory",
    validateResource: ofTypes(loadBalancerTypes, (args, report) => {
        const kind = read(args.props, "loadBalancerType");
        if (!isUnknown(kind) && kind !== undefined && kind !== null && kind !== "application") return;
        judgeFields(args, report, [
            ...(isUnknown(kind) ? [{ path: ["loadBalancerType"], problem: () => undefined }] : []),
            { path: ["dropInvalidHeaderFields"], problem: (v) => (v === true ? undefined : `${shown(["dropInvalidHeaderFields"], v)}: the load balancer passes invalid header fields to the targets; set dropInvalidHeaderFields: true.`) },
        ]);
    }),
};
