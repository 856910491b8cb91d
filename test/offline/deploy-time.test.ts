import * as assert from "assert";
import { createTimes, estimateDeployTime, timeKey } from "../../offline/plan/deploy-time";
import { resource, t } from "./fixtures";

describe("estimated deploy time", () => {
    const vpc = resource(t.vpc, "vpc");
    const subnet = resource(t.subnet, "private-0", {}, { propertyDependencies: { vpcId: [vpc] } });
    const dbSubnets = resource(t.rdsSubnets, "db-subnets", {}, { propertyDependencies: { subnetIds: [subnet] } });
    const password = resource(t.password, "db-password");
    const db = resource(t.rds, "db", {}, { propertyDependencies: { dbSubnetGroupName: [dbSubnets], password: [password] } });
    const sg = resource(t.sg, "sg-api", {}, { propertyDependencies: { vpcId: [vpc] } });

    it("names the longest chain and sums its create times", () => {
        const estimate = estimateDeployTime([vpc, subnet, dbSubnets, password, db, sg]);
        assert.deepStrictEqual(estimate.chain.map((c) => c.name), ["vpc", "private-0", "db-subnets", "db"]);
        const expected = [t.vpc, t.subnet, t.rdsSubnets, t.rds].reduce((s, type) => s + createTimes[type].seconds, 0);
        assert.strictEqual(estimate.longestChainSeconds, expected);
    });

    it("charges boot and cloud-init to the first push on a new host, not to the pushes after it", () => {
        const instance = resource(t.instance, "api-instance");
        const firstStaging = resource("command:remote:Command", "api-nginx-staging", {}, { dependsOn: [instance] });
        const copy = resource("command:remote:CopyToRemote", "api-nginx-conf", {}, { dependsOn: [firstStaging] });
        const apply = resource("command:remote:Command", "api-nginx-apply", {}, { dependsOn: [copy] });
        const nextStaging = resource("command:remote:Command", "api-fail2ban-staging", {}, { dependsOn: [apply] });
        const estimate = estimateDeployTime([instance, firstStaging, copy, apply, nextStaging]);
        const seconds = Object.fromEntries(estimate.chain.map((c) => [c.name, c.seconds]));
        assert.strictEqual(seconds["api-nginx-staging"], createTimes["command:remote:Command#freshHost"].seconds);
        assert.strictEqual(seconds["api-nginx-apply"], createTimes["command:remote:Command"].seconds);
        assert.strictEqual(seconds["api-fail2ban-staging"], createTimes["command:remote:Command"].seconds);
    });

    it("charges nothing to a Command with only a delete step (the drain runs when the host goes, not when it comes)", () => {
        const instance = resource(t.instance, "freeswitch-instance");
        const drain = resource("command:remote:Command", "freeswitch-drain", { delete: "sudo -n bash -s" }, { dependsOn: [instance] });
        const push = resource("command:remote:Command", "freeswitch-sshd-apply", { create: "sudo -n bash -s" }, { dependsOn: [instance] });
        assert.strictEqual(createTimes[timeKey(drain)].seconds, 0);
        // The push is still the first on the new host, so it waits for boot and cloud-init.
        assert.strictEqual(timeKey(push), "command:remote:Command#freshHost");
        assert.strictEqual(estimateDeployTime([instance, drain, push]).totalSerialSeconds, createTimes[t.instance].seconds + createTimes[timeKey(push)].seconds);
    });

    it("totals every cloud resource for the serial time", () => {
        const estimate = estimateDeployTime([vpc, subnet, dbSubnets, password, db, sg]);
        const expected = [t.vpc, t.subnet, t.rdsSubnets, t.password, t.rds, t.sg].reduce((s, type) => s + createTimes[type].seconds, 0);
        assert.strictEqual(estimate.totalSerialSeconds, expected);
    });

    it("shows a chain that serialises RDS behind ElastiCache as the sum of both", () => {
        const cache = resource(t.redis, "cache", {}, { propertyDependencies: { subnetGroupName: [subnet] } });
        const parallel = estimateDeployTime([vpc, subnet, dbSubnets, db, cache]);
        const serialised = resource(t.rds, "db", {}, { propertyDependencies: { dbSubnetGroupName: [dbSubnets] }, dependsOn: [cache] });
        const chained = estimateDeployTime([vpc, subnet, dbSubnets, serialised, cache]);
        const both = [t.vpc, t.subnet, t.redis, t.rds].reduce((s, type) => s + createTimes[type].seconds, 0);
        assert.ok(parallel.longestChainSeconds < both);
        assert.strictEqual(chained.longestChainSeconds, both);
        assert.deepStrictEqual(chained.chain.slice(-2).map((c) => c.name), ["cache", "db"]);
    });

    it("treats a dependency on a component as a dependency on every cloud resource inside it", () => {
        const component = resource("irisx:data:Database", "database", {}, { custom: false });
        const inner = resource(t.rds, "db", {}, { parent: component });
        const after = resource(t.sg, "late", {}, { dependsOn: [component] });
        const estimate = estimateDeployTime([component, inner, after]);
        assert.deepStrictEqual(estimate.chain.map((c) => c.name), ["db", "late"]);
    });

    it("uses the Multi-AZ figure for a Multi-AZ database", () => {
        const single = estimateDeployTime([resource(t.rds, "db", { multiAz: false })]);
        const multi = estimateDeployTime([resource(t.rds, "db", { multiAz: true })]);
        assert.strictEqual(single.longestChainSeconds, createTimes[t.rds].seconds);
        assert.strictEqual(multi.longestChainSeconds, createTimes[`${t.rds}#multiAz`].seconds);
    });

    it("lists resource types missing from the table instead of ignoring them", () => {
        const estimate = estimateDeployTime([resource("aws:sqs/queue:Queue", "jobs")]);
        assert.deepStrictEqual(estimate.unlistedTypes, ["aws:sqs/queue:Queue"]);
        assert.strictEqual(estimate.totalSerialSeconds, 5);
    });

    it("gives every figure in the table a source", () => {
        for (const [type, figure] of Object.entries(createTimes)) {
            assert.ok(figure.source.length > 10, `${type} has no source`);
            assert.ok(figure.seconds >= 0, `${type} has a negative time`);
        }
    });
});
