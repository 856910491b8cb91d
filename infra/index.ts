/**
 * The IRISX stack: validated config → network → data tier → log groups → hosts → alarms →
 * provisioning → exports.
 * Decisions live in the components and config.ts; this file only wires them together.
 */
import "./node-version"; // first: a clear message on an older Node.js, before the program loads any SDK
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig, resourceTags } from "./config";
import { appPortTagKey, Role } from "../facts/ports";
import { Network } from "./network/vpc";
import { SecurityGroups } from "./network/security-groups";
import { debianAmi, Host } from "./compute/host";
import { SshKey } from "./compute/ssh-key";
import { renderUserData } from "./compute/user-data";
import { Database } from "./data/database";
import { Cache } from "./data/cache";
import { RecordingsBucket } from "./data/recordings-bucket";
import { AppSecrets } from "./data/app-secrets";
import { HostLogGroups } from "./monitoring/log-groups";
import { Alarms } from "./monitoring/alarms";
import { HostProvisioning } from "../provisioning";
import { HostRole, hostIndices, hostLabel, hostSubnetIndex, sipOriginationUri } from "../facts/hosts";
import { Edge } from "./edge/alb";
import { WafBlockList } from "./edge/waf";

// First, before any resource: a bad value throws one ConfigError naming every bad key.
const config = loadStackConfig();
const prefix = `irisx-${config.environment}`;
const tags = (role?: Role) => (name: string) => resourceTags(config, name, role);

const network = new Network(prefix, { cidrBlock: config.vpcCidr, flowLogRetentionDays: config.flowLogRetentionDays, tags: tags() });
const securityGroups = new SecurityGroups(prefix, { vpcId: network.vpcId, ingress: config, tags: (name, role) => resourceTags(config, name, role) });

const database = new Database(prefix, { config, subnetIds: network.privateSubnetIds, securityGroupId: securityGroups.ids.db, tags: tags("db") });
const cache = new Cache(prefix, { config, subnetIds: network.privateSubnetIds, securityGroupId: securityGroups.ids.cache, tags: tags("cache") });
const recordings = new RecordingsBucket(prefix, { config, tags: tags() });
const appSecrets = new AppSecrets(prefix, {
    config,
    trunkAuthToken: config.trunkAuthTokenSet ? new pulumi.Config().requireSecret("trunkAuthToken") : undefined,
});

// Before the hosts: their agents write into these groups, and their roles are granted exactly these.
const logGroups = new HostLogGroups(`${prefix}-logs`, { environment: config.environment, retentionDays: config.logRetentionDays, tags: tags() });

// edge alb: fail2ban's WAF block list exists before the hosts, whose role may be granted exactly it.
const wafBlockList = config.edge === "alb" ? new WafBlockList(`${prefix}-waf-block-list`, { tags: tags() }) : undefined;

const sshKey = new SshKey(prefix, { publicKey: config.sshPublicKey, tags: resourceTags(config, `${prefix}-ssh`) });
const ami = debianAmi(config.amiId);
// Host i of a role: host 0 keeps the names a one-host stack always had (facts/hosts.ts).
const host = (role: HostRole, index: number, instanceType: string, rootVolumeGb: number, extraTags: Record<string, string> = {}) => {
    const name = `${prefix}-${hostLabel(role, index)}`;
    return new Host(name, {
        role,
        ami,
        instanceType,
        subnetId: network.publicSubnetIds[hostSubnetIndex(role, index)],
        securityGroupId: securityGroups.ids[role],
        keyName: sshKey.keyName,
        userData: (hostKey) => renderUserData({ role, edge: config.edge, hostname: name, hostKey }),
        rootVolumeGb,
        recordingsBucketArn: recordings.bucketArn,
        logGroupArns: logGroups.arnsFor(role),
        // edge alb: the API hosts' fail2ban bans into the WAF block list, and may touch nothing else of WAF.
        ...(role === "api" && wafBlockList ? { wafIpSetArn: wafBlockList.arn } : {}),
        tags: (resourceName) => ({ ...resourceTags(config, resourceName, role), ...extraTags }),
    }, { dependsOn: network.internetRoute });
};
// The roles' hosts alternate between the two AZs, so losing an AZ never takes a role down.
// The API hosts as a list (instanceId, privateIp, …): what a load balancer's target group takes.
const apiHosts = hostIndices(config.apiHosts).map((i) => host("api", i, config.apiInstanceType, 20, { [appPortTagKey]: String(config.appPort) }));
const freeswitchHosts = hostIndices(config.freeswitchHosts).map((i) => host("freeswitch", i, config.freeswitchInstanceType, 30));
const [apiHost, freeswitchHost] = [apiHosts[0], freeswitchHosts[0]];

const alarms = new Alarms(`${prefix}-alarms`, {
    config,
    logGroupNames: { ...logGroups.names, postgresql: database.logGroupName },
    instanceIds: Object.fromEntries([
        ...apiHosts.map((h, i) => [hostLabel("api", i), h.instanceId] as const),
        ...freeswitchHosts.map((h, i) => [hostLabel("freeswitch", i), h.instanceId] as const),
    ]),
    dbIdentifier: database.identifier,
    redisNodeIds: cache.nodeIds,
    tags: tags(),
});

