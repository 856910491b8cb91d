/** `npm run plan` on the real program: each committed stack, a violating stack, exit codes, the JSON document. */
import * as assert from "assert";
import { parseStackConfig, StackConfig } from "../../infra/config";
import { configSource, readStackValues, stackFilePath } from "../../offline/stack-file";
import { portText, protocolText } from "../../offline/plan/exposure-model";
import { planStack, reportFor, resolveStack, runStack } from "../../offline/plan/plan-stack";
import { renderText } from "../../offline/plan/render-text";
import { PlanReport } from "../../offline/plan/report";
import { runCli, stackYaml, tempStacks } from "./cli";
import { types } from "../../facts/resource-types";

const rowsOf = (report: PlanReport, role: string) =>
    report.exposure.find((h) => h.role === role)?.rows.map((r) => [portText(r), protocolText(r), r.source]) ?? [];

for (const stack of ["dev", "staging", "prod"]) {
    describe(`plan of the committed ${stack} stack`, () => {
        let report: PlanReport;
        let config: StackConfig;
        before(async () => {
            config = parseStackConfig(configSource(readStackValues(stackFilePath(stack))));
            report = await planStack(resolveStack(stack));
        });

        it("is clean: no mandatory violation, exit 0, score 100/100", () => {
            assert.deepStrictEqual(report.verdicts.mandatory, []);
            assert.strictEqual(report.exitCode, 0);
            assert.strictEqual(report.score.score, 100);
        });

        it("prints the key lines of every section", () => {
            const text = renderText(report);
            for (const line of [
                `Plan of stack ${stack} (Pulumi.${stack}.yaml): environment ${stack}, app port ${config.appPort}`,
                `Summary: ${report.summary.total} resources`,
                `  api host irisx-${stack}-api-instance  [security groups: irisx-${stack}-sg-api]`,
                `  freeswitch host irisx-${stack}-freeswitch-instance  [security groups: irisx-${stack}-sg-freeswitch]`,
                "Policy verdicts: 0 mandatory violation(s)",
                "Fresh-stack preview: clean (every provider check in offline/provider-checks.ts passes with computed values unknown)",
                "Port security score: 100/100",
                "Estimated deploy time (fresh stack): ",
                "Estimated monthly cost (from the registered resources)",
                `  Total: $${report.cost.knownMonthlyUsd.toFixed(2)}/month`,
                "Result: clean (exit 0)",
            ]) {
                assert.ok(text.includes(line), `missing line: ${line}\n${text}`);
            }
        });

        it("lists every alarm with its metric and configured threshold, and where it is mailed", () => {
            const text = renderText(report);
            assert.ok(text.includes(`to SNS topic irisx-${stack}-alarms-topic (email:${config.alarmEmail})`), text);
            const row = (name: string) => text.split("\n").find((line) => line.trimStart().startsWith(`irisx-${stack}-alarms-${name} `)) ?? "";
            const a = config.alarms;
            assert.match(row("SshAuthFailures"), new RegExp(`IRISX/${stack} SshAuthFailures +Sum >= ${a.sshAuthFailures} in 5 min$`));
            assert.match(row("Fail2banBans"), new RegExp(`Sum >= ${a.fail2banBans} in 5 min$`));
            assert.match(row("SipAuthFailures"), new RegExp(`Sum >= ${a.sipAuthFailures} in 5 min$`));
            assert.match(row("Nginx429Responses"), new RegExp(`Sum >= ${a.nginx429s} in 5 min$`));
            assert.match(row("DbAuthFailures"), new RegExp(`IRISX/${stack} DbAuthFailures +Sum >= ${a.dbAuthFailures} in 5 min$`));
            assert.match(row("DbConnections"), new RegExp(`AWS/RDS DatabaseConnections \\(irisx-${stack}-db\\) +Average >= ${a.dbConnections} for 2 × 5 min$`));
            assert.match(row("DbCpu"), new RegExp(`Average > ${a.dbCpuPercent} for 3 × 5 min$`));
            assert.match(row("DbFreeStorage"), new RegExp(`Minimum < ${((config.dbAllocatedStorageGb * a.dbFreeStoragePercent) / 100).toFixed(1)} GiB in 5 min$`));
            assert.match(row("RedisMemory-1"), new RegExp(`Average > ${a.redisMemoryPercent} for 3 × 5 min$`));
            for (const role of ["api", "freeswitch"]) {
                assert.match(row(`StatusCheck-${role}`), new RegExp(`AWS/EC2 StatusCheckFailed \\(irisx-${stack}-${role}-instance\\) +Maximum >= 1 for 2 × 1 min$`));
            }
            assert.strictEqual(report.alarms.alarms.length, 11 + (config.multiAz ? 1 : 0));
        });

        it("shows the API host open on 22 from the admin CIDRs and 80/443 from anywhere, nothing else", () => {
            assert.deepStrictEqual(rowsOf(report, "api"), [
                ...config.adminCidrs.map((c) => ["22", "TCP", c]),
                ["80", "TCP", "0.0.0.0/0"],
                ["443", "TCP", "0.0.0.0/0"],
            ]);
        });

        it("shows FreeSWITCH SIP from the signalling peers, RTP from the media peers and ESL from the API group only", () => {
            const rows = rowsOf(report, "freeswitch");
            const sources = (port: string, protocol: string) => rows.filter((r) => r[0] === port && r[1] === protocol).map((r) => r[2]).sort();
            assert.deepStrictEqual(sources("22", "TCP"), [...config.adminCidrs].sort());
            assert.deepStrictEqual(sources("5060", "TCP/UDP"), [...config.sipSignallingPeers].sort());
            assert.deepStrictEqual(sources("5061", "TCP"), config.sipTls ? [...config.sipSignallingPeers].sort() : []);
            assert.deepStrictEqual(sources("16384-32768", "UDP"), [...config.mediaPeers].sort());
            assert.deepStrictEqual(sources("8021", "TCP"), [`sg irisx-${stack}-sg-api`]);
            const expectedRows = config.adminCidrs.length + config.sipSignallingPeers.length * (config.sipTls ? 2 : 1) + config.mediaPeers.length + 1;
            assert.strictEqual(rows.length, expectedRows, "no other inbound rows");
        });

        it("shows PostgreSQL and Redis open on their own port to the API and FreeSWITCH groups only", () => {
            const data = report.dataTier.map((h) => [h.role, h.host, h.rows.map((r) => [portText(r), protocolText(r), r.source])]);
            const fromHosts = (port: string) => ["api", "freeswitch"].map((role) => [port, "TCP", `sg irisx-${stack}-sg-${role}`]);
            assert.deepStrictEqual(data, [
                ["cache", `irisx-${stack}-redis`, fromHosts("6379")],
                ["db", `irisx-${stack}-db`, fromHosts("5432")],
            ]);
        });

        it("ends with an itemised monthly cost of its instance types, database, cache nodes and storage, and a total naming the unknowns", () => {
            const items = report.cost.lines.map((l) => l.item);
            for (const type of [config.apiInstanceType, config.freeswitchInstanceType]) assert.ok(items.includes(`EC2 ${type} (Linux, on-demand)`), items.join("\n"));
            assert.ok(items.includes(`RDS PostgreSQL ${config.dbInstanceClass}${config.multiAz ? " Multi-AZ (primary + standby)" : " Single-AZ"}`), items.join("\n"));
            const line = (key: string) => report.cost.lines.find((l) => l.price.key === key);
            assert.strictEqual(line(`elasticache:${config.cacheNodeType}`)?.quantity, (config.multiAz ? 2 : 1) * 730);
            assert.strictEqual(line("rds-storage:gp3")?.quantity, config.dbAllocatedStorageGb * (config.multiAz ? 2 : 1));
            assert.strictEqual(line("ebs:gp3")?.quantity, 20 + 30, "the two root volumes");
            const unknown = report.cost.lines.filter((l) => l.monthlyUsd === "unknown").length;
            assert.ok(unknown > 0 && renderText(report).includes(`Total: $${report.cost.knownMonthlyUsd.toFixed(2)}/month + ${unknown} unknown item`));
        });

        it("estimates deploy time along a chain whose slowest step is the database or the cache", () => {
            const slowest = [...report.deployTime.chain].sort((a, b) => b.seconds - a.seconds)[0];
            assert.ok(([types.rdsInstance, types.replicationGroup] as string[]).includes(slowest.type), slowest.type);
            assert.strictEqual(report.deployTime.chain.reduce((s, c) => s + c.seconds, 0), report.deployTime.longestChainSeconds);
            assert.ok(report.deployTime.totalSerialSeconds > report.deployTime.longestChainSeconds);
            assert.deepStrictEqual(report.deployTime.unlistedTypes, []);
        });
    });
}

