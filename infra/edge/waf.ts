/**
 * The web ACL in front of the load balancer (REGIONAL): a block list fail2ban fills, the four AWS
 * managed rule groups of the design notes, a per-address rate limit; request logs to CloudWatch
 * and an alarm on bursts of blocked requests.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** AWS managed rule groups, in evaluation order after the block list (AWS WAF developer guide, "AWS Managed Rules rule groups list"). */
export const managedRuleGroups = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
] as const;

/** AWS WAF sends logs only to a destination whose name starts so (developer guide, "logging-cw-logs-naming"). */
export const wafLogGroupPrefix = "aws-waf-logs-";

/**
 * The log destination as PutLoggingConfiguration takes it: the group's ARN without the `:*` that
 * CloudFormation and DescribeLogGroups append. The provider already reports the log group's `arn`
 * without it (terraform-provider-aws internal/service/logs/group.go trims it; a `:*` ARN is refused
 * with "The ARN isn't valid": hashicorp/terraform-provider-aws#23934, pulumi/pulumi-aws#1214).
 */
export function wafLogDestination(logGroupArn: string): string {
    return logGroupArn.replace(/:\*$/, "");
}

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/** The web ACL's rules: block list first (cheapest, and a ban must win), then reputation, managed groups, rate. */
export function webAclRules(args: { readonly blockListArn: string; readonly rateLimit: number; readonly metricPrefix: string }): aws.types.input.wafv2.WebAclRule[] {
    const managed = managedRuleGroups.map((group, i) => ({
        name: group,
        priority: 10 + i,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
        visibilityConfig: visibility(`${args.metricPrefix}-${group}`),
    }));
    return [
        {
            name: "fail2ban-block-list",
            priority: 0,
            action: { block: {} },
            statement: { ipSetReferenceStatement: { arn: args.blockListArn } },
            visibilityConfig: visibility(`${args.metricPrefix}-block-list`),
        },
        ...managed,
        {
            name: "per-ip-rate-limit",
            priority: 100,
            action: { block: {} },
            // limit: 10 to 2,000,000,000 per evaluation window (terraform-provider-aws
            // internal/service/wafv2/schemas.go, rateBasedStatementSchema); the window stays 300 s.
            statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: args.rateLimit, evaluationWindowSec: 300 } },
            visibilityConfig: visibility(`${args.metricPrefix}-rate-limit`),
        },
    ];
}

export interface WebFirewallArgs {
    /** The load balancer the ACL is associated with. */
    readonly loadBalancerArn: pulumi.Input<string>;
    readonly rateLimit: number;
    readonly logRetentionDays: number;
    /** Blocked requests in 5 minutes that page (alarms.wafBlockedRequests). */
    readonly blockedRequestsThreshold: number;
    readonly alarmTopicArn: pulumi.Input<string>;
    readonly tags: (name: string) => Record<string, string>;
}

export class WebFirewall extends pulumi.ComponentResource {
    /** The block list fail2ban adds banned clients to (wafv2 UpdateIpSet needs name, id and scope). */
    readonly blockList: { readonly id: pulumi.Output<string>; readonly name: pulumi.Output<string>; readonly arn: pulumi.Output<string> };
    readonly webAclArn: pulumi.Output<string>;

    constructor(name: string, args: WebFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:edge:WebFirewall", name, {}, opts);
        const parent = { parent: this };

        const blockListName = `${name}-block-list`;
        // Filled at run time by the API hosts' fail2ban action; the program owns only the set itself.
        const blockList = new aws.wafv2.IpSet(blockListName, {
            name: blockListName,
            description: "Clients fail2ban banned on an API host (its WAF action adds and removes them)",
            scope: "REGIONAL",
            ipAddressVersion: "IPV4",
            addresses: [],
            tags: args.tags(blockListName),
        }, { ...parent, ignoreChanges: ["addresses"] });

        const acl = new aws.wafv2.WebAcl(name, {
            name,
            description: "IRISX API: fail2ban block list, AWS managed rules, per-address rate limit",
            scope: "REGIONAL",
            defaultAction: { allow: {} },
            rules: blockList.arn.apply((arn) => webAclRules({ blockListArn: arn, rateLimit: args.rateLimit, metricPrefix: name })),
            visibilityConfig: visibility(name),
            tags: args.tags(name),
        }, parent);
        new aws.wafv2.WebAclAssociation(`${name}-association`, { resourceArn: args.loadBalancerArn, webAclArn: acl.arn }, parent);

        const logGroupName = `${wafLogGroupPrefix}${name}`;
        const logGroup = new aws.cloudwatch.LogGroup(logGroupName, { name: logGroupName, retentionInDays: args.logRetentionDays, tags: args.tags(logGroupName) }, parent);
        new aws.wafv2.WebAclLoggingConfiguration(`${name}-logging`, {
            resourceArn: acl.arn,
            logDestinationConfigs: [logGroup.arn.apply(wafLogDestination)],
            // Request headers stay in the logs except the ones that carry credentials.
            redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        }, parent);

        const alarmName = `${name}-BlockedRequests`;
        new aws.cloudwatch.MetricAlarm(alarmName, {
            name: alarmName,
            alarmDescription: `${args.blockedRequestsThreshold} or more requests blocked by the web ACL in 5 minutes`,
            namespace: "AWS/WAFV2",
            metricName: "BlockedRequests",
            // Rule "ALL": the ACL's total across every rule (AWS WAF developer guide, "AWS WAF metrics and dimensions").
            dimensions: { WebACL: name, Region: aws.getRegionOutput({}, parent).region, Rule: "ALL" },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: args.blockedRequestsThreshold,
            treatMissingData: "notBreaching",
            alarmActions: [args.alarmTopicArn],
            okActions: [args.alarmTopicArn],
            tags: args.tags(alarmName),
        }, { ...parent, dependsOn: [acl] });

        this.blockList = { id: blockList.id, name: blockList.name, arn: blockList.arn };
        this.webAclArn = acl.arn;
        this.registerOutputs({ blockList: this.blockList, webAclArn: this.webAclArn });
    }
}