// edge alb: the load balancer and its web ACL in front of every API host (README "Edge").
const edge = config.edge === "alb"
    ? new Edge(prefix, {
          domain: config.domain,
          vpcId: network.vpcId,
          publicSubnetIds: network.publicSubnetIds,
          securityGroupId: securityGroups.albId!,
          apiInstanceIds: apiHosts.map((h) => h.instanceId),
          certificateArn: config.certificateArn,
          hostedZoneId: config.hostedZoneId,
          wafRateLimit: config.wafRateLimit,
          wafLogRetentionDays: config.wafLogRetentionDays,
          accessLogExpireDays: config.logRetentionDays,
          blockedRequestsThreshold: config.alarms.wafBlockedRequests,
          blockList: wafBlockList!,
          alarmTopicArn: alarms.topicArn,
          tags: tags(),
      })
    : undefined;

// Configs reach the hosts over SSH once their firewall rules and Elastic IPs exist.
const provisioning = config.provisionHosts
    ? new HostProvisioning(prefix, {
          config,
          sshPrivateKey: sshKey.privateKeyOpenssh ?? new pulumi.Config().requireSecret("sshPrivateKey"),
          api: apiHosts,
          freeswitch: freeswitchHosts,
          database: { address: database.address, port: database.port, username: database.username, password: database.password, name: database.dbName },
          redis: { address: cache.primaryEndpoint, port: cache.port, authToken: cache.authToken },
          recordingsBucket: recordings.bucketName,
          app: appSecrets,
          ...(wafBlockList ? { waf: { ipSetName: wafBlockList.name, ipSetId: wafBlockList.id, region: config.region } } : {}),
      }, { dependsOn: [securityGroups, ...apiHosts, ...freeswitchHosts, logGroups] })
    : undefined;

export const vpcId = network.vpcId;
export const apiPublicIp = apiHost.publicIp;
export const freeswitchPublicIp = freeswitchHost.publicIp;
export const apiPrivateIp = apiHost.privateIp;
export const freeswitchPrivateIp = freeswitchHost.privateIp;
/** The hosts' pinned SSH host keys, for operators' known_hosts (README, "Host identity"). */
export const apiHostKey = apiHost.hostKey;
export const freeswitchHostKey = freeswitchHost.hostKey;
/** Every host of a role, host 0 first (the single outputs above are host 0's). */
export const apiPublicIps = apiHosts.map((h) => h.publicIp);
export const apiPrivateIps = apiHosts.map((h) => h.privateIp);
export const apiHostKeys = apiHosts.map((h) => h.hostKey);
export const freeswitchPublicIps = freeswitchHosts.map((h) => h.publicIp);
export const freeswitchPrivateIps = freeswitchHosts.map((h) => h.privateIp);
export const freeswitchHostKeys = freeswitchHosts.map((h) => h.hostKey);
/** The SIP trunk's origination URIs, one per FreeSWITCH host (README "SIP trunk origination"). */
export const freeswitchSipUris = freeswitchHosts.map((h) => h.publicIp.apply((ip) => sipOriginationUri(ip, config.sipTls)));
export const dbEndpoint = database.endpoint;
export const redisEndpoint = cache.primaryEndpoint;
export const recordingsBucketName = recordings.bucketName;
export const alarmTopicArn = alarms.topicArn;
/**
 * The API's public face. alb adds where `domain` points (a CNAME, or the alias the stack writes
 * with hostedZoneId) and the WAF IP set fail2ban bans into (update-ip-set --scope REGIONAL --id --name).
 * Always set, so a direct stack's outputs carry no undefined value the engine warns about.
 */
export const publicEdge = edge
    ? { mode: config.edge, loadBalancerDnsName: edge.dnsName, wafBlockList: { id: wafBlockList!.id, name: wafBlockList!.name, arn: wafBlockList!.arn }, accessLogBucket: edge.accessLogBucketName }
    : { mode: config.edge };
/** Only when generated; `pulumi stack output --show-secrets sshPrivateKey`. */
export const sshPrivateKey = sshKey.privateKeyOpenssh ? pulumi.secret(sshKey.privateKeyOpenssh) : undefined;
/** To retire the previous Redis token after a rotation (README, "Rotating secrets"). */
export const redisAuthToken = cache.authToken;
export const redisReplicationGroupId = cache.replicationGroupId;
/** For tools that issue or check API keys outside the app (README "What the application must do"). */
export const apiKeyHashSecrets = pulumi.secret(pulumi.all({ current: appSecrets.apiKeyHashSecret, previous: appSecrets.apiKeyHashSecretPrevious }));
/** For the API app's ESL client; `pulumi stack output --show-secrets eslPassword`. */
export const eslPassword = provisioning?.eslPassword;
