/** The plan's alarm table: every registered CloudWatch alarm, its metric, condition and where it notifies. */
import { types } from "../../facts/resource-types";
import { unknownStringValue } from "../../facts/unknown";
import { inputOf, PlanResource } from "./resource";

export interface AlarmRow {
    readonly name: string;
    /** "<namespace> <metric>", plus the dimension value when the metric is per resource. */
    readonly metric: string;
    readonly statistic: string;
    readonly comparison: string;
    readonly threshold: number;
    readonly periodSeconds: number;
    readonly evaluationPeriods: number;
    readonly description: string;
    /** Names of the SNS topics its alarm actions publish to. */
    readonly notifies: readonly string[];
}

export interface AlarmTopic {
    readonly name: string;
    /** "email:oncall@…" per subscription. */
    readonly subscriptions: readonly string[];
}

export interface AlarmPlan {
    readonly alarms: readonly AlarmRow[];
    readonly topics: readonly AlarmTopic[];
}

const operators: Readonly<Record<string, string>> = {
    GreaterThanOrEqualToThreshold: ">=",
    GreaterThanThreshold: ">",
    LessThanThreshold: "<",
    LessThanOrEqualToThreshold: "<=",
};

const text = (value: unknown) => (typeof value === "string" ? value : "");

export function collectAlarms(resources: readonly PlanResource[]): AlarmPlan {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const nameOf = (urn: string) => text(inputOf(byUrn.get(urn)!, "name")) || byUrn.get(urn)!.name;
    const topicsOf = (r: PlanResource, key: string) =>
        (r.propertyDependencies[key] ?? []).filter((urn) => byUrn.get(urn)?.type === types.snsTopic).map(nameOf);

    const alarms = resources
        .filter((r) => r.type === types.metricAlarm)
        .map((r): AlarmRow => {
            // Shown by the resource it comes from (an instance id says less than the instance's
            // name, and is unknown in a preview) unless the value itself names more (a Redis node).
            const sources = (r.propertyDependencies.dimensions ?? []).map((urn) => byUrn.get(urn)).filter((d) => d?.custom).map((d) => d!.name);
            const dimensions = Object.values((inputOf(r, "dimensions") ?? {}) as Record<string, unknown>)
                .map((value) => (typeof value === "string" && value !== unknownStringValue && (sources.length === 0 || sources.some((name) => value.includes(name))) ? value : sources.join(", ")))
                .filter(Boolean);
            return {
                name: text(inputOf(r, "name")) || r.name,
                metric: [text(inputOf(r, "namespace")), text(inputOf(r, "metricName")), ...dimensions.map((d) => `(${d})`)].join(" "),
                statistic: text(inputOf(r, "statistic")),
                comparison: operators[text(inputOf(r, "comparisonOperator"))] ?? text(inputOf(r, "comparisonOperator")),
                threshold: Number(inputOf(r, "threshold")),
                periodSeconds: Number(inputOf(r, "period")),
                evaluationPeriods: Number(inputOf(r, "evaluationPeriods")),
                description: text(inputOf(r, "alarmDescription")),
                notifies: topicsOf(r, "alarmActions"),
            };
        })
        .sort((a, b) => a.name.localeCompare(b.name));

    const topics = resources
        .filter((r) => r.type === types.snsTopic)
        .map((topic): AlarmTopic => ({
            name: nameOf(topic.urn),
            subscriptions: resources
                .filter((s) => s.type === types.snsSubscription && (s.propertyDependencies.topic ?? []).includes(topic.urn))
                .map((s) => `${text(inputOf(s, "protocol"))}:${text(inputOf(s, "endpoint"))}`),
        }));
    return { alarms, topics };
}

/** "Sum >= 10 in 5 min", "Average > 80 for 3 × 5 min". */
export function conditionText(row: AlarmRow): string {
    const period = row.periodSeconds % 60 === 0 ? `${row.periodSeconds / 60} min` : `${row.periodSeconds} s`;
    const window = row.evaluationPeriods === 1 ? `in ${period}` : `for ${row.evaluationPeriods} × ${period}`;
    const threshold = /FreeStorageSpace/.test(row.metric) ? `${(row.threshold / 1024 ** 3).toFixed(1)} GiB` : String(row.threshold);
    return `${row.statistic} ${row.comparison} ${threshold} ${window}`;
}
