import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentTagKey, prodEnvironment } from "../facts/ports";
import { judgeFields, ofTypes, shown } from "./lib/fields";
import { types } from "../facts/resource-types";
import { tagValue } from "./lib/tags";

/** The stack name in a URN: urn:pulumi:<stack>::<project>::<type>::<name>. */
export function stackOfUrn(urn: string): string | undefined {
    return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}

/** Why this resource counts as prod (its Environment tag, or the stack's name), or undefined. */
function prodBecause(props: unknown, urn: string): string | undefined {
    const tag = tagValue(props, environmentTagKey);
    if (typeof tag === "string" && tag !== "unknown" && tag.trim().toLowerCase() === prodEnvironment) return `tagged ${environmentTagKey}=${tag}`;
    return stackOfUrn(urn)?.toLowerCase() === prodEnvironment ? `in stack '${stackOfUrn(urn)}'` : undefined;
}

export const rdsRequireDeletionProtection: ResourceValidationPolicy = {
    name: "rds-require-deletion-protection",
    description: "Requires RDS instances in prod to have deletion protection on (Security Hub RDS.8).",
    enforcementLevel: "mandatory",
    validateResource: ofTypes([types.rdsInstance], (args, report) => {
        const prod = prodBecause(args.props, args.urn);
        if (!prod) return;
        judgeFields(args, report, [{
            path: ["deletionProtection"],
            problem: (v) => (v !== true ? `the prod database (${prod}) can be deleted by one update (${shown(["deletionProtection"], v)}); set deletionProtection: true (irisx-infra:deletionProtection).` : undefined),
        }]);
    }),
};
