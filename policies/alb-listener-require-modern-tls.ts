import type { ResourceValidationPolicy } from "@pulumi/policy";
import { tls12PlusSslPolicies } from "../facts/edge";
import { listenerTypes } from "../facts/resource-types";
import { judgeFields, ofTypes, shown } from "./lib/fields";
import { isUnknown, read } from "./lib/unknown";

/**
 * An HTTPS listener negotiates TLS with the policy it names; one that names none gets
 * ELBSecurityPolicy-2016-08 (TLS 1.0 and 1.1 included) from the API, the CLI and the provider
 * ("Security policies for your Application Load Balancer", Considerations).
 */
export const albListenerRequireModernTls: ResourceValidationPolicy = {
    name: "alb-listener-require-modern-tls",
    description: "Requires every HTTPS load balancer listener to name a security policy that accepts only TLS 1.2 and 1.3.",
    enforcementLevel: "mandatory",
    validateResource: ofTypes(listenerTypes, (args, report) => {
        const protocol = read(args.props, "protocol");
        const https = isUnknown(protocol) ? undefined : String(protocol ?? "").toUpperCase() === "HTTPS";
        if (https === false) return;
        judgeFields(args, report, [
            ...(https === undefined ? [{ path: ["protocol"], problem: () => undefined }] : []),
            {
                path: ["sslPolicy"],
                problem: (v) => (typeof v === "string" && tls12PlusSslPolicies.includes(v) ? undefined
                    : `${shown(["sslPolicy"], v)}, which accepts TLS older than 1.2${v === undefined || v === null ? " (AWS then applies ELBSecurityPolicy-2016-08)" : ""}; set sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" or another TLS 1.2+ policy of AWS's table.`),
            },
        ]);
    }),
};
