/**
 * What the estimate cannot read from the registered resources: traffic and volume. Each figure is
 * named, printed with the estimate and carried in `--json`, so a reader can redo the sum with theirs.
 */

export interface Assumption {
    readonly value: number;
    readonly unit: string;
    readonly description: string;
}

export const assumptions = {
    // 730 = 8,760 hours a year / 12; the sources' own monthly figures use it (InfraTally: $0.016/h → $11.68/mo).
    hoursPerMonth: { value: 730, unit: "hours", description: "hours in a month (AWS's 8,760 / 12)" },
    albLcuPerHour: { value: 1, unit: "LCU", description: "per ALB, every hour: at most 25 new connections/s, 3,000 active connections/min, 1 GB processed/h, 1,000 rule evaluations/s" },
    wafRequestsMillions: { value: 10, unit: "million requests", description: "inspected per web ACL per month" },
    logIngestGb: { value: 1, unit: "GB", description: "ingested per log group per month (stored for the group's retention)" },
    s3StoredGb: { value: 20, unit: "GB", description: "held per bucket (recordings, load-balancer access logs)" },
    alarmEmails: { value: 100, unit: "e-mails", description: "sent per alarm subscription per month" },
} as const satisfies Record<string, Assumption>;

export type Assumptions = { readonly [K in keyof typeof assumptions]: Assumption };
