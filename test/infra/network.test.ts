import { strict as assert } from "assert";
import { MockedRun } from "../../offline/mock-run";
import { parseStackConfig } from "../../infra/config";
import { flowLogPolicy, planSubnets } from "../../infra/network/vpc";
import { committedStacks, committedValues, inputsFrom, mockedStack, ofType, one, plain } from "../helpers/stacks";
import { invokes, types } from "../../facts/resource-types";

describe("planSubnets", () => {
    it("splits a /16 into four /18 quarters, public first", () => {
        assert.deepEqual(planSubnets("10.30.0.0/16"), {
            public: ["10.30.0.0/18", "10.30.64.0/18"],
            private: ["10.30.128.0/18", "10.30.192.0/18"],
        });
    });
    it("splits a /22 into four /24s", () => {
        assert.deepEqual(planSubnets("192.168.4.0/22").private, ["192.168.6.0/24", "192.168.7.0/24"]);
    });
});

describe("flowLogPolicy", () => {
    it("scopes every statement to the flow-log group (never a bare *)", () => {
        const doc = JSON.parse(flowLogPolicy("arn:aws:logs:us-east-1:123456789012:log-group:/irisx/x"));
        const resources = doc.Statement.flatMap((s: any) => s.Resource);
        assert.ok(resources.length > 0);
        for (const r of resources) assert.match(r, /^arn:aws:logs:us-east-1:123456789012:log-group:/);
    });
});

for (const stack of committedStacks) {
    describe(`network (${stack})`, () => {
        let run: MockedRun;
        const config = parseStackConfig(committedValues(stack));
        before(async () => {
            run = await mockedStack(stack);
        });

        it("creates one VPC with the configured CIDR and DNS hostnames on", () => {
            const vpc = plain(one(run, types.vpc));
            assert.equal(vpc.cidrBlock, config.vpcCidr);
            assert.equal(vpc.enableDnsHostnames, true);
        });

        it("creates two public and two private subnets, one of each per availability zone", () => {
            const subnets = ofType(run, types.subnet).map(plain);
            const expected = planSubnets(config.vpcCidr);
            assert.deepEqual(subnets.map((s) => s.cidrBlock).sort(), [...expected.public, ...expected.private].sort());
            const zonesOf = (cidrs: readonly string[]) => subnets.filter((s) => cidrs.includes(s.cidrBlock)).map((s) => s.availabilityZone);
            assert.equal(new Set(zonesOf(expected.public)).size, 2);
            assert.equal(new Set(zonesOf(expected.private)).size, 2);
            for (const s of subnets) assert.equal(s.mapPublicIpOnLaunch, false);
        });

        it("routes only the public subnets to the internet gateway", () => {
            const table = one(run, types.routeTable);
            assert.deepEqual(plain(table).routes.map((r: any) => r.cidrBlock), ["0.0.0.0/0"]);
            assert.deepEqual(inputsFrom(run, table, "routes").map((r) => r.type), [types.internetGateway]);
            const associated = ofType(run, types.routeTableAssociation).flatMap((a) => inputsFrom(run, a, "subnetId")).map((s) => plain(s).cidrBlock);
            assert.deepEqual(associated.sort(), [...planSubnets(config.vpcCidr).public].sort());
        });

        it("manages the default security group with no rules at all", () => {
            const sg = plain(one(run, types.defaultSecurityGroup));
            assert.deepEqual(sg.ingress, []);
            assert.deepEqual(sg.egress, []);
        });

        it("sends all VPC flow logs to a CloudWatch group kept as long as the stack says", () => {
            const flowLog = one(run, types.flowLog);
            assert.equal(plain(flowLog).trafficType, "ALL");
            assert.equal(plain(flowLog).logDestinationType, "cloud-watch-logs");
            const [group] = inputsFrom(run, flowLog, "logDestination");
            assert.equal(group.type, types.logGroup);
            assert.equal(plain(group).retentionInDays, config.flowLogRetentionDays);
            assert.deepEqual(inputsFrom(run, flowLog, "vpcId").map((r) => r.type), [types.vpc]);
        });

        it("lets the flow-log role write only to its own log group", () => {
            const policy = one(run, types.iamRolePolicy, (r) => r.name.endsWith("flow-logs-policy"));
            const doc = JSON.parse(plain(policy).policy);
            const group = plain(one(run, types.logGroup, (r) => r.name.endsWith("flow-logs")));
            for (const statement of doc.Statement) {
                for (const resource of statement.Resource) {
                    assert.notEqual(resource, "*");
                    assert.ok(resource.includes(`:log-group:${group.name}`) || resource.endsWith(":log-group:*"), resource);
                }
            }
        });
    });
}

describe("availability zones", () => {
    it("never places a subnet in us-east-1's legacy zone use1-az3", async () => {
        const run = await mockedStack("dev");
        const [lookup] = run.calls.filter((c) => c.token === invokes.getAvailabilityZones);
        assert.deepEqual(lookup.inputs.excludeZoneIds, ["use1-az3"]);
        // The mock maps us-east-1c to use1-az3, as some accounts do.
        for (const subnet of ofType(run, types.subnet)) assert.notEqual(plain(subnet).availabilityZone, "us-east-1c");
    });

    it("asks only for zones that need no opt-in, so an account opted into a Local Zone never gets a subnet there", async () => {
        const run = await mockedStack("dev");
        const [lookup] = run.calls.filter((c) => c.token === invokes.getAvailabilityZones);
        assert.deepEqual(lookup.inputs.filters, [{ name: "opt-in-status", values: ["opt-in-not-required"] }]);
        // The mock lists us-east-1-bos-1a (a Local Zone, sorted first) unless the filter removes it.
        assert.deepEqual([...new Set(ofType(run, types.subnet).map((s) => plain(s).availabilityZone))].sort(), ["us-east-1a", "us-east-1b"]);
    });
});
