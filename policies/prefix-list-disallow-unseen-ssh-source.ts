import type { StackValidationPolicy } from "@pulumi/policy";
import { unseenPrefixListSshFinding } from "./lib/findings";
import { collectHostIngress, stackIngress } from "./lib/hosts";
import { judgeHostRules } from "./lib/judge";

/** Advisory off the API host (where api-host-disallow-attached-ssh-sip refuses it): nobody can tell who is in the list. */
export const prefixListDisallowUnseenSshSource: StackValidationPolicy = {
    name: "prefix-list-disallow-unseen-ssh-source",
    description: "Warns when SSH is allowed from a prefix list this stack does not declare, so the pack cannot see who is in it.",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        const onApiHost = new Set(collectHostIngress(args.resources, "api").rules.map(({ owner, rule }) => `${owner.urn}|${rule.path.join(".")}`));
        const elsewhere = stackIngress(args.resources).filter(({ owner, rule }) => rule.source.kind === "prefixList" && !onApiHost.has(`${owner.urn}|${rule.path.join(".")}`));
        judgeHostRules(elsewhere, [unseenPrefixListSshFinding], report, () => "");
    },
};
