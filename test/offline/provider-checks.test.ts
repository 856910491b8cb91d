/** The provider-check table against previews of a fixture program and the table's own cases. */
import { strict as assert } from "assert";
import * as path from "path";
import { runMocked } from "../../offline/mock-run";
import { checkProviderInputs, providerChecks, ProviderCheckViolation } from "../../offline/provider-checks";
import { freshPreviewLines } from "../../offline/plan/fresh-preview";
import { committedStacks, mockedStack } from "../helpers/stacks";
import { isProviderType, types } from "../../facts/resource-types";

const copySources = path.join(__dirname, "programs", "copy-sources.ts");
const brief = (v: ProviderCheckViolation) => `${v.resource} ${v.input}: ${v.reason}`;
const fakeResource = (type: string, inputs: Record<string, any>) => ({
    type, name: "r", urn: `urn:pulumi:dev::irisx-infra::${type}::r`, id: "", custom: true, inputs, dependencies: [], propertyDependencies: {}, additionalSecretOutputs: [],
});

describe("provider checks the mock runtime skips", () => {
    it("has an entry, sourced or empty, for every resource type any committed stack registers", async () => {
        for (const stack of committedStacks) {
            const run = await mockedStack(stack);
            const unlisted = [...new Set(run.resources.filter((r) => r.custom && !isProviderType(r.type)).map((r) => r.type))].filter((t) => !providerChecks[t]);
            assert.deepEqual(unlisted, [], `${stack}: add these types to offline/provider-checks.ts`);
        }
        for (const entry of Object.values(providerChecks)) for (const check of entry.checks) assert.match(check.source, /\S+\/\S+/, check.input);
    });

    describe("a fresh-stack preview of a program that copies files with CopyToRemote", () => {
        let violations: ProviderCheckViolation[];
        before(async () => {
            violations = await checkProviderInputs((await runMocked({ stack: "dev", program: copySources, preview: true })).resources);
        });

        it("reports a file whose content is computed (a StringAsset made in an apply), naming the resource and the input", () => {
            const found = violations.filter((v) => v.resource === "computed-text");
            assert.deepEqual(found.map(brief), ["computed-text source: is unknown at preview: either asset or archive must be set"]);
            assert.equal(found[0].severity, "error");
            assert.match(found[0].source, /pulumi\/pulumi-command v1\.2\.1 provider\/pkg\/provider\/remote\/copyController\.go.*#754, #1183/);
        });

        it("refuses a remote asset and an asset archive even when known, as CopyToRemote.Check does", () => {
            assert.deepEqual(violations.filter((v) => v.resource === "remote-asset" || v.resource === "asset-archive").map(brief), [
                "remote-asset source: asset must be a path-based file asset or a text asset",
                "asset-archive source: archive must be a path to a file or directory",
            ]);
        });

        it("accepts known text, a file and a directory, and reports a connection without its required host", () => {
            const flagged = new Set(violations.map((v) => v.resource));
            for (const ok of ["known-text", "known-file", "known-directory"]) assert.ok(!flagged.has(ok), ok);
            assert.deepEqual(violations.filter((v) => v.resource === "no-host").map(brief), ["no-host connection.host: connection.host is missing"]);
        });

        it("is printed by the plan as one block per failing check: the resources, then the check's source", () => {
            const copies = violations.filter((v) => v.input === "source" && v.reason.startsWith("is unknown"));
            const lines = freshPreviewLines({ status: "breaking", violations: copies });
            assert.deepEqual(lines.slice(0, 3), [
                "Fresh-stack preview: would fail on 1 input(s)",
                `  error ${types.copyToRemote} source: is unknown at preview: either asset or archive must be set`,
                "    computed-text",
            ]);
            assert.match(lines[3], /^ {4}\(pulumi\/pulumi-command v1\.2\.1 .*copyController\.go/);
            assert.deepEqual(freshPreviewLines({ status: "clean", violations: [] }).map((l) => l.split(" (")[0]), ["Fresh-stack preview: clean"]);
        });

        it("does not report the same program in update mode, where every value is known", async () => {
            const update = await checkProviderInputs((await runMocked({ stack: "dev", program: copySources })).resources);
            assert.deepEqual(update.map((v) => v.resource).sort(), ["asset-archive", "no-host", "remote-asset"]);
        });
    });

    it("warns on a lifecycle rule whose filter is empty or missing, and accepts an explicit all-objects prefix", async () => {
        const lifecycle = types.bucketLifecycle;
        const rule = (extra: Record<string, any>) => fakeResource(lifecycle, { bucket: "b", rules: [{ id: "x", status: "Enabled", expiration: { days: 1 }, ...extra }] });
        const reasons = async (extra: Record<string, any>) => (await checkProviderInputs([rule(extra)])).map((v) => `${v.severity}: ${v.reason}`);
        assert.deepEqual(await reasons({ filter: {} }), ["warning: rules[0] needs exactly one of filter or prefix (an empty filter {} counts as none)"]);
        assert.deepEqual(await reasons({}), ["warning: rules[0] needs exactly one of filter or prefix (an empty filter {} counts as none)"]);
        assert.deepEqual(await reasons({ filter: { prefix: "", objectSizeGreaterThan: 10 } }), ["warning: rules[0].filter sets objectSizeGreaterThan and prefix; at most one is allowed"]);
        assert.deepEqual(await reasons({ filter: { prefix: "" } }), []);
    });

    it("checks an RDS identifier and final snapshot identifier as the AWS provider validates them", async () => {
        const rds = (inputs: Record<string, any>) => checkProviderInputs([fakeResource(types.rdsInstance, inputs)]);
        assert.deepEqual(await rds({ identifier: "irisx-prod-db", finalSnapshotIdentifier: "irisx-prod-db-final-1a2b3c4d" }), []);
        assert.deepEqual((await rds({ identifier: "Irisx--db-" })).map((v) => v.reason), ["only lowercase alphanumeric characters and hyphens allowed"]);
        assert.deepEqual((await rds({ identifier: "irisx--db" })).map((v) => v.reason), ["cannot contain two consecutive hyphens"]);
        assert.deepEqual((await rds({ finalSnapshotIdentifier: "1-final" })).map((v) => `${v.input}: ${v.reason}`), ["finalSnapshotIdentifier: must begin with a letter"]);
        assert.deepEqual((await rds({ finalSnapshotIdentifier: "db-final-" })).map((v) => v.reason), ["must not end with a hyphen or contain two consecutive hyphens"]);
    });

    it("treats a resource type missing from the table as a violation, so a new type gets looked at", async () => {
        // A real type on purpose, and one the program does not register: the table has no entry for it.
        const queue = "aws:sqs/queue:Queue";
        const found = await checkProviderInputs([fakeResource(queue, {})]);
        assert.deepEqual(found.map((v) => `${v.type} ${v.input}: ${v.reason}`), [`${queue} *: type not in the provider-check table (offline/provider-checks.ts)`]);
    });

    it("refuses a WAF rate limit or window the AWS provider's schema refuses at preview", async () => {
        const acl = (rate: Record<string, any>) => checkProviderInputs([fakeResource(types.webAcl, { rules: [{ name: "rate", statement: { rateBasedStatement: { aggregateKeyType: "IP", ...rate } } }] })]);
        assert.deepEqual(await acl({ limit: 10, evaluationWindowSec: 300 }), []);
        assert.deepEqual(await acl({ limit: 2000000000 }), []);
        assert.deepEqual((await acl({ limit: 9 })).map((v) => v.reason), ["rules[0].statement.rateBasedStatement.limit 9 is not from 10 to 2000000000"]);
        assert.deepEqual((await acl({ limit: 100, evaluationWindowSec: 30 })).map((v) => v.reason), ["rules[0].statement.rateBasedStatement.evaluationWindowSec must be 60, 120, 300 or 600"]);
    });
});
