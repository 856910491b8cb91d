/**
 * The price table of the offline cost estimate: one line per price, each with its region, the date
 * its source gives and the source page. No price here is guessed: there was no internet when it
 * was written, so every figure is copied from a stored public page (the `search` tool's "pages"
 * corpus, read 2026-12-02); a price no page gave is `"unknown"` and says where we looked.
 * Prices are USD, on-demand, before tax, without free tiers or discounts.
 */

export interface PriceSource {
    readonly title: string;
    readonly url: string;
}

export interface Price {
    /** What `estimate.ts` asks for: `<service>:<variant>`, e.g. `ec2:t3.micro`. */
    readonly key: string;
    readonly what: string;
    readonly usd: number | "unknown";
    /** What one `usd` buys: "instance-hour", "GB-month", … */
    readonly unit: string;
    /** An AWS region, or "all" when the source says the price is the same in every region. */
    readonly region: string;
    /** The date the source gives for the figure (published, updated, reviewed), or when we read an undated page. */
    readonly date: string;
    readonly source: PriceSource;
    readonly note?: string;
}

const read = "read 2026-12-02";
const src = {
    cloudBench: { title: "CloudBench, AWS t3.micro vs t3.small: Price, Performance & When to Upgrade", url: "https://cloud-bench.com/blog/aws-t3-micro-vs-t3-small" },
    haceCuentas: { title: "HaceCuentas, Calculate Your AWS EC2 Monthly Costs", url: "https://hacecuentas.com/en/costo-servidor-cloud-aws-ec2-mensual" },
    ec2OnDemand: { title: "AWS, Amazon EC2 On-Demand Pricing (no stored copy with c6i rates)", url: "https://aws.amazon.com/ec2/pricing/on-demand/" },
    saisci: { title: "SAISCI, gp3 Throughput Explained – EBS Volumes", url: "https://www.saisci.com/aws/gp3-throughput-explained/" },
    ipv4: { title: "AWS Community, AWS to Charge Public IPv4 Addresses", url: "https://community.aws/content/2c6cKl0W4KQZIO6dWnnDHs1tHSp/aws-to-charge-public-ipv4-addresses" },
    infratally: { title: "InfraTally, AWS RDS Pricing Explained (2026)", url: "https://infratally.com/articles/aws-rds-pricing-explained-2026.html" },
    usageAiRds: { title: "Usage.ai, RDS pricing calculator", url: "https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/" },
    elasticache: { title: "AWS, Amazon ElastiCache pricing (stored copy shows no node rates)", url: "https://aws.amazon.com/elasticache/pricing/" },
    cloudHorizons: { title: "Cloud Horizons, ALB: the line item nobody watches", url: "https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/" },
    c3xWaf: { title: "C3X, AWS WAF cost explained: the three meters that drive your bill", url: "https://c3x.dev/blog/aws-waf-cost-explained/" },
    c3xAlarm: { title: "C3X, aws_cloudwatch_metric_alarm cost estimation", url: "https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm" },
    c3xLogs: { title: "C3X, CloudWatch Logs cost optimization: cutting the $0.50/GB bill", url: "https://c3x.dev/blog/cloudwatch-logs-cost-optimization" },
    signoz: { title: "SigNoz, CloudWatch Pricing Without the Confusion [Part 1]", url: "https://signoz.io/guides/cloudwatch-pricing" },
    c3xS3: { title: "C3X, aws_s3_bucket cost estimation", url: "https://c3x.dev/resources/aws/aws_s3_bucket" },
    sns: { title: "AWS, Amazon SNS pricing (no stored copy found)", url: "https://aws.amazon.com/sns/pricing/" },
} satisfies Record<string, PriceSource>;

const usEast = "us-east-1";
const ec2 = (type: string, usd: number | "unknown", date: string, source: PriceSource, note?: string): Price => ({
    key: `ec2:${type}`, what: `EC2 ${type} (Linux, on-demand)`, usd, unit: "instance-hour", region: usEast, date, source, ...(note ? { note } : {}),
});
const rds = (cls: string, multiAz: boolean, usd: number): Price => ({
    key: `rds-postgres:${cls}:${multiAz ? "multi-az" : "single-az"}`,
    what: `RDS PostgreSQL ${cls}${multiAz ? " Multi-AZ (primary + standby)" : " Single-AZ"}`,
    usd, unit: "instance-hour", region: usEast, date: `2026 (article), ${read}`, source: src.infratally,
});
const cacheUnknown = (node: string): Price => ({
    key: `elasticache:${node}`, what: `ElastiCache ${node} node (Redis OSS)`, usd: "unknown", unit: "node-hour", region: usEast, date: read, source: src.elasticache,
    note: "no stored page gives this node's rate (the one t-family rate found, cache.t3.micro $0.017/h on dragonflydb.io, is another type)",
});

