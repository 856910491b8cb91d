/** The cost estimate: its price table, how it counts registered resources, unknown prices and regions. */
import * as assert from "assert";
import { types } from "../../facts/resource-types";
import { estimateCost, totalText } from "../../offline/cost/estimate";
import { costFooter, costRows } from "../../offline/cost/render";
import { Price, prices, priceFor } from "../../offline/cost/prices";
import { resolveStack, runStack } from "../../offline/plan/plan-stack";
import { PlanResource } from "../../offline/plan/resource";
import { table } from "../../offline/plan/render-text";
import { resource } from "./fixtures";

/** Within a cent per line: each line is rounded to cents on its own, so the sum of n lines may drift by n cents. */
const closeTo = (actual: number, expected: number, lines: number) => assert.ok(Math.abs(actual - expected) <= 0.01 * lines + 1e-9, `${actual} vs ${expected}`);
const monthly = (lines: ReturnType<typeof estimateCost>["lines"], key: string) => lines.find((l) => l.price.key === key)?.monthlyUsd;

/** One host as the program registers it: the instance with its root volume, and its Elastic IP. */
const host = (i: number, instanceType = "t3.micro") => [
    resource(types.instance, `api-${i}`, { instanceType, rootBlockDevice: { volumeType: "gp3", volumeSize: 20 } }),
    resource(types.eip, `api-${i}-eip`, { domain: "vpc" }),
];
const hosts = (n: number, instanceType?: string) => Array.from({ length: n }, (_, i) => host(i, instanceType)).flat();

const edge = [
    resource(types.loadBalancer, "alb", { loadBalancerType: "application", internal: false, subnets: ["subnet-a", "subnet-b"] }),
    resource(types.webAcl, "waf", { scope: "REGIONAL", rules: [{ name: "common" }, { name: "bad-inputs" }, { name: "sqli" }, { name: "ip-reputation" }, { name: "rate" }, { name: "banned" }] }),
];

