import type { StackValidation, StackValidationPolicy } from "@pulumi/policy";
import { types } from "../facts/resource-types";
import { worldSshFinding } from "./lib/findings";
import { stackIngress } from "./lib/hosts";
import { judgeHostRules } from "./lib/judge";

const validateStack: StackValidation = (args, report) => {
    const viaLists = stackIngress(args.resources).filter(({ rule, deferTo }) => (rule.source.kind === "cidr" && rule.source.via) || deferTo);
    judgeHostRules(viaLists, [worldSshFinding], report, () => "");
};

/**
 * security-group-disallow-world-ssh judges one resource and cannot see into a prefix list; here
 * every rule whose source is a prefix list declared in this stack is judged entry by entry.
 */
export const prefixListDisallowWorldSsh: StackValidationPolicy = {
    name: "prefix-list-disallow-world-ssh",
    description: "Prohibits SSH (22/tcp) from a managed prefix list of this stack that holds 0.0.0.0/0 or ::/0, on every security group and ingress rule.",
    enforcementLevel: "mandatory",
    // @pulumi/policy's fast path: a stack without a ManagedPrefixList skips this policy unread.
    validateStack: Object.assign(validateStack, { __pulumiType: types.managedPrefixList }),
};
