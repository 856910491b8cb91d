import type { StackValidationPolicy } from "@pulumi/policy";
import { referrers, refersTo } from "./lib/references";
import { standaloneRuleTypes, types } from "../facts/resource-types";
import { deferToUnknown, isUnknown, read } from "./lib/unknown";

/**
 * AWS attaches a VPC's default group to anything launched without one, and makes it with all
 * traffic from its members and all egress (EC2.2). The provider strips those rules when the
 * program adopts the group with aws.ec2.DefaultSecurityGroup, then applies the rules given.
 */
export const vpcRequireClosedDefaultSecurityGroup: StackValidationPolicy = {
    name: "vpc-require-closed-default-security-group",
    description: "Requires every VPC's default security group to be adopted with no ingress and no egress rules (Security Hub EC2.2).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const pending: (() => void)[] = [];
        const defaults = args.resources.filter((r) => r.type === types.defaultSecurityGroup);
        for (const vpc of args.resources.filter((r) => r.type === types.vpc)) {
            if (defaults.some((g) => refersTo(g, "vpcId", vpc, ["id"]))) continue;
            report(`VPC '${vpc.name}' leaves its default security group as AWS made it (all traffic from its members, all egress); ` +
                `adopt it with an aws.ec2.DefaultSecurityGroup with vpcId: ${vpc.name}.id, ingress: [] and egress: [].`, vpc.urn);
        }
        for (const group of defaults) {
            const open: string[] = [];
            for (const direction of ["ingress", "egress"]) {
                const list = read(group.props, direction);
                if (isUnknown(list)) pending.push(() => deferToUnknown(group.props, [direction]));
                else if (Array.isArray(list) && list.length > 0) open.push(`${list.length} ${direction} rule${list.length === 1 ? "" : "s"}`);
            }
            const rules = referrers(args.resources, standaloneRuleTypes, "securityGroupId", group, ["id"]);
            if (rules.length > 0) open.push(`standalone rule${rules.length === 1 ? "" : "s"} ${rules.map((r) => `'${r.name}'`).join(", ")}`);
            if (open.length === 0) continue;
            report(`the VPC default security group '${group.name}' is not closed: it has ${open.join(" and ")}; set ingress: [] and egress: [] and put the rules on a group of their own.`, group.urn);
        }
        pending.forEach((surface) => surface());
    },
};
