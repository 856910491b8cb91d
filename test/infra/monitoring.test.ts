import { strict as assert } from "assert";
import { parseStackConfig } from "../../infra/config";
import { freeStorageThresholdBytes, metricNamespace } from "../../infra/monitoring/alarms";
import { postgresLogGroupName } from "../../infra/data/database";
import { logGroupName, logSources, logSourcesFor } from "../../facts/log-sources";
import { logMetrics } from "../../infra/monitoring/log-metrics";
import { defaultDbConnections } from "../../infra/monitoring/thresholds";
import { isSecret, MockedRun, RecordedResource, runMocked, unwrapSecrets } from "../../offline/mock-run";
import { fileAt } from "../provisioning/fixtures";
import { previewHosts } from "../../provisioning/preview";
import { committedStacks, committedValues, inputsFrom, mockedStack, ofType, one, plain } from "../helpers/stacks";
import { types } from "../../facts/resource-types";
import { agentPaths, fail2banPaths, freeswitchPaths, nginxPaths } from "../../facts/host-paths";

for (const stack of committedStacks) {
    describe(`monitoring (${stack})`, () => {
        let run: MockedRun;
        const config = parseStackConfig(committedValues(stack));
        const prefix = `irisx-${stack}-alarms`;
        before(async () => {
            run = await mockedStack(stack);
        });
        const alarm = (suffix: string) => plain(one(run, types.metricAlarm, (r) => plain(r).name === `${prefix}-${suffix}`));

        it("mails every alarm, and its recovery, to one SNS topic subscribed by the configured address", () => {
            const topic = one(run, types.snsTopic);
            const subscription = one(run, types.snsSubscription);
            assert.deepEqual([plain(subscription).protocol, plain(subscription).endpoint], ["email", config.alarmEmail]);
            assert.deepEqual(inputsFrom(run, subscription, "topic").map((r) => r.urn), [topic.urn]);
            const alarms = ofType(run, types.metricAlarm);
            assert.ok(alarms.length >= 10, `${alarms.length} alarms`);
            for (const a of alarms) {
                assert.deepEqual(inputsFrom(run, a, "alarmActions").map((r) => r.urn), [topic.urn], plain(a).name);
                assert.deepEqual(inputsFrom(run, a, "okActions").map((r) => r.urn), [topic.urn], plain(a).name);
                assert.equal(plain(a).alarmActions.length, 1);
            }
        });

        it("alarms on each log metric at its configured threshold per 5 minutes", () => {
            for (const m of logMetrics) {
                const a = alarm(m.metricName);
                assert.deepEqual(
                    [a.namespace, a.metricName, a.statistic, a.period, a.evaluationPeriods, a.comparisonOperator, a.threshold, a.treatMissingData],
                    [metricNamespace(stack), m.metricName, "Sum", 300, 1, "GreaterThanOrEqualToThreshold", config.alarms[m.threshold], "notBreaching"],
                    m.metricName,
                );
            }
        });

        it("counts each log metric with a filter on its own log group, 0 on every other event", () => {
            const filters = ofType(run, types.logMetricFilter);
            assert.equal(filters.length, logMetrics.length);
            for (const m of logMetrics) {
                const f = plain(one(run, types.logMetricFilter, (r) => plain(r).name === m.metricName));
                assert.equal(f.logGroupName, m.logKind === "postgresql" ? postgresLogGroupName(`irisx-${stack}-db`) : logGroupName(stack, m.logKind));
                assert.equal(f.pattern, m.pattern);
                assert.deepEqual(f.metricTransformation, { name: m.metricName, namespace: metricNamespace(stack), value: "1", defaultValue: "0", unit: "Count" });
            }
        });

        it("alarms on RDS connections, CPU and free storage of this stack's database", () => {
            const db = one(run, types.rdsInstance);
            const expected = {
                DbConnections: ["DatabaseConnections", "Average", "GreaterThanOrEqualToThreshold", config.alarms.dbConnections],
                DbCpu: ["CPUUtilization", "Average", "GreaterThanThreshold", config.alarms.dbCpuPercent],
                DbFreeStorage: ["FreeStorageSpace", "Minimum", "LessThanThreshold", freeStorageThresholdBytes(config)],
            };
            for (const [suffix, [metricName, statistic, comparison, threshold]] of Object.entries(expected)) {
                const a = alarm(suffix);
                assert.deepEqual([a.namespace, a.metricName, a.statistic, a.comparisonOperator, a.threshold], ["AWS/RDS", metricName, statistic, comparison, threshold], suffix);
                assert.deepEqual(a.dimensions, { DBInstanceIdentifier: plain(db).identifier });
            }
            assert.equal(freeStorageThresholdBytes(config), config.dbAllocatedStorageGb * 1024 ** 3 * config.alarms.dbFreeStoragePercent / 100);
        });

        it("alarms on the memory of every Redis node", () => {
            const redis = one(run, types.replicationGroup);
            const group = plain(redis);
            const nodes = ofType(run, types.metricAlarm).filter((r) => plain(r).metricName === "DatabaseMemoryUsagePercentage").map(plain);
            assert.equal(nodes.length, group.numCacheClusters);
            assert.deepEqual(nodes.map((a) => a.dimensions.CacheClusterId).sort(), Array.from({ length: group.numCacheClusters }, (_, i) => `${redis.id}-00${i + 1}`));
            for (const a of nodes) assert.deepEqual([a.namespace, a.comparisonOperator, a.threshold], ["AWS/ElastiCache", "GreaterThanThreshold", config.alarms.redisMemoryPercent]);
        });

        it("alarms when either host fails its EC2 status checks for two minutes", () => {
            for (const role of ["api", "freeswitch"]) {
                const a = one(run, types.metricAlarm, (r) => plain(r).name === `${prefix}-StatusCheck-${role}`);
                const instance = inputsFrom(run, a, "dimensions");
                assert.deepEqual(instance.map((r) => r.name), [`irisx-${stack}-${role}-instance`]);
                assert.deepEqual([plain(a).metricName, plain(a).statistic, plain(a).period, plain(a).evaluationPeriods, plain(a).threshold], ["StatusCheckFailed", "Maximum", 60, 2, 1]);
            }
        });

        it("keeps each kind of host log in its own group for the configured retention", () => {
            const groups = ofType(run, types.logGroup).map(plain).filter((g) => g.name.startsWith(`/irisx/${stack}/`));
            assert.deepEqual(groups.map((g) => g.name).sort(), logSources.map((s) => logGroupName(stack, s.kind)).sort());
            for (const g of groups) assert.equal(g.retentionInDays, config.logRetentionDays, g.name);
        });

        it("lets each host's agent write only to its own log groups, and never create one", () => {
            for (const role of ["api", "freeswitch"] as const) {
                const policy = one(run, types.iamRolePolicy, (r) => r.name === `irisx-${stack}-${role}-logs`);
                const document = JSON.parse(plain(policy).policy);
                const arns = inputsFrom(run, policy, "policy").filter((r) => r.type === types.logGroup).map((r) => plain(r).name).sort();
                assert.deepEqual(arns, logSourcesFor(role).map((s) => logGroupName(stack, s.kind)).sort());
                assert.deepEqual(document.Statement.map((s: any) => s.Action), [["logs:CreateLogStream", "logs:PutLogEvents"]]);
                for (const resource of document.Statement[0].Resource as string[]) {
                    assert.match(resource, new RegExp(`^arn:aws:logs:[a-z0-9-]+:\\d{12}:log-group:/irisx/${stack}/[a-z0-9-]+(:\\*)?$`));
                }
            }
        });
    });
}

