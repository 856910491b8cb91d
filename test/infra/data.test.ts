import { strict as assert } from "assert";
import { isSecret, MockedRun } from "../../offline/mock-run";
import { checkProviderInputs } from "../../offline/provider-checks";
import { parseStackConfig } from "../../infra/config";
import { planSubnets } from "../../infra/network/vpc";
import { parameterGroupFamily, postgresLogGroupName } from "../../infra/data/database";
import { committedStacks, committedValues, inputsFrom, mockedStack, one, plain } from "../helpers/stacks";
import { types } from "../../facts/resource-types";

describe("parameterGroupFamily", () => {
    it("follows the engine's major version", () => {
        assert.equal(parameterGroupFamily("16"), "postgres16");
        assert.equal(parameterGroupFamily("15.7"), "postgres15");
    });
});

for (const stack of committedStacks) {
    const prod = stack === "prod";
    describe(`data tier (${stack})`, () => {
        let run: MockedRun;
        const config = parseStackConfig(committedValues(stack));
        const privateCidrs = () => [...planSubnets(config.vpcCidr).private].sort();
        before(async () => {
            run = await mockedStack(stack);
        });

        it("keeps PostgreSQL private, encrypted, backed up, minor-upgraded and watched by Performance Insights", () => {
            const db = plain(one(run, types.rdsInstance));
            assert.equal(db.engine, "postgres");
            assert.equal(db.publiclyAccessible, false);
            assert.equal(db.storageEncrypted, true);
            assert.equal(db.performanceInsightsEnabled, true);
            assert.equal(db.autoMinorVersionUpgrade, true);
            assert.equal(db.backupRetentionPeriod, config.backupRetentionDays);
            assert.ok(db.backupRetentionPeriod >= 7);
            assert.equal(db.identifier, `irisx-${stack}-db`);
        });

        it(`${prod ? "turns on" : "leaves off"} Multi-AZ and deletion protection for PostgreSQL`, () => {
            const db = plain(one(run, types.rdsInstance));
            assert.equal(db.multiAz, prod);
            assert.equal(db.deletionProtection, prod);
        });

        it(prod ? "keeps a final snapshot when PostgreSQL is destroyed, under a name drawn for this instance" : "skips the final snapshot outside prod", async () => {
            const db = one(run, types.rdsInstance);
            assert.equal(plain(db).skipFinalSnapshot, !prod);
            if (!prod) return assert.equal(plain(db).finalSnapshotIdentifier, undefined);
            // A constant name fails the second deletion (DBSnapshotAlreadyExists): the suffix is a
            // RandomId kept by the instance's identity, so a new instance draws a new one.
            const [suffix] = inputsFrom(run, db, "finalSnapshotIdentifier");
            assert.equal(suffix.type, types.randomId);
            assert.equal(plain(db).finalSnapshotIdentifier, `irisx-prod-db-final-${suffix.outputs?.hex}`);
            assert.match(suffix.outputs?.hex, /^[0-9a-f]{8}$/);
            assert.deepEqual(await checkProviderInputs([db]), []);
        });

        it("forces TLS with a parameter group whose family matches the engine version", () => {
            const db = one(run, types.rdsInstance);
            const [group] = inputsFrom(run, db, "parameterGroupName");
            assert.equal(group.type, types.rdsParameterGroup);
            assert.equal(plain(group).family, parameterGroupFamily(plain(db).engineVersion));
            assert.deepEqual(plain(group).parameters.filter((p: any) => p.name === "rds.force_ssl").map((p: any) => p.value), ["1"]);
        });

        it("exports the PostgreSQL log to a group made first with the configured retention, logging slow statements and logins", () => {
            const db = one(run, types.rdsInstance);
            assert.deepEqual(plain(db).enabledCloudwatchLogsExports, ["postgresql"]);
            const group = one(run, types.logGroup, (r) => plain(r).name === postgresLogGroupName(plain(db).identifier));
            assert.equal(plain(group).retentionInDays, config.dbLogRetentionDays);
            assert.ok(db.dependencies.includes(group.urn), "the instance waits for its log group, or RDS creates one kept forever");
            const [params] = inputsFrom(run, db, "parameterGroupName");
            const values = Object.fromEntries(plain(params).parameters.map((p: any) => [p.name, p.value]));
            assert.equal(values.log_min_duration_statement, String(config.dbSlowStatementMs));
            assert.equal(values.log_connections, "1");
        });

        it("places PostgreSQL and Redis in the private subnets only", () => {
            for (const [resource, group] of [[types.rdsInstance, "dbSubnetGroupName"], [types.replicationGroup, "subnetGroupName"]] as const) {
                const [subnetGroup] = inputsFrom(run, one(run, resource), group);
                const cidrs = inputsFrom(run, subnetGroup, "subnetIds").map((s) => plain(s).cidrBlock).sort();
                assert.deepEqual(cidrs, privateCidrs());
            }
        });

        it("uses a generated, URL-safe PostgreSQL password of at least 32 characters, passed as a secret", () => {
            const db = one(run, types.rdsInstance);
            assert.ok(isSecret(db.inputs.password), "password is not secret");
            const [generator] = inputsFrom(run, db, "password");
            assert.equal(generator.type, types.randomPassword);
            assert.ok(plain(generator).length >= 32);
            assert.match(plain(db).password, /^[A-Za-z0-9._~-]{32,}$/);
        });

        it("encrypts Redis at rest and in transit and requires a generated secret AUTH token", () => {
            const redis = one(run, types.replicationGroup);
            const inputs = plain(redis);
            assert.equal(inputs.atRestEncryptionEnabled, true);
            assert.equal(inputs.transitEncryptionEnabled, true);
            assert.ok(isSecret(redis.inputs.authToken), "authToken is not secret");
            assert.match(inputs.authToken, /^[A-Za-z0-9]{32,}$/);
            assert.deepEqual(inputsFrom(run, redis, "authToken").map((r) => r.type), [types.randomPassword]);
            assert.equal(inputs.snapshotRetentionLimit, config.snapshotRetentionDays);
            assert.ok(inputs.snapshotRetentionLimit >= 1);
        });

        it(`${prod ? "runs two Redis nodes with automatic failover" : "runs one Redis node"}`, () => {
            const redis = plain(one(run, types.replicationGroup));
            assert.equal(redis.numCacheClusters, prod ? 2 : 1);
            assert.equal(redis.automaticFailoverEnabled, prod);
            assert.equal(redis.multiAzEnabled, prod);
        });

        it("blocks all public access to the recordings bucket and disables ACLs", () => {
            const pab = plain(one(run, types.bucketPublicAccessBlock));
            for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(pab[flag], true, flag);
            assert.equal(plain(one(run, types.bucketOwnershipControls)).rule.objectOwnership, "BucketOwnerEnforced");
        });

        it("encrypts and versions the recordings bucket", () => {
            const sse = plain(one(run, types.bucketSse)).rules[0].applyServerSideEncryptionByDefault.sseAlgorithm;
            assert.ok(["AES256", "aws:kms"].includes(sse));
            assert.equal(plain(one(run, types.bucketVersioning)).versioningConfiguration.status, "Enabled");
        });

        it("expires recordings after 90 days, old versions after 30 and aborts stale uploads", () => {
            const [rule] = plain(one(run, types.bucketLifecycle)).rules;
            assert.equal(rule.status, "Enabled");
            assert.equal(rule.expiration.days, 90);
            assert.equal(rule.noncurrentVersionExpiration.noncurrentDays, 30);
            assert.ok(rule.abortIncompleteMultipartUpload.daysAfterInitiation > 0);
        });

        it("applies the lifecycle rule to every object through an explicit filter the provider accepts without a warning", async () => {
            const lifecycle = one(run, types.bucketLifecycle);
            assert.deepEqual(plain(lifecycle).rules.map((r: any) => r.filter), [{ prefix: "" }]);
            assert.deepEqual(await checkProviderInputs([lifecycle]), []);
        });

        it("denies every request to the recordings bucket that does not use TLS", () => {
            const doc = JSON.parse(plain(one(run, types.bucketPolicy)).policy);
            const deny = doc.Statement.filter((s: any) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false");
            assert.equal(deny.length, 1);
            assert.equal(deny[0].Principal, "*");
            assert.equal(deny[0].Action, "s3:*");
            const bucketArn = `arn:aws:s3:::${run.outputs.recordingsBucketName}`;
            assert.deepEqual(deny[0].Resource, [bucketArn, `${bucketArn}/*`]);
        });

        it("configures every bucket setting on the recordings bucket itself", () => {
            const bucket = one(run, types.bucket);
            for (const type of [types.bucketPublicAccessBlock, types.bucketOwnershipControls, types.bucketSse, types.bucketVersioning, types.bucketLifecycle, types.bucketPolicy]) {
                assert.deepEqual(inputsFrom(run, one(run, type), "bucket"), [bucket], type);
            }
        });
    });
}
