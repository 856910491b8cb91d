/**
 * Replacements that cannot deadlock: a resource with a fixed physical name is replaced
 * delete-before-replace (offline/replacement.ts), so either Pulumi names it, or no stack config can
 * change the inputs that would replace it.
 */
import { strict as assert } from "assert";
import { MockedRun, runMocked } from "../../offline/mock-run";
import { explicitlyNamed, replacementInputs } from "../../offline/replacement";
import { configKeys } from "../../infra/config/schema";
import { committedStacks, committedValues, inputsFrom, mockedStack, one, plain } from "../helpers/stacks";
import { types } from "../../facts/resource-types";

/** `<type> <logical name>` with the environment written as {env}. */
const pinned = (run: MockedRun) =>
    explicitlyNamed(run.resources).map(({ resource }) => `${resource.type.split(":")[1]} ${resource.name.replace(`irisx-${run.stack}`, "irisx-{env}")}`).sort();

/**
 * Every key of the schema moved to another valid value, except those naming the stack itself
 * (environment, region) and the secret private key (it only reaches the push's connection).
 */
const everyKeyChanged: Record<string, string> = {
    "irisx-infra:appPort": "9850",
    "irisx-infra:domain": "api2.irisx.example",
    "irisx-infra:corsOrigins": JSON.stringify(["https://app2.irisx.example"]),
    "irisx-infra:vpcCidr": "10.40.0.0/16",
    "irisx-infra:adminCidrs": JSON.stringify(["198.51.100.20/32", "2001:db8::/64"]),
    "irisx-infra:sipSignallingPeers": JSON.stringify(["192.0.2.0/30"]),
    "irisx-infra:mediaPeers": JSON.stringify(["192.0.2.128/25"]),
    "irisx-infra:sipTls": "true",
    "irisx-infra:apiInstanceType": "t3.large",
    "irisx-infra:freeswitchInstanceType": "c6i.2xlarge",
    "irisx-infra:apiHosts": "3",
    "irisx-infra:freeswitchHosts": "2",
    "irisx-infra:drainTimeoutSeconds": "120",
    "irisx-infra:dbInstanceClass": "db.t4g.large",
    "irisx-infra:dbAllocatedStorageGb": "200",
    "irisx-infra:cacheNodeType": "cache.t4g.medium",
    "irisx-infra:multiAz": "false",
    "irisx-infra:deletionProtection": "false",
    "irisx-infra:backupRetentionDays": "21",
    "irisx-infra:snapshotRetentionDays": "3",
    "irisx-infra:flowLogRetentionDays": "90",
    "irisx-infra:recordingsExpireDays": "60",
    "irisx-infra:recordingsNoncurrentExpireDays": "10",
    "irisx-infra:logRetentionDays": "180",
    "irisx-infra:dbLogRetentionDays": "180",
    "irisx-infra:dbSlowStatementMs": "1000",
    "irisx-infra:alarmEmail": "ops@irisx.example",
    "irisx-infra:alarms": JSON.stringify({ sshAuthFailures: 3, dbConnections: 100, dbCpuPercent: 70, redisMemoryPercent: 60 }),
    "irisx-infra:secretsRotation": "2027-02",
    "irisx-infra:secretsRotationPrevious": "2026-11",
    "irisx-infra:trunkAuthToken": "0123456789abcdef0123456789abcdef",
    "irisx-infra:amiId": "ami-0123456789abcdef0",
    "irisx-infra:sshPublicKey": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHhe8R2Z5oY7rgHqgxIbThv0/4Q+74lL+625vr1eYj+0",
    "irisx-infra:provisionHosts": "false",
    "irisx-infra:edge": "alb",
    "irisx-infra:hostedZoneId": "Z0123456789ABCDEFGHIJ",
    "irisx-infra:wafRateLimit": "500",
    "irisx-infra:wafLogRetentionDays": "90",
};
// certificateArn: edge alb takes it or hostedZoneId, never both (varied in test/infra/edge.test.ts).
const notVaried = ["aws:region", "environment", "sshPrivateKey", "certificateArn"];

