import type { StackValidationPolicy } from "@pulumi/policy";
import { ports } from "../facts/ports";
import { collectHostIngress, describeHostRule } from "./lib/hosts";
import { describeRule, mayOverlapPorts, overlapsPorts } from "./lib/ingress";
import { unknownPaths } from "./lib/judge";
import { hasLoadBalancerInFront, sourceIsLoadBalancerGroup } from "./lib/load-balancers";
import { deferToUnknown } from "./lib/unknown";

const web = [ports.http, ports.https];

/**
 * With a load balancer in front of the API hosts (a target-group attachment registers one), their
 * nginx must be reached through it: any other source of 80/443 (a CIDR, the world, another group)
 * skips the web ACL and its block list. Judged on every rule that reaches the API host, however
 * the group reaches it (host-model.ts).
 */
export const apiHostRequireLoadBalancerWebSource: StackValidationPolicy = {
    name: "api-host-require-load-balancer-web-source",
    description: "Requires the API host, when a load balancer fronts it, to take HTTP/HTTPS (80/443) only from a load balancer's security group.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        if (!hasLoadBalancerInFront(args.resources, "api")) return;
        const pending: (() => void)[] = [];
        for (const hostRule of collectHostIngress(args.resources, "api").rules) {
            const { rule, owner } = hostRule;
            const hits = web.filter((spec) => overlapsPorts(rule, spec));
            if (hits.length === 0) {
                if (web.some((spec) => mayOverlapPorts(rule, spec))) pending.push(() => unknownPaths(rule).forEach((p) => deferToUnknown(owner.props, p)));
                continue;
            }
            const fromLoadBalancer = rule.source.kind === "unknown" ? "unknown" : sourceIsLoadBalancerGroup(hostRule, args.resources);
            if (fromLoadBalancer === true) continue;
            if (fromLoadBalancer === "unknown") {
                pending.push(() => unknownPaths(rule).forEach((p) => deferToUnknown(owner.props, p)));
                continue;
            }
            const where = describeHostRule(hostRule);
            report(`${where ? `${where}: ` : ""}${describeRule(rule)} opens ${hits.map((s) => `${s.from}/tcp`).join(" and ")} on the API host to a source that is not a load balancer's group, ` +
                "bypassing the load balancer and its web ACL; take web traffic only from the load balancer's security group (referencedSecurityGroupId).", owner.urn);
        }
        pending.forEach((surface) => surface());
    },
};
