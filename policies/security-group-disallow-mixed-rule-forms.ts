import type { StackValidationPolicy } from "@pulumi/policy";
import { declares, referrers } from "./lib/references";
import { securityGroupTypes, standaloneRuleTypes, types } from "../facts/resource-types";
import { read } from "./lib/unknown";

const kinds: Record<string, string> = {
    [types.securityGroupRule]: "SecurityGroupRule",
    [types.securityGroupIngressRule]: "SecurityGroupIngressRule",
    [types.securityGroupEgressRule]: "SecurityGroupEgressRule",
};

/**
 * The provider owns a group's whole rule set when `ingress` or `egress` is given inline, so each
 * update deletes the standalone rules or they re-add themselves (terraform-provider-aws,
 * website/docs/r/security_group.html.markdown, "NOTE on Security Groups and Security Group Rules").
 * Inline is judged from what the program declared (the SDK sends a property dependency entry for every
 * input it sets, an empty list included): the engine gives AnalyzeStack outputs, where a group's
 * `ingress` also lists the standalone rules once refreshed (pulumi pkg/resource/deploy/step_generator.go, AnalyzeResources).
 */
export const securityGroupDisallowMixedRuleForms: StackValidationPolicy = {
    name: "security-group-disallow-mixed-rule-forms",
    description: "Prohibits a security group with inline ingress or egress that standalone rules (SecurityGroupRule, SecurityGroupIngressRule/EgressRule) also target.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const group of args.resources.filter((r) => securityGroupTypes.includes(r.type))) {
            const inline = ["ingress", "egress"].filter((p) => declares(group, p) || (group.propertyDependencies === undefined && read(group.props, p) !== undefined));
            if (inline.length === 0) continue;
            const rules = referrers(args.resources, standaloneRuleTypes, "securityGroupId", group, ["id"]);
            if (rules.length === 0) continue;
            report(`security group '${group.name}' declares inline ${inline.join(" and ")} and is also the target of ${rules.map((r) => `${kinds[r.type]} '${r.name}'`).join(", ")}; ` +
                `the two forms overwrite each other's rules on every update: move the inline rules to aws.vpc.SecurityGroupIngressRule/SecurityGroupEgressRule resources and drop ${inline.join(" and ")} from the group.`, group.urn);
        }
    },
};
