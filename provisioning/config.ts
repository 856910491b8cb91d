/**
 * What the pushes need of a stack's settings. provisioning/ never reads config itself: infra/
 * validates the stack's config and hands over these fields (a StackConfig is one).
 */
import { EdgeMode } from "../facts/edge";

export interface ProvisioningConfig {
    /** The stack's environment name (dev, staging, prod): log group names and the app's NODE_ENV. */
    readonly environment: string;
    /** Port the app listens on, on 127.0.0.1 behind nginx. */
    readonly appPort: number;
    readonly domain: string;
    readonly corsOrigins: readonly string[];
    readonly vpcCidr: string;
    readonly sipSignallingPeers: readonly string[];
    readonly sipTls: boolean;
    /** With the two above: the ingress plan the host firewalls render (facts/ingress.ts). */
    readonly adminCidrs: readonly string[];
    readonly mediaPeers: readonly string[];
    /** Changing it re-pushes the units that hold generated secrets. */
    readonly secretsRotation: string;
    /** During a rotation's dual-key window: api.env also carries API_KEY_HASH_SECRET_PREVIOUS. */
    readonly secretsRotationPrevious?: string;
    /** How long removing a FreeSWITCH host waits for its calls to end after `fsctl pause`. */
    readonly drainTimeoutSeconds: number;
    /** api.env carries TRUNK_AUTH_TOKEN only when the secret is configured. */
    readonly trunkAuthTokenSet: boolean;
    /**
     * The API's public face (facts/edge.ts); undefined is direct. With alb, nginx trusts
     * X-Forwarded-For from the VPC and fail2ban's nginx jails ban into the WAF IP set.
     */
    readonly edge?: EdgeMode;
}
