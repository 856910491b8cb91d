/**
 * RDS PostgreSQL in the private subnets, reachable only from the hosts' security groups.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { StackConfig } from "../config";
import { databaseName, databaseUser } from "../../facts/database";
import { ports } from "../../facts/ports";

export const postgresMajorVersion = "16";

/** The parameter-group family must match the engine's major version (postgres16 for 16.x). */
export function parameterGroupFamily(engineVersion: string): string {
    return `postgres${engineVersion.split(".")[0]}`;
}

export type DatabaseConfig = Pick<StackConfig, "environment" | "multiAz" | "deletionProtection" | "backupRetentionDays" | "dbInstanceClass" | "dbAllocatedStorageGb" | "secretsRotation" | "dbSlowStatementMs" | "dbLogRetentionDays">;

/** Where RDS writes an instance's exported PostgreSQL log (the name RDS itself would create). */
export function postgresLogGroupName(identifier: string): string {
    return `/aws/rds/instance/${identifier}/postgresql`;
}

/**
 * The parameter group's settings. PostgreSQL logs a failed login (wrong password, unknown role,
 * no or a rejecting pg_hba.conf line, and on RDS a connection without TLS) at FATAL whatever
 * these say; log_connections adds one line per successful login, so the log shows who connected
 * from where. Slow statements are logged with their text and duration (and bound values): no
 * lower bound of 0, which would log every statement's data.
 */
export function databaseParameters(config: Pick<DatabaseConfig, "dbSlowStatementMs">): { name: string; value: string; applyMethod: "immediate" | "pending-reboot" }[] {
    return [
        // RDS.38: refuse unencrypted connections.
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        { name: "log_min_duration_statement", value: String(config.dbSlowStatementMs), applyMethod: "immediate" },
        { name: "log_connections", value: "1", applyMethod: "immediate" },
    ];
}

/** The per-environment switches (RDS.5/8/11), decided in one place. */
export function databaseSettings(config: DatabaseConfig, identifier: string) {
    const prod = config.environment === "prod";
    return {
        multiAz: config.multiAz,
        deletionProtection: config.deletionProtection,
        backupRetentionPeriod: config.backupRetentionDays,
        // Outside prod a destroy should not leave snapshots behind; in prod it must.
        skipFinalSnapshot: !prod,
        finalSnapshotIdentifier: prod ? `${identifier}-final` : undefined,
    };
}

export interface DatabaseArgs {
    readonly config: DatabaseConfig;
    readonly subnetIds: pulumi.Input<string>[];
    readonly securityGroupId: pulumi.Input<string>;
    readonly tags: (name: string) => Record<string, string>;
}

export class Database extends pulumi.ComponentResource {
    readonly identifier: pulumi.Output<string>;
    readonly address: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    /** host:port */
    readonly endpoint: pulumi.Output<string>;
    readonly dbName: string = databaseName;
    readonly username: string = databaseUser;
    /** Secret. */
    readonly password: pulumi.Output<string>;
    /** The exported PostgreSQL log: failed logins, slow statements. */
    readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:data:Database", name, {}, opts);
        const parent = { parent: this };
        const identifier = `${name}-db`;

        // URL-safe specials only: the password ends up in connection strings. A new rotation
        // label replaces it; RDS applies a new master password at once, without a reboot.
        const password = new random.RandomPassword(`${name}-db-password`, {
            keepers: { rotation: args.config.secretsRotation },
            length: 40,
            special: true,
            overrideSpecial: "-_.~",
        }, parent);

        const subnetGroup = new aws.rds.SubnetGroup(`${name}-db-subnets`, {
            subnetIds: args.subnetIds,
            tags: args.tags(`${name}-db-subnets`),
        }, parent);
        const parameters = new aws.rds.ParameterGroup(`${name}-db-params`, {
            family: parameterGroupFamily(postgresMajorVersion),
            description: "IRISX PostgreSQL: TLS required",
            parameters: databaseParameters(args.config),
            tags: args.tags(`${name}-db-params`),
        }, parent);
        // Made before the instance exports to it: RDS would create it itself, kept forever.
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-db-postgresql`, {
            name: postgresLogGroupName(identifier),
            retentionInDays: args.config.dbLogRetentionDays,
            tags: args.tags(`${name}-db-postgresql`),
        }, parent);

        const settings = databaseSettings(args.config, identifier);
        const db = new aws.rds.Instance(identifier, {
            identifier,
            engine: "postgres",
            engineVersion: postgresMajorVersion,
            instanceClass: args.config.dbInstanceClass,
            allocatedStorage: args.config.dbAllocatedStorageGb,
            storageType: "gp3",
            storageEncrypted: true,
            dbName: databaseName,
            username: databaseUser,
            password: pulumi.secret(password.result),
            port: ports.postgres.from,
            dbSubnetGroupName: subnetGroup.name,
            parameterGroupName: parameters.name,
            vpcSecurityGroupIds: [args.securityGroupId],
            publiclyAccessible: false,
            autoMinorVersionUpgrade: true,
            performanceInsightsEnabled: true,
            copyTagsToSnapshot: true,
            // Failed logins and slow statements reach CloudWatch (the alarms count the first).
            enabledCloudwatchLogsExports: ["postgresql"],
            ...settings,
            tags: args.tags(identifier),
        }, { ...parent, dependsOn: [logGroup] });

        this.identifier = db.identifier;
        this.address = db.address;
        this.port = db.port;
        this.endpoint = db.endpoint;
        this.password = pulumi.secret(password.result);
        this.logGroupName = logGroup.name;
        this.registerOutputs({ address: this.address, port: this.port, endpoint: this.endpoint, password: this.password, logGroupName: this.logGroupName });
    }
}
