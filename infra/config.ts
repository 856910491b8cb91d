/**
 * Stack configuration: one typed object, validated before any resource is registered.
 * `parseStackConfig` is pure (tests and the offline plan call it directly); `loadStackConfig`
 * reads it from Pulumi.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { Cidr, cidrContains, isWorld, parseCidr } from "../facts/cidr";
import { ConfigError, ConfigSource, key, Reader } from "./config-reader";
import { appPortProblem, maxAdminPrefix, Role, roleTagKey, twilioMediaCidrs, twilioSignallingCidrs } from "../facts/ports";
import { AlarmThresholds, resolveThresholds } from "./monitoring/thresholds";

export { ConfigError, projectName } from "./config-reader";
export type { ConfigProblem, ConfigSource } from "./config-reader";

export const environments = ["dev", "staging", "prod"] as const;
export type Environment = (typeof environments)[number];

export interface StackConfig {
    readonly environment: Environment;
    readonly region: string;
    /** Port the Hono.js app listens on, on 127.0.0.1 behind nginx. */
    readonly appPort: number;
    readonly domain: string;
    readonly corsOrigins: readonly string[];
    readonly vpcCidr: string;
    readonly adminCidrs: readonly string[];
    readonly sipSignallingPeers: readonly string[];
    readonly mediaPeers: readonly string[];
    readonly sipTls: boolean;
    readonly apiInstanceType: string;
    readonly freeswitchInstanceType: string;
    readonly dbInstanceClass: string;
    readonly dbAllocatedStorageGb: number;
    readonly cacheNodeType: string;
    readonly multiAz: boolean;
    readonly deletionProtection: boolean;
    readonly backupRetentionDays: number;
    readonly snapshotRetentionDays: number;
    readonly flowLogRetentionDays: number;
    readonly recordingsExpireDays: number;
    readonly recordingsNoncurrentExpireDays: number;
    /** CloudWatch retention of the hosts' logs (auth, fail2ban, nginx, FreeSWITCH). */
    readonly logRetentionDays: number;
    /** CloudWatch retention of the PostgreSQL log RDS exports (failed logins, slow statements). */
    readonly dbLogRetentionDays: number;
    /** PostgreSQL logs statements that run at least this long (log_min_duration_statement, ms). */
    readonly dbSlowStatementMs: number;
    /** Where the stack's alarms are e-mailed (an SNS e-mail subscription the owner must confirm). */
    readonly alarmEmail: string;
    readonly alarms: AlarmThresholds;
    /**
     * Any label; changing it replaces the DB password, the Redis AUTH token and the FreeSWITCH
     * passwords (random keepers) and re-pushes what holds them, in one `pulumi up`.
     */
    readonly secretsRotation: string;
    /**
     * The label before the current one, during a rotation's dual-key window: the API-key hashing
     * secret generated under it stays as API_KEY_HASH_SECRET_PREVIOUS so stored key hashes still
     * verify (README "Rotating secrets").
     */
    readonly secretsRotationPrevious?: string;
    /** Whether the secret `trunkAuthToken` is set (its value is only ever read as a secret Output). */
    readonly trunkAuthTokenSet: boolean;
    /** Overrides the Debian 12 AMI lookup. */
    readonly amiId?: string;
    /** An OpenSSH public key to install instead of a generated key pair (then `sshPrivateKey`, a secret, is required). */
    readonly sshPublicKey?: string;
    /** Push the rendered configs over SSH during `up`; needs the deploying machine inside adminCidrs. */
    readonly provisionHosts: boolean;
}

/** AWS's default limit of inbound rules per security group. */
export const maxRulesPerSecurityGroup = 60;
/** CloudWatch Logs accepts only these retention periods. */
const logRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** RFC 5737 and RFC 3849: addresses reserved for documentation, used as placeholders in the committed stacks. */
export const documentationRanges = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"].map((text) => parseCidr(text)!);

