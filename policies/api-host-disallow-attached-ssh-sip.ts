import type { StackValidationPolicy } from "@pulumi/policy";
import { SshSourceLimits, sshSourceConfigSchema, sshSourceLimits } from "./lib/admin-sources";
import { apiSipFinding, apiSshFinding } from "./lib/findings";
import { collectHostIngress, describeHostRule } from "./lib/hosts";
import { judgeHostRules } from "./lib/judge";
import { roleTagPath } from "./lib/tags";
import { deferToUnknown } from "./lib/unknown";

/**
 * The resource policies see one resource at a time, as its inputs stand. This policy asks the host
 * model for every group that can apply to the API host (instance, interfaces, launch templates,
 * default and foreign groups) and judges every rule that opens one, tagged or not, from the
 * stack's own values: a verdict never rests on what a resource policy is believed to have seen.
 */
export const apiHostDisallowAttachedSshSip: StackValidationPolicy = {
    name: "api-host-disallow-attached-ssh-sip",
    description: "Prohibits broad SSH and any SIP/RTP/ESL ingress through every security group and rule that can reach the API host, tagged or not.",
    enforcementLevel: "mandatory",
    configSchema: sshSourceConfigSchema,
    validateStack: (args, report) => {
        const limits = sshSourceLimits(args.getConfig<Partial<SshSourceLimits>>());
        const host = collectHostIngress(args.resources, "api");
        judgeHostRules(host.rules, [(rule) => apiSshFinding(rule, limits, true), apiSipFinding], report, describeHostRule, () =>
            host.roleUnknown.forEach((r) => deferToUnknown(r.props, roleTagPath)));
    },
};
