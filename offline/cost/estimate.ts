/**
 * The monthly cost of a stack, computed from what the program registered (types and inputs): so it
 * follows the host counts, instance types, Multi-AZ, storage sizes and the edge mode by itself.
 * Prices come from prices.ts for the stack's region (unknown when the table has none there);
 * traffic and volume from assumptions.ts. Not priced: data transfer, KMS, backups within the free
 * allowance, free tiers.
 */
import { types } from "../../facts/resource-types";
import { inputOf, PlanResource } from "../plan/resource";
import { Assumptions, assumptions as defaultAssumptions } from "./assumptions";
import { designNotesCostImpact, Price, priceFor, prices as defaultPrices } from "./prices";

export interface CostLine {
    readonly item: string;
    readonly quantity: number;
    /** The quantity's unit, e.g. "instance-hours". */
    readonly unit: string;
    /** How the quantity was counted, e.g. "2 instances × 730 h". */
    readonly detail: string;
    readonly price: Price;
    readonly monthlyUsd: number | "unknown";
}

export interface CostEstimate {
    readonly region: string;
    readonly currency: "USD";
    readonly lines: readonly CostLine[];
    /** The sum of every line with a known price. */
    readonly knownMonthlyUsd: number;
    /** Lines whose price is unknown: the total leaves them out and says so. */
    readonly unknownItems: number;
    readonly assumptions: Assumptions;
    readonly designNotesCostImpact: typeof designNotesCostImpact;
}

export interface EstimateOptions {
    readonly prices?: readonly Price[];
    readonly assumptions?: Assumptions;
}

const num = (r: PlanResource, key: string): number | undefined => {
    const v = inputOf(r, key);
    return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};
const str = (r: PlanResource, key: string): string | undefined => {
    const v = inputOf(r, key);
    return typeof v === "string" ? v : undefined;
};
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Counts per key, in first-seen order. */
function tally<T>(items: readonly T[], keyOf: (item: T) => string, weightOf: (item: T) => number = () => 1): [string, number][] {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + weightOf(item));
    return [...counts];
}

