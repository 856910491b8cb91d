/**
 * Every file each host would receive, from stack config alone: placeholder addresses inside the
 * stack's VPC, and secrets replaced by values that announce they are fake. Used by
 * `npm run render`, the golden files and the validator tests (which therefore check exactly what
 * the reviewer reads).
 */
import { ProvisioningConfig } from "./config";
import { formatIpv4, parseCidr } from "../facts/cidr";
import { databaseName, databaseUser } from "../facts/database";
import { ports } from "../facts/ports";
import { PushUnit } from "./model";
import { ApiHostSecrets, apiHostUnits } from "./roles/api";
import { HostOptions, ec2Host } from "./roles/common";
import { FreeswitchHostSecrets, freeswitchHostUnits } from "./roles/freeswitch";
import { WafIpSet } from "./render/waf-ipset";

export const fakeApiSecrets: ApiHostSecrets = {
    dbPassword: "FAKE-DB-PASSWORD-NOT-A-SECRET",
    redisAuthToken: "FAKE-REDIS-AUTH-TOKEN-NOT-A-SECRET",
    eslPassword: "FAKE-ESL-PASSWORD-NOT-A-SECRET",
    apiKeyHashSecret: "FAKE-API-KEY-HASH-SECRET-NOT-A-SECRET",
};

/** The fake api.env secrets of a stack: the optional ones exactly when its config has them. */
export function fakeApiSecretsFor(config: Pick<ProvisioningConfig, "secretsRotationPrevious" | "trunkAuthTokenSet">): ApiHostSecrets {
    return {
        ...fakeApiSecrets,
        ...(config.secretsRotationPrevious !== undefined ? { apiKeyHashSecretPrevious: "FAKE-API-KEY-HASH-SECRET-PREVIOUS-NOT-A-SECRET" } : {}),
        ...(config.trunkAuthTokenSet ? { trunkAuthToken: "FAKE-TRUNK-AUTH-TOKEN-NOT-A-SECRET" } : {}),
    };
}

export const fakeFreeswitchSecrets: FreeswitchHostSecrets = {
    eslPassword: "FAKE-ESL-PASSWORD-NOT-A-SECRET",
    defaultPassword: "FAKE-DEFAULT-PASSWORD-NOT-A-SECRET",
};

/** The address `offset` after the network address of an IPv4 CIDR. */
export function addressInCidr(cidr: string, offset: number): string {
    const parsed = parseCidr(cidr);
    if (!parsed || parsed.family !== 4) throw new Error(`${cidr} is not an IPv4 CIDR`);
    return formatIpv4(parsed.address + BigInt(offset));
}

export interface PreviewHosts {
    readonly api: PushUnit[];
    readonly freeswitch: PushUnit[];
}

/** edge alb without the edge's outputs yet: an IP set that announces it is a placeholder. */
export function placeholderWafIpSet(config: Pick<ProvisioningConfig, "environment">): WafIpSet {
    return { ipSetName: `irisx-${config.environment}-banned-placeholder`, ipSetId: "00000000-0000-0000-0000-000000000000", region: "us-east-1" };
}

/** `waf`: the edge's IP set (edge alb); the placeholder when not given. */
export function previewHosts(config: ProvisioningConfig, host: HostOptions = ec2Host, waf?: WafIpSet): PreviewHosts {
    const apiPrivateIp = addressInCidr(config.vpcCidr, 10);
    const freeswitchPrivateIp = addressInCidr(config.vpcCidr, 20);
    return {
        api: apiHostUnits(
            {
                config,
                db: { host: `irisx-${config.environment}-db.placeholder.internal`, port: ports.postgres.from, user: databaseUser, name: databaseName },
                redis: { host: `irisx-${config.environment}-cache.placeholder.internal`, port: ports.redis.from },
                recordingsBucket: `irisx-${config.environment}-recordings-placeholder`,
                freeswitchPrivateIps: [freeswitchPrivateIp],
                host,
                ...(config.edge === "alb" ? { waf: waf ?? placeholderWafIpSet(config) } : {}),
            },
            fakeApiSecretsFor(config),
        ),
        freeswitch: freeswitchHostUnits(
            { config, apiPrivateIps: [apiPrivateIp], freeswitchPrivateIp, freeswitchPublicIp: "198.51.100.20", host },
            fakeFreeswitchSecrets,
        ),
    };
}
