import * as assert from "assert";
import { createTimes, estimateDeployTime, timeKey } from "../../offline/plan/deploy-time";
import { PlanResource } from "../../offline/plan/resource";
import { committedStacks, mockedStack } from "../helpers/stacks";
import { resource } from "./fixtures";
import { types } from "../../facts/resource-types";
import { runMocked } from "../../offline/mock-run";
import { albCertificateArn, albValues, albZoneId } from "../helpers/edge-stack";

describe("estimated deploy time", () => {
    const vpc = resource(types.vpc, "vpc");
    const subnet = resource(types.subnet, "private-0", {}, { propertyDependencies: { vpcId: [vpc] } });
    const dbSubnets = resource(types.rdsSubnetGroup, "db-subnets", {}, { propertyDependencies: { subnetIds: [subnet] } });
    const password = resource(types.randomPassword, "db-password");
    const db = resource(types.rdsInstance, "db", {}, { propertyDependencies: { dbSubnetGroupName: [dbSubnets], password: [password] } });
    const sg = resource(types.securityGroup, "sg-api", {}, { propertyDependencies: { vpcId: [vpc] } });

    it("names the longest chain and sums its create times", () => {
        const estimate = estimateDeployTime([vpc, subnet, dbSubnets, password, db, sg]);
        assert.deepStrictEqual(estimate.chain.map((c) => c.name), ["vpc", "private-0", "db-subnets", "db"]);
        const expected = [types.vpc, types.subnet, types.rdsSubnetGroup, types.rdsInstance].reduce((s, type) => s + createTimes[type].seconds, 0);
        assert.strictEqual(estimate.longestChainSeconds, expected);
    });

    it("charges boot and cloud-init to the first push on a new host, not to the pushes after it", () => {
        const instance = resource(types.instance, "api-instance");
        const firstStaging = resource(types.remoteCommand, "api-nginx-staging", {}, { dependsOn: [instance] });
        // As the program registers them: children of the host's provisioning component, `parent$child` in the URN.
        const nested = (name: string, after: PlanResource): PlanResource =>
            ({ ...resource(types.remoteCommand, name, {}, { dependsOn: [after] }), urn: `urn:pulumi:dev::irisx-infra::irisx:provisioning:HostProvisioning$${types.remoteCommand}::${name}` });
        const apply = nested("api-nginx-apply", firstStaging);
        const nextStaging = nested("api-fail2ban-staging", apply);
        const estimate = estimateDeployTime([instance, firstStaging, apply, nextStaging]);
        const seconds = Object.fromEntries(estimate.chain.map((c) => [c.name, c.seconds]));
        assert.strictEqual(seconds["api-nginx-staging"], createTimes[`${types.remoteCommand}#freshHost`].seconds);
        assert.strictEqual(seconds["api-nginx-apply"], createTimes[types.remoteCommand].seconds);
        assert.strictEqual(seconds["api-fail2ban-staging"], createTimes[types.remoteCommand].seconds);
    });

    it("charges nothing to a Command with only a delete step (the drain runs when the host goes, not when it comes)", () => {
        const instance = resource(types.instance, "freeswitch-instance");
        const drain = resource(types.remoteCommand, "freeswitch-drain", { delete: "sudo -n bash -s" }, { dependsOn: [instance] });
        const push = resource(types.remoteCommand, "freeswitch-sshd-apply", { create: "sudo -n bash -s" }, { dependsOn: [instance] });
        assert.strictEqual(createTimes[timeKey(drain)].seconds, 0);
        // The push is still the first on the new host, so it waits for boot and cloud-init.
        assert.strictEqual(timeKey(push), `${types.remoteCommand}#freshHost`);
        assert.strictEqual(estimateDeployTime([instance, drain, push]).totalSerialSeconds, createTimes[types.instance].seconds + createTimes[timeKey(push)].seconds);
    });

    it("totals every cloud resource for the serial time", () => {
        const estimate = estimateDeployTime([vpc, subnet, dbSubnets, password, db, sg]);
        const expected = [types.vpc, types.subnet, types.rdsSubnetGroup, types.randomPassword, types.rdsInstance, types.securityGroup].reduce((s, type) => s + createTimes[type].seconds, 0);
        assert.strictEqual(estimate.totalSerialSeconds, expected);
    });

    it("shows a chain that serialises RDS behind ElastiCache as the sum of both", () => {
        const cache = resource(types.replicationGroup, "cache", {}, { propertyDependencies: { subnetGroupName: [subnet] } });
        const parallel = estimateDeployTime([vpc, subnet, dbSubnets, db, cache]);
        const serialised = resource(types.rdsInstance, "db", {}, { propertyDependencies: { dbSubnetGroupName: [dbSubnets] }, dependsOn: [cache] });
        const chained = estimateDeployTime([vpc, subnet, dbSubnets, serialised, cache]);
        const both = [types.vpc, types.subnet, types.replicationGroup, types.rdsInstance].reduce((s, type) => s + createTimes[type].seconds, 0);
        assert.ok(parallel.longestChainSeconds < both);
        assert.strictEqual(chained.longestChainSeconds, both);
        assert.deepStrictEqual(chained.chain.slice(-2).map((c) => c.name), ["cache", "db"]);
    });

    it("treats a dependency on a component as a dependency on every cloud resource inside it", () => {
        const component = resource("irisx:data:Database", "database", {}, { custom: false });
        const inner = resource(types.rdsInstance, "db", {}, { parent: component });
        const after = resource(types.securityGroup, "late", {}, { dependsOn: [component] });
        const estimate = estimateDeployTime([component, inner, after]);
        assert.deepStrictEqual(estimate.chain.map((c) => c.name), ["db", "late"]);
    });

    it("uses the Multi-AZ figure for a Multi-AZ database", () => {
        const single = estimateDeployTime([resource(types.rdsInstance, "db", { multiAz: false })]);
        const multi = estimateDeployTime([resource(types.rdsInstance, "db", { multiAz: true })]);
        assert.strictEqual(single.longestChainSeconds, createTimes[types.rdsInstance].seconds);
        assert.strictEqual(multi.longestChainSeconds, createTimes[`${types.rdsInstance}#multiAz`].seconds);
    });

    it("lists resource types missing from the table instead of ignoring them", () => {
        // A real type on purpose, and one the program does not register: the table has no row for it.
        const queue = "aws:sqs/queue:Queue";
        const estimate = estimateDeployTime([resource(queue, "jobs")]);
        assert.deepStrictEqual(estimate.unlistedTypes, [queue]);
        assert.strictEqual(estimate.totalSerialSeconds, 5);
    });

    it("has rows only for types a committed stack, or one switched to edge alb, registers (a row for a type nothing registers is never read)", async () => {
        const registered = new Set<string>();
        for (const stack of committedStacks) for (const r of (await mockedStack(stack)).resources) registered.add(r.type);
        const certificates: Record<string, string>[] = [{ "irisx-infra:hostedZoneId": albZoneId }, { "irisx-infra:certificateArn": albCertificateArn }];
        for (const certificate of certificates) {
            for (const r of (await runMocked({ stack: "dev", values: albValues(certificate) })).resources) registered.add(r.type);
        }
        assert.deepStrictEqual(Object.keys(createTimes).map((key) => key.split("#")[0]).filter((type) => !registered.has(type)), []);
    });

    it("gives every figure in the table a source", () => {
        for (const [type, figure] of Object.entries(createTimes)) {
            assert.ok(figure.source.length > 10, `${type} has no source`);
            assert.ok(figure.seconds >= 0, `${type} has a negative time`);
        }
    });
});