describe("the CloudWatch agent config", () => {
    const config = parseStackConfig(committedValues("dev"));
    const hosts = previewHosts(config);
    const collected = (units: typeof hosts.api) => JSON.parse(fileAt(units, agentPaths.config).content).logs.logs_collected.files.collect_list;

    it("ships the very files the API host's nginx, fail2ban and rsyslog write, each to its group", () => {
        const main = fileAt(hosts.api, nginxPaths.main).content;
        const access = /^\s*access_log (\S+) irisx;$/m.exec(main)?.[1];
        const error = /^error_log (\S+);$/m.exec(main)?.[1];
        assert.deepEqual(
            collected(hosts.api).map((e: any) => [e.file_path, e.log_group_name]),
            [["/var/log/auth.log", "/irisx/dev/auth"], [fail2banPaths.log, "/irisx/dev/fail2ban"], [access, "/irisx/dev/nginx-access"], [error, "/irisx/dev/nginx-error"]],
        );
    });

    it("ships the FreeSWITCH log the freeswitch jail reads, plus auth and fail2ban, from the FreeSWITCH host", () => {
        const jails = fileAt(hosts.freeswitch, fail2banPaths.jails).content;
        assert.match(jails, new RegExp(`^logpath = ${freeswitchPaths.log}$`, "m"));
        assert.deepEqual(collected(hosts.freeswitch).map((e: any) => e.file_path), ["/var/log/auth.log", fail2banPaths.log, freeswitchPaths.log]);
    });

    it("names each stream after the instance and never asks the agent to create groups or set retention", () => {
        for (const entry of [...collected(hosts.api), ...collected(hosts.freeswitch)]) {
            assert.equal(entry.log_stream_name, "{instance_id}");
            assert.equal(entry.retention_in_days, undefined);
        }
    });

    it("is validated by the agent's own translator before the agent is told to load it", () => {
        const unit = hosts.api.find((u) => u.name === "cloudwatch-agent")!;
        assert.match(unit.validate, /config-translator .*--mode ec2/);
        assert.match(unit.validate, /amazon-cloudwatch-agent -schematest/);
        assert.match(unit.reload, /amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:\/etc\/irisx\/cloudwatch-agent\.json$/);
    });
});