describe("plan of a stack whose program opens SSH to the world on the API host", () => {
    let report: PlanReport;
    before(async () => {
        const mocked = await runStack(resolveStack("dev"));
        const apiSg = mocked.resources.find((r) => r.type === types.securityGroup && r.name === "irisx-dev-sg-api")!;
        const open = {
            ...apiSg,
            type: types.securityGroupIngressRule,
            name: "irisx-dev-api-ssh-from-anywhere",
            urn: apiSg.urn.replace(`${types.securityGroup}::irisx-dev-sg-api`, `${types.securityGroupIngressRule}::irisx-dev-api-ssh-from-anywhere`),
            id: "sgr-0123456789abcdef0",
            inputs: { securityGroupId: apiSg.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" },
            dependencies: [apiSg.urn],
            propertyDependencies: { securityGroupId: [apiSg.urn] },
        };
        report = await reportFor({ ...mocked, resources: [...mocked.resources, open] });
    });

    it("reports mandatory violations and exit 1", () => {
        assert.strictEqual(report.exitCode, 1);
        const names = report.verdicts.mandatory.map((v) => v.policyName);
        assert.ok(names.includes("security-group-disallow-world-ssh"), names.join(", "));
        assert.ok(report.verdicts.mandatory.every((v) => v.resource === "irisx-dev-api-ssh-from-anywhere"));
    });

    it("shows the world SSH row in the API exposure and deducts 10 points for it", () => {
        assert.ok(rowsOf(report, "api").some((r) => r.join(" ") === "22 TCP 0.0.0.0/0"));
        assert.strictEqual(report.score.score, 90);
        assert.match(report.score.deductions[0].reason, /^common port 22 open to 0\.0\.0\.0\/0 on the api host/);
    });
});

describe("plan CLI exit codes (child processes, temporary stack files)", () => {
    const stacks = tempStacks({
        wide: stackYaml(["203.0.113.0/24"]),
        bad: stackYaml(["0.0.0.0/0"]),
        "strict-ssh.json": JSON.stringify({ "api-host-disallow-broad-ssh": { broadestIpv4Prefix: 32 } }),
    });
    after(() => stacks.remove());

    it("exits 0 with one JSON document on stdout and nothing on stderr for a clean stack", () => {
        const result = runCli("plan", ["dev", "--json"]);
        assert.strictEqual(result.status, 0, result.stderr);
        assert.strictEqual(result.stderr, "", "progress goes to stderr only on a terminal");
        assert.strictEqual(JSON.parse(result.stdout).status, "clean");
    });

    it("exits 1 when the pack, configured as a team would, finds an SSH source broader than allowed", () => {
        const result = runCli("plan", ["--stack-file", stacks.file("wide"), "--policy-config", `${stacks.dir}/strict-ssh.json`]);
        assert.strictEqual(result.status, 1, result.stderr);
        assert.match(result.stdout, /\[mandatory\] api-host-disallow-broad-ssh on irisx-dev-api-ssh-tcp-from-203-0-113-0-24/);
        assert.match(result.stdout, /Result: 1 mandatory policy violation\(s\) \(exit 1\)/);
    });

    it("exits 2 on bad config with a message naming the key, before running the program", () => {
        const result = runCli("plan", ["--stack-file", stacks.file("bad")]);
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /irisx-infra:adminCidrs: "0\.0\.0\.0\/0" opens SSH to the whole internet/);
        assert.strictEqual(result.stdout, "");
    });

    it("exits 2 on bad config with --json, the problem as a JSON document", () => {
        const result = runCli("plan", ["--stack-file", stacks.file("bad"), "--json"]);
        assert.strictEqual(result.status, 2);
        const doc = JSON.parse(result.stdout);
        assert.deepStrictEqual([doc.status, doc.error.kind, doc.error.problems[0].key], ["bad-config", "config", "irisx-infra:adminCidrs"]);
    });

    it("exits 2 for an unknown stack, listing the known ones", () => {
        const result = runCli("plan", ["qa"]);
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /unknown stack "qa": there is no Pulumi\.qa\.yaml; known stacks: dev, prod, staging/);
    });
});
