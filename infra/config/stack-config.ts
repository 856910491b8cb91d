/** The validated stack configuration every component reads (parsed by index.ts from the schema table). */
import { AlarmThresholds } from "../monitoring/thresholds";
import { EdgeMode } from "../../facts/edge";
import { Environment } from "./schema";

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
    /** Hosts per role (facts/hosts.ts hostCountRange); host 0 keeps today's names. */
    readonly apiHosts: number;
    readonly freeswitchHosts: number;
    /** The bound on a removed FreeSWITCH host's drain (fsctl pause, then wait for zero channels). */
    readonly drainTimeoutSeconds: number;
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
    /** The API's public face: the host's own address, or an ALB with AWS WAF (facts/edge.ts). */
    readonly edge: EdgeMode;
    /** edge alb: the 443 listener's ACM certificate (or `hostedZoneId`, never both). */
    readonly certificateArn?: string;
    /** edge alb: the zone an ACM certificate is validated in and `domain`'s alias record lives in. */
    readonly hostedZoneId?: string;
    /** Requests per client address per 5 minutes before the web ACL's rate-based rule blocks. */
    readonly wafRateLimit: number;
    readonly wafLogRetentionDays: number;
    /** Where the stack's alarms are e-mailed (an SNS e-mail subscription the owner must confirm). */
    readonly alarmEmail: string;
    readonly alarms: AlarmThresholds;
    /**
     * Any label; changing it replaces the DB password, the Redis AUTH token, the FreeSWITCH
     * passwords and the API-key hashing secret (random keepers) and re-pushes what holds them, in one `pulumi up`.
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
