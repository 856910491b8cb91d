import type { StackValidationPolicy } from "@pulumi/policy";
import { SshSourceLimits, sshSourceConfigSchema, sshSourceLimits } from "./lib/admin-sources";
import { apiSipFinding, apiSshFinding, undecided } from "./lib/findings";
import { collectHostIngress, describeHostRule } from "./lib/hosts";
import { unknownPaths } from "./lib/judge";
import { roleTagPath } from "./lib/tags";
import { deferToUnknown } from "./lib/unknown";

/**
 * The resource policies see one resource at a time and so miss an untagged group attached to the
 * API instance, or a SecurityGroupRule (which has no tags) on the API group. This policy links
 * instance → vpcSecurityGroupIds → rules and judges everything the tagged-resource policies did not.
 */
export const apiHostDisallowAttachedSshSip: StackValidationPolicy = {
    name: "api-host-disallow-attached-ssh-sip",
    description: "Prohibits broad SSH and any SIP/RTP/ESL ingress through every security group and rule attached to the API host, tagged or not.",
    enforcementLevel: "mandatory",
    configSchema: sshSourceConfigSchema,
    validateStack: (args, report) => {
        const limits = sshSourceLimits(args.getConfig<Partial<SshSourceLimits>>());
        const host = collectHostIngress(args.resources, "api");
        let reported = 0;
        const pending: (() => void)[] = [];
        for (const hostRule of host.rules) {
            if (hostRule.judgedAsTagged) continue;
            for (const finding of [apiSshFinding(hostRule.rule, limits), apiSipFinding(hostRule.rule)]) {
                if (finding === undecided) {
                    pending.push(() => unknownPaths(hostRule.rule).forEach((p) => deferToUnknown(hostRule.owner.props, p)));
                } else if (typeof finding === "string") {
                    report(`${describeHostRule(hostRule)}: ${finding}`, hostRule.owner.urn);
                    reported++;
                }
            }
        }
        if (reported > 0) return;
        pending.forEach((surface) => surface());
        host.roleUnknown.forEach((r) => deferToUnknown(r.props, roleTagPath));
    },
};