describe("resources with a fixed physical name", () => {
    it("are only the log groups, metric filters, alarms, alarm topic and the RDS instance; the rest are autonamed", async () => {
        for (const stack of committedStacks) {
            const list = pinned(await mockedStack(stack));
            const kinds = [...new Set(list.map((entry) => entry.split(" ")[0]))].sort();
            assert.deepEqual(kinds, ["cloudwatch/logGroup", "cloudwatch/logMetricFilter", "cloudwatch/metricAlarm", "rds/instance", "sns/topic"], stack);
            assert.deepEqual(list.filter((entry) => /^(rds|sns)\//.test(entry)), ["rds/instance irisx-{env}-db", "sns/topic irisx-{env}-alarms-topic"], stack);
        }
    });

    it("have their replacement-forcing inputs listed, with the provider source they come from", async () => {
        for (const { resource } of explicitlyNamed((await mockedStack("prod")).resources)) {
            assert.ok(replacementInputs[resource.type], `no replacement inputs for ${resource.type} in offline/replacement.ts`);
        }
    });

    it("keep every replacement-forcing input when any stack config value changes", async function () {
        this.timeout(180_000);
        const unvaried = configKeys.map((k) => k.key).filter((key) => !notVaried.includes(key) && !(`irisx-infra:${key}` in everyKeyChanged));
        assert.deepEqual(unvaried, [], "vary the new config keys here too");
        const stack = "prod";
        const before = await mockedStack(stack);
        const after = await runMocked({ stack, values: { ...committedValues(stack), ...everyKeyChanged } });
        const afterByUrn = new Map(after.resources.map((r) => [r.urn, r]));
        const changed: string[] = [];
        let compared = 0;
        for (const { resource } of explicitlyNamed(before.resources)) {
            const other = afterByUrn.get(resource.urn);
            // Gone (e.g. the second Redis node's alarm without Multi-AZ): deleted, not replaced.
            if (!other) continue;
            compared++;
            for (const key of replacementInputs[resource.type].inputs) {
                if (JSON.stringify(plain(resource)[key]) !== JSON.stringify(plain(other)[key])) changed.push(`${resource.name}.${key}`);
            }
        }
        assert.deepEqual(changed, []);
        assert.ok(compared >= 20, `compared only ${compared} named resources`);
        // The variation did reach the data tier: it is not a no-op.
        assert.notEqual(plain(one(after, types.rdsInstance)).instanceClass, plain(one(before, types.rdsInstance)).instanceClass);
    });

    it("in edge alb add only the WAF's IP set, web ACL, log group and alarm as named; the load balancer and target group are autonamed", async () => {
        const run = await runMocked({ stack: "prod", values: { ...committedValues("prod"), "irisx-infra:edge": "alb", "irisx-infra:hostedZoneId": "Z0123456789ABCDEFGHIJ" } });
        const direct = new Set(pinned(await mockedStack("prod")));
        assert.deepEqual(pinned(run).filter((entry) => !direct.has(entry)).sort(), [
            "cloudwatch/logGroup aws-waf-logs-irisx-{env}-waf", "cloudwatch/metricAlarm irisx-{env}-waf-BlockedRequests",
            "wafv2/ipSet irisx-{env}-waf-block-list", "wafv2/webAcl irisx-{env}-waf",
        ]);
        for (const { resource } of explicitlyNamed(run.resources)) assert.ok(replacementInputs[resource.type], `no replacement inputs for ${resource.type} in offline/replacement.ts`);
    });

    it("give the RDS final snapshot a suffix kept by exactly the instance's replacement-forcing inputs it sets", async () => {
        const run = await mockedStack("prod");
        const db = one(run, types.rdsInstance);
        const [suffix] = inputsFrom(run, db, "finalSnapshotIdentifier");
        const forcing = replacementInputs[types.rdsInstance].inputs.filter((key) => plain(db)[key] !== undefined);
        assert.deepEqual(Object.keys(plain(suffix).keepers).sort(), [...forcing].sort());
        for (const key of forcing) assert.equal(plain(suffix).keepers[key], String(plain(db)[key]), key);
    });
});