function adminCidrProblem(cidr: Cidr): string | undefined {
    if (isWorld(cidr)) return `opens SSH to the whole internet; list only your office or VPN ranges, e.g. 203.0.113.10/32`;
    const limit = maxAdminPrefix[cidr.family];
    if (cidr.prefix < limit) return `is broader than /${limit}; SSH must come from named admin ranges (a /${limit} or narrower)`;
    return undefined;
}

function signallingPeerProblem(cidr: Cidr): string | undefined {
    // FreeSWITCH treats a match of the profile's inbound ACL as authentication, and the ACL is
    // built from this list: a world-wide entry would accept calls from anyone without a password.
    if (isWorld(cidr)) return `would let anyone place calls without a password (the SIP ACL counts as authentication); list your SIP trunk's signalling ranges`;
    return undefined;
}

const defaultDbInstanceClass = "db.t4g.micro";
const emailPattern = /^[^@\s"'<>]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
/** RFC 2606 / RFC 6761 names that never deliver mail: the committed stacks' placeholder. */
const reservedMailDomain = /(^|\.)(example|test|invalid|localhost)$|(^|\.)example\.(com|net|org)$/i;

const rotationLabel = /^[A-Za-z0-9._-]{1,64}$/;
/** api.env lines are unquoted KEY=value (systemd EnvironmentFile). */
const trunkAuthTokenPattern = /^[!#-&(-[\]-~]{16,256}$/;

const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export interface ParseOptions {
    /**
     * A real `pulumi up`: refuse placeholder admin ranges, which would leave the operators (and
     * the provisioning push) locked out of hosts that were just created.
     */
    readonly deploying?: boolean;
}

/** Validates raw config into a `StackConfig`, or throws one `ConfigError` naming every bad key. */
export function parseStackConfig(source: ConfigSource, options: ParseOptions = {}): StackConfig {
    const r = new Reader(source);
    const environment = r.string("environment", undefined, /^(dev|staging|prod)$/, `use one of ${environments.join(", ")}`) as Environment;
    const prod = environment === "prod";
    const region = r.string("aws:region", undefined, /^[a-z]{2}(-gov)?-[a-z]+-\d$/, "use an AWS region such as us-east-1");

    const appPort = r.integer("appPort", 0, 1, 65535);
    if (r.raw("appPort") === undefined) r.fail("appPort", "is required; use 9847 (dev), 9848 (staging) or 9849 (prod)");
    else if (appPort !== 0) {
        const problem = appPortProblem(appPort);
        if (problem) r.fail("appPort", problem);
    }

    const domain = r.string("domain", undefined, hostnamePattern, "use the API's public DNS name, e.g. api.irisx.example");
    const corsOrigins = r.list("corsOrigins", [`https://${domain}`]);
    for (const origin of corsOrigins) {
        if (!/^https?:\/\/[^/\s*]+$/.test(origin)) r.fail("corsOrigins", `"${origin}" must be a scheme and host with no path or wildcard, e.g. https://app.irisx.example`);
    }

    const vpcCidr = r.string("vpcCidr", "10.0.0.0/16");
    const vpc = parseCidr(vpcCidr);
    if (!vpc || vpc.family !== 4 || vpc.prefix < 16 || vpc.prefix > 22) {
        r.fail("vpcCidr", `"${vpcCidr}" must be an IPv4 CIDR from /16 to /22 so it splits into four subnets`);
    }

    const adminCidrs = r.cidrs("adminCidrs", undefined, (cidr) =>
        adminCidrProblem(cidr) ??
        (options.deploying && documentationRanges.some((range) => cidrContains(range, cidr))
            ? `is a documentation address, the committed placeholder; before \`pulumi up\` set your office or VPN range: pulumi config set --path 'adminCidrs[0]' <cidr>`
            : undefined));
    const sipSignallingPeers = r.cidrs("sipSignallingPeers", twilioSignallingCidrs, signallingPeerProblem);
    const mediaPeers = r.cidrs("mediaPeers", twilioMediaCidrs, () => undefined);
    // Off until FreeSWITCH has a certificate in /etc/freeswitch/tls: an open 5061 with no TLS
    // listener behind it helps nobody.
    const sipTls = r.boolean("sipTls", false);

    const freeswitchRules =
        adminCidrs.length + sipSignallingPeers.length * (2 + (sipTls ? 1 : 0)) + mediaPeers.length + 1;
    if (freeswitchRules > maxRulesPerSecurityGroup) {
        r.fail("sipSignallingPeers", `with mediaPeers and adminCidrs needs ${freeswitchRules} inbound rules on the FreeSWITCH security group, over AWS's default of ${maxRulesPerSecurityGroup}; move the peers into a managed prefix list`);
    }

    const dbInstanceClass = r.string("dbInstanceClass", defaultDbInstanceClass, /^db\.[a-z0-9]+\.[a-z0-9]+$/, "use an RDS class such as db.t4g.micro");
    const alarms = resolveThresholds(r.object("alarms"), environment, dbInstanceClass);
    for (const problem of alarms.problems) r.fail(`alarms.${problem.name}`, problem.message);
    const alarmEmail = r.string("alarmEmail", undefined, emailPattern, "use the on-call address, e.g. oncall@irisx.example");
    if (options.deploying && reservedMailDomain.test(alarmEmail.split("@")[1] ?? "")) {
        r.fail("alarmEmail", `"${alarmEmail}" is a reserved example domain, the committed placeholder; alarms would reach nobody. Before \`pulumi up\` set the on-call address: pulumi config set alarmEmail <address>`);
    }

    const instanceType = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
    const config: StackConfig = {
        environment,
        region,
        appPort,
        domain,
        corsOrigins,
        vpcCidr,
        adminCidrs,
        sipSignallingPeers,
        mediaPeers,
        sipTls,
        apiInstanceType: r.string("apiInstanceType", "t3.small", instanceType, "use an EC2 instance type such as t3.small"),
        freeswitchInstanceType: r.string("freeswitchInstanceType", "c6i.large", instanceType, "use an EC2 instance type such as c6i.large"),
        dbInstanceClass,
        dbAllocatedStorageGb: r.integer("dbAllocatedStorageGb", 20, 20, 65536),
        cacheNodeType: r.string("cacheNodeType", "cache.t4g.micro", /^cache\.[a-z0-9]+\.[a-z0-9]+$/, "use an ElastiCache node type such as cache.t4g.micro"),
        multiAz: r.boolean("multiAz", prod),
        deletionProtection: r.boolean("deletionProtection", prod),
        backupRetentionDays: r.integer("backupRetentionDays", prod ? 14 : 7, 7, 35),
        snapshotRetentionDays: r.integer("snapshotRetentionDays", prod ? 7 : 1, 1, 35),
        flowLogRetentionDays: r.integer("flowLogRetentionDays", prod ? 365 : 30, 1, 3653),
        recordingsExpireDays: r.integer("recordingsExpireDays", 90, 1, 3650),
        recordingsNoncurrentExpireDays: r.integer("recordingsNoncurrentExpireDays", 30, 1, 3650),
        logRetentionDays: r.integer("logRetentionDays", prod ? 365 : environment === "staging" ? 90 : 30, 1, 3653),
        dbLogRetentionDays: r.integer("dbLogRetentionDays", prod ? 365 : environment === "staging" ? 90 : 30, 1, 3653),
        // At least 50 ms: 0 would log every statement with its bound values.
        dbSlowStatementMs: r.integer("dbSlowStatementMs", 500, 50, 600000),
        alarmEmail,
        alarms: alarms.thresholds,
        secretsRotation: r.string("secretsRotation", "initial", rotationLabel, "use a short label such as 2026-11 (letters, digits, . _ -)"),
        secretsRotationPrevious: r.raw("secretsRotationPrevious"),
        trunkAuthTokenSet: r.raw("trunkAuthToken") !== undefined,
        amiId: r.raw("amiId"),
        sshPublicKey: r.raw("sshPublicKey"),
        provisionHosts: r.boolean("provisionHosts", true),
    };
    for (const name of ["flowLogRetentionDays", "logRetentionDays", "dbLogRetentionDays"] as const) {
        if (!logRetentionDays.includes(config[name])) {
            r.fail(name, `${config[name]} is not a CloudWatch Logs retention; use one of ${logRetentionDays.join(", ")}`);
        }
    }

    if (config.secretsRotationPrevious !== undefined) {
        if (!rotationLabel.test(config.secretsRotationPrevious)) r.fail("secretsRotationPrevious", `"${config.secretsRotationPrevious}" is not valid; use the label secretsRotation had before this rotation (letters, digits, . _ -)`);
        else if (config.secretsRotationPrevious === config.secretsRotation) r.fail("secretsRotationPrevious", `equals secretsRotation; set it to the label before the current one, or unset it to end the dual-key window`);
    }
    const trunkAuthToken = r.raw("trunkAuthToken");
    if (trunkAuthToken !== undefined && !trunkAuthTokenPattern.test(trunkAuthToken)) {
        // Never echo it: the value is a secret.
        r.fail("trunkAuthToken", "is not valid (value not shown: it is a secret); use the trunk provider's auth token as issued, 16-256 characters without whitespace, quotes or backslashes (Twilio: the 32-character auth token in the Console)");
    }

    if (config.amiId !== undefined && !/^ami-[0-9a-f]{8,17}$/.test(config.amiId)) {
        r.fail("amiId", `"${config.amiId}" is not an AMI id (ami-0123456789abcdef0); unset it to use Debian 12`);
    }
    if (config.sshPublicKey !== undefined && !/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+/.test(config.sshPublicKey)) {
        r.fail("sshPublicKey", "must be an OpenSSH public key line (ssh-ed25519 AAAA...); unset it to generate a key pair");
    }
    if (config.sshPublicKey !== undefined && config.provisionHosts && r.raw("sshPrivateKey") === undefined) {
        // Only presence is checked here: the value itself is read as a secret Output by the program.
        r.fail("sshPrivateKey", "is required with sshPublicKey so the provisioning push can log in; set it with `pulumi config set --secret sshPrivateKey < key`, or set provisionHosts to false");
    }
    if (r.problems.length > 0) throw new ConfigError(r.problems);
    return config;
}

/**
 * Reads the stack's configuration through Pulumi and validates it. Called first thing by the
 * program, so a bad value stops it before any resource is registered.
 */
export function loadStackConfig(): StackConfig {
    const namespaces = new Map<string, pulumi.Config>();
    // Placeholders only stop a real update: a preview, the tests and `npm run plan` (Pulumi's mock
    // runtime) deploy nothing and may plan the committed stacks as they are.
    const deploying = !pulumi.runtime.isDryRun() && !(pulumi.runtime.getMonitor() instanceof MockMonitor);
    return parseStackConfig((fullKey) => {
        const split = fullKey.indexOf(":");
        const namespace = fullKey.slice(0, split);
        if (!namespaces.has(namespace)) namespaces.set(namespace, new pulumi.Config(namespace));
        return namespaces.get(namespace)!.get(fullKey.slice(split + 1));
    }, { deploying });
}

/** Tags every resource carries; `role` adds the tag the policy pack identifies hosts by. */
export function resourceTags(config: Pick<StackConfig, "environment">, name: string, role?: Role): Record<string, string> {
    return {
        Name: name,
        Project: "irisx",
        Environment: config.environment,
        ManagedBy: "pulumi:irisx-infra",
        ...(role ? { [roleTagKey]: role } : {}),
    };
}
