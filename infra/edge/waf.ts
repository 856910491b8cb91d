/**
 * The web ACL in front of the load balancer (REGIONAL): the block list fail2ban fills, the four AWS
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

/** The IP set's handles: fail2ban's WAF action needs id, name and scope; the host role's policy the ARN. */
export interface BlockListRef {
    readonly id: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
}

/**
 * fail2ban's block list, a WAF IP set (REGIONAL, IPV4), on its own: the API hosts' IAM role is
 * granted exactly this set, so it exists before the hosts, and the web ACL (after the load
 * balancer, after the hosts) references it.
 */
export class WafBlockList extends pulumi.ComponentResource implements BlockListRef {
    readonly id: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: { readonly tags: (name: string) => Record<string, string> }, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:edge:WafBlockList", name, {}, opts);
        // Filled at run time by the API hosts' fail2ban action; the program owns only the set itself.
        const set = new aws.wafv2.IpSet(name, {
            name,
            description: "Clients fail2ban banned on an API host (its WAF action adds and removes them)",
            scope: "REGIONAL",
            ipAddressVersion: "IPV4",
            addresses: [],
            tags: args.tags(name),
        }, { parent: this, ignoreChanges: ["addresses"] });
        [this.id, this.name, this.arn] = [set.id, set.name, set.arn];
        this.registerOutputs({ id: this.id, name: this.name, arn: this.arn });
    }
}

export interface WebFirewallArgs {
    /** The block list the ACL's first rule blocks (WafBlockList). */
    readonly blockList: BlockListRef;
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
    readonly webAclArn: pulumi.Output<string>;

    constructor(name: string, args: WebFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:edge:WebFirewall", name, {}, opts);
        const parent = { parent: this };

        const acl = new aws.wafv2.WebAcl(name, {
            name,
            description: "IRISX API: fail2ban block list, AWS managed rules, per-address rate limit",
            scope: "REGIONAL",
            defaultAction: { allow: {} },
            rules: args.blockList.arn.apply((arn) => webAclRules({ blockListArn: arn, rateLimit: args.rateLimit, metricPrefix: name })),
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

        this.webAclArn = acl.arn;
        this.registerOutputs({ webAclArn: this.webAclArn });
    }
}
