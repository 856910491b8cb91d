/**
 * Every config key the program reads, once: type, default per environment, rule, description.
 * This table drives the parser (index.ts), the unknown-key check, README's "Stack config
 * reference" and the comments of Pulumi.yaml's config block (docs.ts; a test keeps them in sync).
 */
import { GrammarName } from "./grammars";
import { thresholdLimits } from "../monitoring/thresholds";
import { hostCountRange } from "../../facts/hosts";

export const environments = ["dev", "staging", "prod"] as const;
export type Environment = (typeof environments)[number];

/** One value for every environment, or one per environment. */
export type PerEnvironment<T> = T | { readonly [E in Environment]: T };

export type ConfigType = "string" | "integer" | "boolean" | "list" | "map";

export interface ConfigKey {
    /** `irisx-infra:` keys by bare name; other namespaces in full (`aws:region`). */
    readonly key: string;
    readonly type: ConfigType;
    /** "required", a value (per environment), or a sentence for a default derived from other keys. */
    readonly default: "required" | "optional" | PerEnvironment<string | number | boolean | readonly string[]> | { readonly derived: string };
    /** Strings and list items: the grammar each value passes. */
    readonly grammar?: GrammarName;
    /** Integers: inclusive limits. */
    readonly range?: readonly [number, number];
    /** The rule in words, beyond type, grammar and range. */
    readonly rule: string;
    readonly description: string;
    /** Declared in Pulumi.yaml (required of every stack). */
    readonly declared?: boolean;
    /** Read as a secret by the program; its value is never shown. */
    readonly secret?: boolean;
}

const retention = "a CloudWatch Logs retention value";
const byEnvironment = <T>(prod: T, staging: T, dev: T) => ({ prod, staging, dev });