describe("alarm thresholds", () => {
    it("derive the connection default from the RDS class's memory and refuse classes they cannot size", () => {
        assert.equal(defaultDbConnections("db.t4g.micro"), 67);
        assert.equal(defaultDbConnections("db.t4g.medium"), 270);
        assert.equal(defaultDbConnections("db.r6g.large"), 1081);
        assert.equal(defaultDbConnections("db.x2g.large"), undefined);
        assert.throws(
            () => parseStackConfig({ ...committedValues("dev"), "irisx-infra:dbInstanceClass": "db.x2g.large" }),
            /alarms\.dbConnections: has no default for db\.x2g\.large/,
        );
    });

    it("take overrides from the alarms map and name every bad entry", () => {
        const values = (alarms: unknown): Record<string, string> => ({ ...committedValues("prod"), "irisx-infra:alarms": JSON.stringify(alarms) });
        assert.equal(parseStackConfig(values({ sshAuthFailures: 3 })).alarms.sshAuthFailures, 3);
        assert.throws(
            () => parseStackConfig(values({ sshAuthFailure: 3, dbCpuPercent: 800 })),
            (e: Error) => /alarms\.sshAuthFailure: is not an alarm threshold/.test(e.message) && /alarms\.dbCpuPercent: 800 must be a whole number from 1 to 100/.test(e.message),
        );
    });
});

describe("secret rotation", () => {
    /** Every resource's inputs by URN, secrets unwrapped. */
    const inputsByUrn = (run: MockedRun) => new Map(run.resources.map((r: RecordedResource) => [r.urn, JSON.stringify(plain(r))]));
    const shortName = (urn: string) => urn.split("::").pop()!;
    /** The hashing secrets the stack exports (secret outputs; api.env carries the same values, entry.test.ts). */
    const hashSecrets = (run: MockedRun) => {
        assert.ok(isSecret(run.outputs.apiKeyHashSecrets));
        return unwrapSecrets(run.outputs.apiKeyHashSecrets) as { current: string; previous?: string };
    };

    it("a new rotation label replaces the five generated secrets and changes only what holds them", async function () {
        this.timeout(60_000);
        const before = await mockedStack("dev");
        const after = await runMocked({ stack: "dev", values: { ...committedValues("dev"), "irisx-infra:secretsRotation": "2027-02" } });
        const was = inputsByUrn(before);
        const changed = [...inputsByUrn(after)].filter(([urn, inputs]) => was.get(urn) !== inputs).map(([urn]) => shortName(urn)).sort();
        assert.deepEqual(changed, [
            "irisx-dev-api-api-env-apply",
            "irisx-dev-api-key-hash-secret-2027-02",
            "irisx-dev-db",
            "irisx-dev-db-password",
            "irisx-dev-esl-password",
            "irisx-dev-freeswitch-default-password",
            "irisx-dev-freeswitch-freeswitch-apply",
            "irisx-dev-redis",
            "irisx-dev-redis-token",
        ]);
        const envTrigger = (run: MockedRun) => plain(one(run, types.remoteCommand, (r) => r.name === "irisx-dev-api-api-env-apply")).triggers[0];
        assert.notEqual(envTrigger(after), envTrigger(before), "the api.env push re-runs");
        const rotated = (run: MockedRun) => plain(one(run, types.replicationGroup)).authToken;
        assert.notEqual(rotated(after), rotated(before));
        assert.equal(plain(one(after, types.replicationGroup)).authTokenUpdateStrategy, "ROTATE", "AWS allows SET only after a ROTATE");
        assert.notEqual(hashSecrets(after).current, hashSecrets(before).current);
        assert.equal(hashSecrets(after).previous, undefined, "no previous label named: no dual-key window");
    });

    it("naming the previous label keeps its API-key hashing secret, unchanged, as the previous key", async function () {
        this.timeout(60_000);
        const before = await mockedStack("dev");
        const values = { ...committedValues("dev"), "irisx-infra:secretsRotation": "2027-02", "irisx-infra:secretsRotationPrevious": committedValues("dev")["irisx-infra:secretsRotation"] };
        const after = await runMocked({ stack: "dev", values });
        const kept = `irisx-dev-api-key-hash-secret-${values["irisx-infra:secretsRotationPrevious"]}`;
        assert.equal(inputsByUrn(after).get(one(after, types.randomPassword, (r) => r.name === kept).urn), inputsByUrn(before).get(one(before, types.randomPassword, (r) => r.name === kept).urn));
        const [was, now] = [hashSecrets(before), hashSecrets(after)];
        assert.equal(now.previous, was.current, "keys hashed before the rotation still verify");
        assert.notEqual(now.current, was.current);
        assert.ok(/^[A-Za-z0-9]{64}$/.test(now.current), "64 letters and digits");
        // The next rotation (previous = 2027-02) lets the 2026-11 secret go.
        const next = await runMocked({ stack: "dev", values: { ...values, "irisx-infra:secretsRotation": "2027-05", "irisx-infra:secretsRotationPrevious": "2027-02" } });
        assert.equal(hashSecrets(next).previous, now.current);
        assert.ok(!next.resources.some((r) => r.name === kept));
    });
});

