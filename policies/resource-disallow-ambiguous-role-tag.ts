import type { ResourceValidationPolicy } from "@pulumi/policy";
import { roleTagKey, roles } from "../facts/ports";
import { ambiguousRoleTags } from "./lib/tags";

/** The pack reads such a tag as the role it folds to; this says so, so nobody relies on the spelling dodging it. */
export const resourceDisallowAmbiguousRoleTag: ResourceValidationPolicy = {
    name: "resource-disallow-ambiguous-role-tag",
    description: `Prohibits role tags whose key or value is ${roleTagKey} or a role only after trimming or case-folding (IRISX:role, " api", API).`,
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        for (const tag of ambiguousRoleTags(args.props)) {
            report(`${tag.path.join(".")}: ambiguous role tag ${JSON.stringify(tag.key)}=${JSON.stringify(tag.value)}: it names a role only after trimming or case-folding, ` +
                `so the pack judges the resource by that role; write the key exactly "${roleTagKey}" and the value exactly one of ${roles.join(", ")}.`);
        }
    },
};