export const prices: readonly Price[] = [
    ec2("t3.micro", 0.0104, `undated page, ${read}`, src.cloudBench),
    ec2("t3.small", 0.0208, `undated page, ${read}`, src.cloudBench),
    ec2("t3.medium", 0.0416, "2026-04-17 (last reviewed)", src.haceCuentas, "the page's source: AWS EC2 On-Demand Pricing"),
    ec2("c6i.large", "unknown", read, src.ec2OnDemand, "no stored page gives it (only c6i.2xlarge, $0.34/h); not derived from another size"),
    ec2("c6i.xlarge", "unknown", read, src.ec2OnDemand, "no stored page gives it (only c6i.2xlarge, $0.34/h); not derived from another size"),
    { key: "ebs:gp3", what: "EBS gp3 storage (3,000 IOPS and 125 MiB/s included)", usd: 0.08, unit: "GB-month", region: usEast, date: "2021-01-13 (last updated)", source: src.saisci, note: "the page: price based on the N. Virginia region" },
    { key: "ipv4:public", what: "Public IPv4 address (in use or idle)", usd: 0.005, unit: "IP-hour", region: "all", date: "2024-02-08 (charged since 2024-02-01)", source: src.ipv4, note: "charged for every resource with one: EC2 instance, load balancer, NAT gateway…; besthub.dev (same announcement): applies in every AWS region" },
    rds("db.t4g.micro", false, 0.016),
    rds("db.t4g.micro", true, 0.032),
    rds("db.t4g.medium", false, 0.065),
    rds("db.t4g.medium", true, 0.13),
    { key: "rds-storage:gp3", what: "RDS gp3 storage (3,000 IOPS and 125 MB/s included)", usd: 0.115, unit: "GB-month", region: usEast, date: "2026-06", source: src.usageAiRds, note: "Multi-AZ bills the standby's copy too (AWS RDS User Guide, On-Demand DB instances: storage charged for both primary and standby)" },
    cacheUnknown("cache.t4g.micro"),
    cacheUnknown("cache.t4g.small"),
    { key: "alb:hour", what: "Application Load Balancer", usd: 0.0225, unit: "ALB-hour", region: usEast, date: "2026-05-08 (published)", source: src.cloudHorizons, note: "US East (N. Virginia) $0.0225/h also in cal53.calculator.city's ALB table" },
    { key: "alb:lcu", what: "ALB capacity unit (LCU)", usd: 0.008, unit: "LCU-hour", region: usEast, date: "2026-05-08 (published)", source: src.cloudHorizons, note: "quoted with the US East hourly rate" },
    { key: "waf:acl", what: "AWS WAF web ACL", usd: 5, unit: "ACL-month", region: "all", date: `undated page, ${read}`, source: src.c3xWaf, note: "AWS Networking blog, Cost-effective ways for securing your web applications using AWS WAF: pricing is consistent across all AWS Regions" },
    { key: "waf:rule", what: "AWS WAF rule or managed rule group", usd: 1, unit: "rule-month", region: "all", date: `undated page, ${read}`, source: src.c3xWaf, note: "a managed group counts as one rule (AWS's baseline groups carry no subscription fee of their own)" },
    { key: "waf:requests", what: "AWS WAF requests inspected", usd: 0.6, unit: "million requests", region: "all", date: `undated page, ${read}`, source: src.c3xWaf },
    { key: "cloudwatch:alarm", what: "CloudWatch standard-resolution metric alarm", usd: 0.1, unit: "alarm-month", region: usEast, date: `undated page, ${read}`, source: src.c3xAlarm, note: "the design notes' Cost Impact table: ~$0.50 for 10 alarms" },
    { key: "cloudwatch:log-ingest", what: "CloudWatch Logs ingestion (Standard class)", usd: 0.5, unit: "GB", region: usEast, date: "2026-06", source: src.c3xLogs },
    { key: "cloudwatch:log-storage", what: "CloudWatch Logs storage (Standard class)", usd: 0.03, unit: "GB-month", region: usEast, date: "2026-06", source: src.c3xLogs },
    { key: "cloudwatch:custom-metric", what: "CloudWatch custom metric (each metric filter publishes one)", usd: "unknown", unit: "metric-month", region: usEast, date: "2026-02-15 (updated)", source: src.signoz, note: "the page gives $0.30/month for the first 10,000 without naming a region" },
    { key: "s3:standard", what: "S3 Standard storage", usd: "unknown", unit: "GB-month", region: usEast, date: `undated page, ${read}`, source: src.c3xS3, note: "the page says 'roughly $0.023/GB-month' without naming a region" },
    { key: "sns:email", what: "SNS e-mail notification", usd: "unknown", unit: "notification", region: usEast, date: read, source: src.sns, note: "no stored page with SNS e-mail rates found" },
];

/** The price of `key` in `region`: its line for that region or for "all"; otherwise unknown, never another region's figure. */
export function priceFor(key: string, region: string, table: readonly Price[] = prices): Price {
    const line = table.find((p) => p.key === key && p.region === region) ?? table.find((p) => p.key === key && p.region === "all");
    if (line) return line;
    const known = table.find((p) => p.key === key);
    return {
        key,
        what: known?.what ?? key,
        usd: "unknown",
        unit: known?.unit ?? "unit",
        region,
        date: "—",
        source: { title: "offline/cost/prices.ts", url: "offline/cost/prices.ts" },
        note: known ? `the table has ${known.region}'s price only` : "not in the price table",
    };
}

/**
 * The design notes' own "Cost Impact" table (seeds/security-architecture.md), copied so the repo
 * carries what it cites: the user's figures for the security add-ons, shown beside the estimate.
 */
export const designNotesCostImpact: readonly { readonly item: string; readonly monthly: string }[] = [
    { item: "Let's Encrypt SSL", monthly: "$0 (free)" },
    { item: "nginx", monthly: "$0 (included)" },
    { item: "Fail2Ban", monthly: "$0 (free)" },
    { item: "CloudWatch Alarms", monthly: "~$0.50 (10 alarms)" },
    { item: "AWS WAF (optional)", monthly: "~$5-10" },
    { item: "VPN (optional)", monthly: "~$0.10/connection" },
    { item: "Total", monthly: "~$0.50 - $15/mo" },
];