export function estimateCost(resources: readonly PlanResource[], region: string, options: EstimateOptions = {}): CostEstimate {
    const table = options.prices ?? defaultPrices;
    const a = options.assumptions ?? defaultAssumptions;
    const hours = a.hoursPerMonth.value;
    const lines: CostLine[] = [];
    const add = (key: string, quantity: number, unit: string, detail: string, item?: string) => {
        if (quantity <= 0) return;
        const price = priceFor(key, region, table);
        const monthlyUsd = price.usd === "unknown" ? "unknown" : round2(quantity * price.usd);
        lines.push({ item: item ?? price.what, quantity: round2(quantity), unit, detail, price, monthlyUsd });
    };
    const ofType = (...wanted: string[]) => resources.filter((r) => r.custom && wanted.includes(r.type));

    const instances = ofType(types.instance);
    for (const [type, n] of tally(instances, (r) => str(r, "instanceType") ?? "(unset)")) {
        add(`ec2:${type}`, n * hours, "instance-hours", `${plural(n, "instance")} × ${hours} h`);
    }
    // Root volumes (the instance's rootBlockDevice) and standalone EBS volumes, by volume type.
    const volumes = [
        ...instances.map((r) => inputOf(r, "rootBlockDevice") as { volumeType?: unknown; volumeSize?: unknown } | undefined).filter((v) => v !== undefined)
            .map((v) => ({ type: typeof v!.volumeType === "string" ? v!.volumeType : "(unset)", gb: typeof v!.volumeSize === "number" ? v!.volumeSize : 0 })),
        ...ofType(types.ebsVolume).map((r) => ({ type: str(r, "type") ?? "(unset)", gb: num(r, "size") ?? 0 })),
    ];
    for (const [type, gb] of tally(volumes, (v) => v.type, (v) => v.gb)) {
        const count = volumes.filter((v) => v.type === type).length;
        add(`ebs:${type}`, gb, "GB-months", `${plural(count, "volume")}, ${gb} GB`);
    }

    // Public IPv4: each Elastic IP (it replaces the instance's auto-assigned address), and an
    // internet-facing load balancer's address in each of its subnets (ELBv2 API SetSubnets: one
    // subnet per Availability Zone; none with ipAddressType dualstack-without-public-ipv4).
    const eips = ofType(types.eip).length;
    const loadBalancers = ofType(types.loadBalancer, types.albLoadBalancer).filter((r) => (str(r, "loadBalancerType") ?? "application") === "application");
    const lbAddresses = loadBalancers
        .filter((r) => inputOf(r, "internal") !== true && str(r, "ipAddressType") !== "dualstack-without-public-ipv4")
        .reduce((sum, r) => sum + (((inputOf(r, "subnets") ?? inputOf(r, "subnetMappings")) as unknown[] | undefined)?.length ?? 0), 0);
    const ipv4 = eips + lbAddresses;
    const ipDetail = [eips ? plural(eips, "Elastic IP") : "", lbAddresses ? `${plural(lbAddresses, "load-balancer address")}` : ""].filter(Boolean).join(" + ");
    add("ipv4:public", ipv4 * hours, "IP-hours", `${ipDetail} × ${hours} h`);

    const databases = ofType(types.rdsInstance);
    for (const [key, n] of tally(databases, (r) => `${str(r, "engine") ?? "(unset)"}|${str(r, "instanceClass") ?? "(unset)"}|${inputOf(r, "multiAz") === true}`)) {
        const [engine, cls, multi] = key.split("|");
        const priceKey = engine === "postgres" ? `rds-postgres:${cls}:${multi === "true" ? "multi-az" : "single-az"}` : `rds-${engine}:${cls}`;
        add(priceKey, n * hours, "instance-hours", `${plural(n, "instance")} × ${hours} h`);
    }
    for (const [storageType, gb] of tally(databases, (r) => str(r, "storageType") ?? "(unset)", (r) => (num(r, "allocatedStorage") ?? 0) * (inputOf(r, "multiAz") === true ? 2 : 1))) {
        const multi = databases.some((r) => (str(r, "storageType") ?? "(unset)") === storageType && inputOf(r, "multiAz") === true);
        add(`rds-storage:${storageType}`, gb, "GB-months", multi ? `${gb / 2} GB × 2 (primary + standby)` : `${gb} GB`);
    }

    // A replication group's nodes: numCacheClusters, or shards × (1 + replicas) in cluster mode.
    const cacheNodes = (r: PlanResource) => num(r, "numCacheClusters") ?? (num(r, "numNodeGroups") ?? 1) * (1 + (num(r, "replicasPerNodeGroup") ?? 0));
    for (const [node, n] of tally(ofType(types.replicationGroup), (r) => str(r, "nodeType") ?? "(unset)", cacheNodes)) {
        add(`elasticache:${node}`, n * hours, "node-hours", `${plural(n, "node")} × ${hours} h`);
    }

    add("alb:hour", loadBalancers.length * hours, "ALB-hours", `${plural(loadBalancers.length, "load balancer")} × ${hours} h`);
    add("alb:lcu", loadBalancers.length * a.albLcuPerHour.value * hours, "LCU-hours", `${a.albLcuPerHour.value} LCU × ${hours} h (assumption albLcuPerHour)`);

    const acls = ofType(types.webAcl);
    const rules = acls.reduce((sum, r) => sum + ((inputOf(r, "rules") as unknown[] | undefined)?.length ?? 0), 0);
    add("waf:acl", acls.length, "ACL-months", plural(acls.length, "web ACL"));
    add("waf:rule", rules, "rule-months", `${plural(rules, "rule")} in ${plural(acls.length, "web ACL")}`);
    add("waf:requests", acls.length * a.wafRequestsMillions.value, "million requests", `${a.wafRequestsMillions.value} M per ACL (assumption wafRequestsMillions)`);

    const alarms = ofType(types.metricAlarm).length;
    add("cloudwatch:alarm", alarms, "alarm-months", plural(alarms, "alarm"));
    const logGroups = ofType(types.logGroup);
    const ingest = a.logIngestGb.value;
    add("cloudwatch:log-ingest", logGroups.length * ingest, "GB", `${plural(logGroups.length, "log group")} × ${ingest} GB (assumption logIngestGb)`);
    // Steady state: a month's ingest kept for the retention; a group that never expires counted at a year.
    const stored = logGroups.reduce((sum, r) => sum + (ingest * (num(r, "retentionInDays") || 365)) / (hours / 24), 0);
    add("cloudwatch:log-storage", stored, "GB-months", `each group's ingest × its retention (days / ${round2(hours / 24)})`);
    const filters = ofType(types.logMetricFilter).length;
    add("cloudwatch:custom-metric", filters, "metric-months", plural(filters, "metric filter"));

    const buckets = ofType(...[types.bucket, types.bucketV2]).length;
    add("s3:standard", buckets * a.s3StoredGb.value, "GB-months", `${plural(buckets, "bucket")} × ${a.s3StoredGb.value} GB (assumption s3StoredGb)`);
    const emails = ofType(types.snsSubscription).filter((r) => str(r, "protocol") === "email").length;
    add("sns:email", emails * a.alarmEmails.value, "notifications", `${plural(emails, "e-mail subscription")} × ${a.alarmEmails.value} (assumption alarmEmails)`);

    const known = lines.reduce((sum, l) => sum + (l.monthlyUsd === "unknown" ? 0 : l.monthlyUsd), 0);
    return {
        region,
        currency: "USD",
        lines,
        knownMonthlyUsd: round2(known),
        unknownItems: lines.filter((l) => l.monthlyUsd === "unknown").length,
        assumptions: a,
        designNotesCostImpact,
    };
}

/** "$123.45/month" and, when any price is unknown, " + 3 unknown items". */
export function totalText(estimate: Pick<CostEstimate, "knownMonthlyUsd" | "unknownItems">): string {
    const unknown = estimate.unknownItems ? ` + ${plural(estimate.unknownItems, "unknown item")}` : "";
    return `$${estimate.knownMonthlyUsd.toFixed(2)}/month${unknown}`;
}