export const configKeys: readonly ConfigKey[] = [
    { key: "aws:region", type: "string", default: "required", grammar: "region", rule: "", description: "AWS region of every resource (the AWS provider's own key)." },
    { key: "environment", type: "string", default: "required", grammar: "environment", declared: true, rule: "prod turns on the prod defaults below", description: "dev, staging or prod. prod turns on Multi-AZ, deletion protection and longer retention by default." },
    { key: "appPort", type: "integer", default: "required", range: [1, 65535], declared: true, rule: "not common (80, 443, 8000, 8080, 3000, 5000, 22, 21, 23, 25, 53, 110), not privileged, not one of the port table's", description: "Port the API listens on at 127.0.0.1 behind nginx (9847 dev, 9848 staging, 9849 prod). Never a common or privileged port." },
    { key: "domain", type: "string", default: "required", grammar: "hostname", declared: true, rule: "", description: "Public DNS name of the API (nginx server_name and the Let's Encrypt certificate)." },
    { key: "adminCidrs", type: "list", default: "required", grammar: "cidr", declared: true, rule: "never `/0`, nothing broader than IPv4 /24 or IPv6 /56; `up` refuses documentation ranges", description: "Sources allowed to SSH to both hosts. Never 0.0.0.0/0 or ::/0; nothing broader than an IPv4 /24 or IPv6 /56." },
    { key: "alarmEmail", type: "string", default: "required", grammar: "email", declared: true, rule: "`up` refuses example domains", description: "On-call address the stack's alarms are e-mailed to (confirm AWS's subscription mail). `pulumi up` refuses the committed example." },
    { key: "corsOrigins", type: "list", default: { derived: "`https://<domain>`" }, grammar: "origin", rule: "no wildcard", description: "Origins the API accepts." },
    { key: "vpcCidr", type: "string", default: "10.0.0.0/16", grammar: "cidr", rule: "IPv4 /16 to /22 (splits into four subnets)", description: "IPv4 CIDR of the VPC." },
    { key: "sipSignallingPeers", type: "list", default: { derived: "Twilio's eight signalling /30s" }, grammar: "cidr", rule: "never `/0` (FreeSWITCH's inbound ACL counts as authentication)", description: "SIP trunk signalling ranges allowed on 5060/5061 and in FreeSWITCH's inbound ACL." },
    { key: "mediaPeers", type: "list", default: { derived: "Twilio's `168.86.128.0/18`" }, grammar: "cidr", rule: "RTP sources; with the other lists within the security group's rule budget", description: "Sources allowed to send RTP to 16384-32768/udp." },
    { key: "sipTls", type: "boolean", default: false, rule: "turn on once `/etc/freeswitch/tls` holds FreeSWITCH's certificate", description: "Open SIP over TLS (5061/tcp) to the signalling peers, TLS 1.2/1.3 in the SIP profile and mandatory SRTP." },
    { key: "apiInstanceType", type: "string", default: "t3.small", grammar: "ec2InstanceType", rule: "x86_64 (the AMI is Debian 12 amd64)", description: "EC2 type of the API host." },
    { key: "freeswitchInstanceType", type: "string", default: "c6i.large", grammar: "ec2InstanceType", rule: "x86_64 (the AMI is Debian 12 amd64)", description: "EC2 type of the FreeSWITCH host." },
    { key: "apiHosts", type: "integer", default: 1, range: hostCountRange, rule: "hosts alternate between the two AZs; host 0 keeps its names when the count grows", description: "Number of API hosts, each with its own Elastic IP, instance profile, status alarm and pushes." },
    { key: "freeswitchHosts", type: "integer", default: 1, range: hostCountRange, rule: "hosts alternate between the two AZs; a removed host is drained first (drainTimeoutSeconds)", description: "Number of FreeSWITCH hosts; every one is an origination URI of the SIP trunk (output freeswitchSipUris)." },
    // Long enough for a typical call to end in prod; short in dev, where nobody waits on a test call.
    { key: "drainTimeoutSeconds", type: "integer", default: byEnvironment(900, 300, 60), range: [10, 3600], rule: "at the bound the host goes with the calls it still carries", description: "How long removing a FreeSWITCH host waits, after `fsctl pause` stops new calls, for its active channels to reach zero." },
    { key: "dbInstanceClass", type: "string", default: "db.t4g.micro", grammar: "rdsInstanceClass", rule: "", description: "RDS instance class." },
    { key: "dbAllocatedStorageGb", type: "integer", default: 20, range: [20, 65536], rule: "", description: "RDS storage in GiB." },
    { key: "cacheNodeType", type: "string", default: "cache.t4g.micro", grammar: "cacheNodeType", rule: "", description: "ElastiCache node type." },
    { key: "multiAz", type: "boolean", default: byEnvironment(true, false, false), rule: "", description: "Multi-AZ RDS and Redis automatic failover." },
    { key: "deletionProtection", type: "boolean", default: byEnvironment(true, false, false), rule: "", description: "RDS deletion protection." },
    { key: "backupRetentionDays", type: "integer", default: byEnvironment(14, 7, 7), range: [7, 35], rule: "", description: "RDS automated backup retention in days." },
    { key: "snapshotRetentionDays", type: "integer", default: byEnvironment(7, 1, 1), range: [1, 35], rule: "", description: "Redis snapshot retention in days." },
    { key: "flowLogRetentionDays", type: "integer", default: byEnvironment(365, 30, 30), range: [1, 3653], rule: retention, description: "CloudWatch retention of the VPC flow logs." },
    { key: "recordingsExpireDays", type: "integer", default: 90, range: [1, 3650], rule: "", description: "Days before a current recording expires." },
    { key: "recordingsNoncurrentExpireDays", type: "integer", default: 30, range: [1, 3650], rule: "", description: "Days before an overwritten or deleted recording version expires." },
    { key: "logRetentionDays", type: "integer", default: byEnvironment(365, 90, 30), range: [1, 3653], rule: retention, description: "CloudWatch retention of the hosts' logs (auth, fail2ban, nginx, FreeSWITCH)." },
    { key: "dbLogRetentionDays", type: "integer", default: byEnvironment(365, 90, 30), range: [1, 3653], rule: retention, description: "CloudWatch retention of the PostgreSQL log RDS exports (failed logins, slow statements)." },
    // At least 50 ms: 0 would log every statement with its bound values.
    { key: "dbSlowStatementMs", type: "integer", default: 500, range: [50, 600000], rule: "logged with the statement's text and values", description: "PostgreSQL log_min_duration_statement: statements running at least this many ms are logged." },
    // The API's public face (issue 16): the ALB + WAF keys mean nothing in direct mode.
    { key: "edge", type: "string", default: "direct", grammar: "edgeMode", rule: "`alb` needs exactly one of `certificateArn` or `hostedZoneId`", description: "direct: the API host's own Elastic IP, nginx terminates TLS. alb: an internet-facing Application Load Balancer with AWS WAF in front of every API host, which then take 443 from the load balancer only." },
    { key: "certificateArn", type: "string", default: "optional", grammar: "acmCertificateArn", rule: "with `edge: alb`, instead of `hostedZoneId`", description: "An ACM certificate for `domain` in the stack's region, served by the load balancer's 443 listener." },
    { key: "hostedZoneId", type: "string", default: "optional", grammar: "route53ZoneId", rule: "with `edge: alb`, instead of `certificateArn`", description: "The Route 53 public zone of `domain`: the stack requests an ACM certificate validated by DNS there, and points `domain` at the load balancer (alias record)." },
    { key: "wafRateLimit", type: "integer", default: 2000, range: [10, 2000000000], rule: "AWS WAF's limit range (10 to 2,000,000,000)", description: "Requests one client address may send in 5 minutes before the web ACL's rate-based rule blocks it (edge: alb)." },
    { key: "wafLogRetentionDays", type: "integer", default: byEnvironment(365, 90, 30), range: [1, 3653], rule: retention, description: "CloudWatch retention of the web ACL's request logs (`aws-waf-logs-<stack>`, edge: alb)." },
    { key: "alarms", type: "map", default: { derived: "per environment (see \"Monitoring and alarms\")" }, rule: `keys ${Object.keys(thresholdLimits).join(", ")}; whole numbers within each threshold's limits`, description: "Alarm thresholds, e.g. alarms.sshAuthFailures (defaults per environment in infra/monitoring/thresholds.ts)." },
    { key: "secretsRotation", type: "string", default: "initial", grammar: "label", rule: "a new one rotates the passwords", description: "Rotation label; changing it replaces the DB password, Redis AUTH token, FreeSWITCH passwords and the API-key hashing secret." },
    { key: "secretsRotationPrevious", type: "string", default: "optional", grammar: "label", rule: "not the current label", description: "The label before secretsRotation during a rotation's dual-key window: its API-key hashing secret stays in api.env as API_KEY_HASH_SECRET_PREVIOUS." },
    { key: "trunkAuthToken", type: "string", default: "optional", grammar: "trunkAuthToken", secret: true, rule: "", description: "The SIP trunk provider's auth token (Twilio's), for webhook signature checks; in api.env as TRUNK_AUTH_TOKEN only when set (set with --secret)." },
    { key: "amiId", type: "string", default: "optional", grammar: "amiId", rule: "", description: "AMI override for both hosts (default: the newest official Debian 12 AMI)." },
    { key: "sshPublicKey", type: "string", default: "optional", grammar: "opensshPublicKey", rule: "with `sshPrivateKey`, or with `provisionHosts: false`", description: "OpenSSH public key for both hosts (default: a generated ed25519 key pair, private key kept secret in state)." },
    { key: "sshPrivateKey", type: "string", default: "optional", grammar: "opensshPrivateKey", secret: true, rule: "required with `sshPublicKey` unless `provisionHosts` is false", description: "The private half of sshPublicKey, for the provisioning push (set with --secret)." },
    { key: "provisionHosts", type: "boolean", default: true, rule: "the deploying machine must be inside `adminCidrs`", description: "Push nginx, fail2ban, FreeSWITCH and api.env configs over SSH during `up`." },
];

const byKey = new Map(configKeys.map((entry) => [entry.key, entry]));

/** The table's entry for `key` (bare project key or `aws:…`); throws for a key not in the table. */
export function configKey(key: string): ConfigKey {
    const entry = byKey.get(key);
    if (!entry) throw new Error(`${key} is not in infra/config/schema.ts`);
    return entry;
}

/** The default of `entry` for one environment (undefined when required, optional or derived). */
export function defaultFor(entry: ConfigKey, environment: Environment): string | number | boolean | readonly string[] | undefined {
    const value = entry.default;
    if (value === "required" || value === "optional" || (typeof value === "object" && "derived" in value)) return undefined;
    if (typeof value === "object" && !Array.isArray(value) && "prod" in value) return (value as Record<Environment, string | number | boolean | readonly string[]>)[environment];
    return value as string | number | boolean | readonly string[];
}
