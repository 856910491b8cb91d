/**
 * ElastiCache Redis in the private subnets: encrypted at rest and in transit, AUTH token required.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { StackConfig } from "../config";
import { ports } from "../../facts/ports";

export const redisEngineVersion = "7.1";

export type CacheConfig = Pick<StackConfig, "multiAz" | "snapshotRetentionDays" | "cacheNodeType" | "secretsRotation">;

/** ElastiCache.3: with Multi-AZ, a replica in the other AZ and automatic failover to it. */
export function cacheSettings(config: CacheConfig) {
    return {
        numCacheClusters: config.multiAz ? 2 : 1,
        automaticFailoverEnabled: config.multiAz,
        multiAzEnabled: config.multiAz,
        snapshotRetentionLimit: config.snapshotRetentionDays,
    };
}

export interface CacheArgs {
    readonly config: CacheConfig;
    readonly subnetIds: pulumi.Input<string>[];
    readonly securityGroupId: pulumi.Input<string>;
    readonly tags: (name: string) => Record<string, string>;
}

export class Cache extends pulumi.ComponentResource {
    readonly primaryEndpoint: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    /** Secret. */
    readonly authToken: pulumi.Output<string>;
    /** The nodes' cache cluster ids (<group>-001, -002), which ElastiCache's per-node metrics are keyed by. */
    readonly nodeIds: pulumi.Output<string>[];

    constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:data:Cache", name, {}, opts);
        const parent = { parent: this };

        // ElastiCache AUTH tokens are 16-128 printable characters without @ " /; alphanumerics are
        // always accepted and never need escaping in a redis:// URL.
        const token = new random.RandomPassword(`${name}-redis-token`, { keepers: { rotation: args.config.secretsRotation }, length: 48, special: false }, parent);
        const subnetGroup = new aws.elasticache.SubnetGroup(`${name}-redis-subnets`, {
            description: "IRISX Redis: private subnets",
            subnetIds: args.subnetIds,
            tags: args.tags(`${name}-redis-subnets`),
        }, parent);

        const settings = cacheSettings(args.config);
        const group = new aws.elasticache.ReplicationGroup(`${name}-redis`, {
            replicationGroupId: `${name}-redis`,
            description: "IRISX Redis",
            engine: "redis",
            engineVersion: redisEngineVersion,
            nodeType: args.config.cacheNodeType,
            port: ports.redis.from,
            subnetGroupName: subnetGroup.name,
            securityGroupIds: [args.securityGroupId],
            atRestEncryptionEnabled: true,
            transitEncryptionEnabled: true,
            authToken: pulumi.secret(token.result),
            // On a rotation ElastiCache accepts the new token alongside the old one (ROTATE: AWS
            // allows SET only after a ROTATE), so the app keeps its Redis connections until the
            // api.env push restarts it with the new token. README "Rotating secrets" retires the old one.
            authTokenUpdateStrategy: "ROTATE",
            autoMinorVersionUpgrade: true,
            ...settings,
            tags: args.tags(`${name}-redis`),
        }, parent);

        this.primaryEndpoint = group.primaryEndpointAddress;
        this.port = group.port.apply((port) => port ?? ports.redis.from);
        this.authToken = pulumi.secret(token.result);
        this.nodeIds = Array.from({ length: settings.numCacheClusters }, (_, i) => group.id.apply((id) => `${id}-${String(i + 1).padStart(3, "0")}`));
        this.registerOutputs({ primaryEndpoint: this.primaryEndpoint, port: this.port, authToken: this.authToken });
    }
}