describe("the cost price table", () => {
    it("gives every price line its region, date and source page, and a figure or 'unknown' with the reason", () => {
        for (const p of prices) {
            assert.ok(p.region === "all" || /^[a-z]{2}(-[a-z]+)+-\d$/.test(p.region), `${p.key}: region ${p.region}`);
            assert.match(p.date, /\d{4}/, `${p.key}: date`);
            assert.ok(p.source.title.length > 0 && /^https:\/\/[^ ]+$/.test(p.source.url), `${p.key}: source`);
            assert.ok(p.usd === "unknown" ? (p.note ?? "").length > 0 : p.usd > 0, `${p.key}: ${p.usd}`);
        }
        assert.strictEqual(new Set(prices.map((p) => `${p.key}@${p.region}`)).size, prices.length, "one line per price and region");
    });

    it("answers for another region with unknown, never us-east-1's figure", () => {
        const price = priceFor("ec2:t3.micro", "eu-west-1");
        assert.deepStrictEqual([price.usd, price.region], ["unknown", "eu-west-1"]);
        assert.match(price.note ?? "", /us-east-1's price only/);
        assert.strictEqual(priceFor("waf:acl", "eu-west-1").usd, 5, "a price its source gives for every region");
    });
});

describe("the cost estimate", () => {
    it("prices each registered host: instance-hours, its root volume and its Elastic IP", () => {
        const estimate = estimateCost(hosts(1), "us-east-1");
        assert.deepStrictEqual(estimate.lines.map((l) => [l.price.key, l.quantity, l.monthlyUsd]), [
            ["ec2:t3.micro", 730, 7.59],
            ["ebs:gp3", 20, 1.6],
            ["ipv4:public", 730, 3.65],
        ]);
        assert.strictEqual(totalText(estimate), "$12.84/month");
    });

    it("grows linearly with the hosts registered", () => {
        const one = estimateCost(hosts(1), "us-east-1");
        const three = estimateCost(hosts(3), "us-east-1");
        closeTo(three.knownMonthlyUsd, one.knownMonthlyUsd * 3, three.lines.length);
        assert.ok(three.knownMonthlyUsd > one.knownMonthlyUsd * 2.9);
        assert.deepStrictEqual(three.lines.map((l) => l.quantity), one.lines.map((l) => l.quantity * 3));
    });

    it("adds the load balancer's hours, LCUs and addresses and the web ACL's rules and requests when the edge is there", () => {
        const direct = estimateCost(hosts(1), "us-east-1");
        const alb = estimateCost([...hosts(1), ...edge], "us-east-1");
        const line = (key: string) => alb.lines.find((l) => l.price.key === key);
        assert.deepStrictEqual([line("alb:hour")?.monthlyUsd, line("alb:lcu")?.monthlyUsd], [16.43, 5.84]);
        assert.deepStrictEqual([line("waf:acl")?.monthlyUsd, line("waf:rule")?.quantity, line("waf:rule")?.monthlyUsd, line("waf:requests")?.monthlyUsd], [5, 6, 6, 6]);
        assert.strictEqual(line("ipv4:public")?.quantity, 3 * 730, "the Elastic IP and the ALB's address in each of its two subnets");
        assert.strictEqual(alb.knownMonthlyUsd, Math.round((direct.knownMonthlyUsd + 16.43 + 5.84 + 5 + 6 + 6 + 2 * 3.65) * 100) / 100);
        assert.strictEqual(alb.unknownItems, 0);
    });

    it("counts no public address for an internal load balancer or one without public IPv4, and no ALB charge for a network load balancer", () => {
        const lb = (name: string, inputs: Record<string, unknown>) => resource(types.loadBalancer, name, { subnets: ["subnet-a", "subnet-b"], ...inputs });
        const estimate = estimateCost([lb("internal", { internal: true }), lb("v6", { ipAddressType: "dualstack-without-public-ipv4" }), lb("nlb", { loadBalancerType: "network" })], "us-east-1");
        assert.deepStrictEqual(estimate.lines.map((l) => [l.price.key, l.quantity]), [["alb:hour", 2 * 730], ["alb:lcu", 2 * 730]]);
    });

    it("shows a price it does not know as unknown and says so in the total", () => {
        const estimate = estimateCost([...hosts(1), ...hosts(1, "c6i.large").map((r) => ({ ...r, name: `fs-${r.name}`, urn: `${r.urn}-fs` }))], "us-east-1");
        assert.strictEqual(monthly(estimate.lines, "ec2:c6i.large"), "unknown");
        assert.strictEqual(estimate.unknownItems, 1);
        assert.strictEqual(estimate.knownMonthlyUsd, 18.09);
        const text = [...table(costRows(estimate)), ...costFooter(estimate)].join("\n");
        assert.match(text, /EC2 c6i\.large \(Linux, on-demand\) +730 instance-hours +unknown +unknown /);
        assert.match(text, /Total: \$18\.09\/month \+ 1 unknown item \(USD/);
        assert.match(text, /unknown: EC2 c6i\.large .*not derived from another size/);
    });

    it("prices a stack in a region the table does not cover as unknown, not at us-east-1's figures", () => {
        const estimate = estimateCost([...hosts(1), ...edge], "eu-west-1");
        assert.deepStrictEqual(
            estimate.lines.filter((l) => l.monthlyUsd === "unknown").map((l) => l.price.key),
            ["ec2:t3.micro", "ebs:gp3", "alb:hour", "alb:lcu"],
        );
        assert.ok(estimate.lines.every((l) => l.price.region !== "us-east-1"));
        assert.match(totalText(estimate), /\+ 4 unknown items$/);
    });

    it("follows the real program's registered resources: two more API hosts add exactly two hosts' worth", async () => {
        const { resources } = await runStack(resolveStack("dev"));
        const api = resources.find((r) => r.type === types.instance && r.name === "irisx-dev-api-instance")!;
        const eip = resources.find((r) => r.type === types.eip && r.name.startsWith("irisx-dev-api"))!;
        assert.ok(api && eip, "the dev stack registers the API instance and its Elastic IP");
        const copy = (r: PlanResource, i: number): PlanResource => ({ ...r, name: `${r.name}-${i}`, urn: `${r.urn}-${i}` });
        const before = estimateCost(resources, "us-east-1");
        const after = estimateCost([...resources, copy(api, 1), copy(eip, 1), copy(api, 2), copy(eip, 2)], "us-east-1");
        const perHost = 7.59 + 20 * 0.08 + 3.65;
        closeTo(after.knownMonthlyUsd, before.knownMonthlyUsd + 2 * perHost, 3);
        assert.strictEqual(after.lines.find((l) => l.price.key === "ec2:t3.micro")?.quantity, 3 * 730);
    });

    it("uses only the table's own lines for a table without the price", () => {
        const only: Price[] = [{ key: "ec2:t3.micro", what: "t3.micro", usd: 1, unit: "instance-hour", region: "us-east-1", date: "2026", source: { title: "t", url: "https://example.test" } }];
        const estimate = estimateCost(hosts(1), "us-east-1", { prices: only });
        assert.deepStrictEqual(estimate.lines.map((l) => l.monthlyUsd), [730, "unknown", "unknown"]);
    });
});
