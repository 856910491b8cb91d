/**
 * The stack's alarms and where they go: one SNS topic with the on-call e-mail subscription, the
 * metric filters that turn security events in the host logs into metrics, and alarms on those
 * and on RDS, Redis and the two instances. Thresholds come from config (thresholds.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { logMetrics, MetricLogKind } from "./log-metrics";

export type AlarmsConfig = Pick<StackConfig, "environment" | "alarmEmail" | "alarms" | "dbAllocatedStorageGb">;

/** Where the log metrics live: one namespace per stack, so dev noise never shows in prod's graphs. */
export function metricNamespace(environment: string): string {
    return `IRISX/${environment}`;
}

/** The free-storage alarm's threshold in bytes (RDS allocates GiB; FreeStorageSpace is in bytes). */
export function freeStorageThresholdBytes(config: Pick<StackConfig, "dbAllocatedStorageGb" | "alarms">): number {
    return Math.round(config.dbAllocatedStorageGb * 1024 ** 3 * (config.alarms.dbFreeStoragePercent / 100));
}

export interface AlarmsArgs {
    readonly config: AlarmsConfig;
    readonly logGroupNames: Readonly<Record<MetricLogKind, pulumi.Input<string>>>;
    /** Every host's instance, by host label ("api", "freeswitch", "api-1", … facts/hosts.ts): one status alarm each. */
    readonly instanceIds: Readonly<Record<string, pulumi.Input<string>>>;
    readonly dbIdentifier: pulumi.Input<string>;
    /** One per Redis node: DatabaseMemoryUsagePercentage is reported per node. */
    readonly redisNodeIds: pulumi.Input<string>[];
    readonly tags: (name: string) => Record<string, string>;
}

export class Alarms extends pulumi.ComponentResource {
    readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:monitoring:Alarms", name, {}, opts);
        const parent = { parent: this };
        const { config } = args;
        const thresholds = config.alarms;

        // Not KMS-encrypted on purpose: CloudWatch cannot publish to a topic under the AWS-managed
        // key (alias/aws/sns), and the messages carry alarm states only, no customer data.
        const topic = new aws.sns.Topic(`${name}-topic`, { name: `${name}-topic`, tags: args.tags(`${name}-topic`) }, parent);
        // AWS mails a confirmation link; nothing is delivered until the recipient follows it.
        new aws.sns.TopicSubscription(`${name}-email`, { topic: topic.arn, protocol: "email", endpoint: config.alarmEmail }, parent);
        const actions = { alarmActions: [topic.arn], okActions: [topic.arn] };

        const alarm = (suffix: string, description: string, spec: Omit<aws.cloudwatch.MetricAlarmArgs, "name" | "alarmDescription" | "tags">, dependsOn?: pulumi.Resource) =>
            new aws.cloudwatch.MetricAlarm(`${name}-${suffix}`, {
                name: `${name}-${suffix}`,
                alarmDescription: description,
                ...actions,
                ...spec,
                tags: args.tags(`${name}-${suffix}`),
            }, { ...parent, dependsOn });

        const namespace = metricNamespace(config.environment);
        for (const metric of logMetrics) {
            const filter = new aws.cloudwatch.LogMetricFilter(`${name}-${metric.metricName}`, {
                name: metric.metricName,
                logGroupName: args.logGroupNames[metric.logKind],
                pattern: metric.pattern,
                // 0 for every event that does not match, so quiet periods read as 0, not as missing.
                metricTransformation: { name: metric.metricName, namespace, value: "1", defaultValue: "0", unit: "Count" },
            }, parent);
            alarm(metric.metricName, `${thresholds[metric.threshold]} or more ${metric.description} in 5 minutes`, {
                namespace,
                metricName: metric.metricName,
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                threshold: thresholds[metric.threshold],
                treatMissingData: "notBreaching",
            }, filter);
        }

        const rds = { namespace: "AWS/RDS", dimensions: { DBInstanceIdentifier: args.dbIdentifier }, period: 300 };
        alarm("DbConnections", `PostgreSQL has ${thresholds.dbConnections} or more connections (10-minute average)`, {
            ...rds, metricName: "DatabaseConnections", statistic: "Average", evaluationPeriods: 2,
            comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: thresholds.dbConnections,
        });
        alarm("DbCpu", `RDS CPU above ${thresholds.dbCpuPercent}% for 15 minutes`, {
            ...rds, metricName: "CPUUtilization", statistic: "Average", evaluationPeriods: 3,
            comparisonOperator: "GreaterThanThreshold", threshold: thresholds.dbCpuPercent,
        });
        alarm("DbFreeStorage", `RDS free storage below ${thresholds.dbFreeStoragePercent}% of ${config.dbAllocatedStorageGb} GiB`, {
            ...rds, metricName: "FreeStorageSpace", statistic: "Minimum", evaluationPeriods: 1,
            comparisonOperator: "LessThanThreshold", threshold: freeStorageThresholdBytes(config),
        });
        args.redisNodeIds.forEach((nodeId, i) =>
            alarm(`RedisMemory-${i + 1}`, `Redis node ${i + 1} memory above ${thresholds.redisMemoryPercent}% for 15 minutes`, {
                namespace: "AWS/ElastiCache", dimensions: { CacheClusterId: nodeId }, metricName: "DatabaseMemoryUsagePercentage",
                statistic: "Average", period: 300, evaluationPeriods: 3,
                comparisonOperator: "GreaterThanThreshold", threshold: thresholds.redisMemoryPercent,
            }));
        for (const [label, instanceId] of Object.entries(args.instanceIds)) {
            // Status checks are published every minute at no charge: two failed minutes in a row.
            alarm(`StatusCheck-${label}`, `EC2 status check failing on the ${label} host for 2 minutes`, {
                namespace: "AWS/EC2", dimensions: { InstanceId: instanceId }, metricName: "StatusCheckFailed",
                statistic: "Maximum", period: 60, evaluationPeriods: 2,
                comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1,
            });
        }

        this.topicArn = topic.arn;
        this.registerOutputs({ topicArn: this.topicArn });
    }
}
