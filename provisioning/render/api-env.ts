/**
 * /etc/irisx/api.env: the API app's environment (systemd EnvironmentFile syntax), the platform's
 * side of the app's contract (README "What the application must do"). It holds the database
 * password, the Redis AUTH token and the app's own secrets, so it is mode 0600 and secret end to end.
 */
import { token } from "./guard";
import { appListenAddress } from "../../facts/ports";
import { hashHeader } from "./header";

export interface ApiEnvInput {
    readonly appPort: number;
    /** The public https origin clients (and the trunk's webhooks) use: signatures are computed over it. */
    readonly publicBaseUrl: string;
    readonly corsOrigins: readonly string[];
    readonly db: { readonly host: string; readonly port: number; readonly user: string; readonly name: string };
    readonly redis: { readonly host: string; readonly port: number };
    readonly recordingsBucket: string;
    /**
     * Every FreeSWITCH host's event socket on its private IP, host 0 first (the app drives calls
     * through them). Never empty: FREESWITCH_ESL_HOST/PORT keep naming host 0.
     */
    readonly esl: readonly { readonly host: string; readonly port: number }[];
}

export interface ApiEnvSecrets {
    readonly dbPassword: string;
    readonly redisAuthToken: string;
    readonly eslPassword: string;
    /** HMAC key for stored API-key hashes. */
    readonly apiKeyHashSecret: string;
    /** The previous rotation's key, during the dual-key window only. */
    readonly apiKeyHashSecretPrevious?: string;
    /** The SIP trunk's auth token (webhook signatures), when configured. */
    readonly trunkAuthToken?: string;
}

/** Lines are KEY=value with no quoting, so every value must be free of whitespace, quotes and `\`. */
const plain = /^[^\s"'\\]*$/;

export function databaseUrl(db: ApiEnvInput["db"], password: string): string {
    const user = encodeURIComponent(db.user);
    return `postgres://${user}:${encodeURIComponent(password)}@${db.host}:${db.port}/${encodeURIComponent(db.name)}?sslmode=require`;
}

export function redisUrl(redis: ApiEnvInput["redis"], token: string): string {
    // ElastiCache with in-transit encryption: TLS (rediss://) and the AUTH token as the password.
    return `rediss://:${encodeURIComponent(token)}@${redis.host}:${redis.port}`;
}

export function renderApiEnv(input: ApiEnvInput, secrets: ApiEnvSecrets): string {
    const optional = (name: string, value: string | undefined): (readonly [string, string])[] => (value === undefined ? [] : [[name, value]]);
    const eslEndpoints = input.esl;
    if (eslEndpoints.length === 0) throw new Error("api.env: no FreeSWITCH event socket to name");
    const vars: readonly (readonly [string, string])[] = [
        ["NODE_ENV", "production"],
        // Loopback only: nginx is the one way in, and the host firewall drops the port anyway.
        ["HOST", appListenAddress],
        ["PORT", String(input.appPort)],
        ["PUBLIC_BASE_URL", input.publicBaseUrl],
        // Comma-separated: only what `scheme://host[:port]` needs, so an origin can never become two.
        ["CORS_ORIGINS", input.corsOrigins.map((origin) => token("api.env CORS_ORIGINS", origin, /^[A-Za-z0-9.:/[\]-]{1,300}$/)).join(",")],
        ["DATABASE_URL", databaseUrl(input.db, secrets.dbPassword)],
        ["REDIS_URL", redisUrl(input.redis, secrets.redisAuthToken)],
        ["RECORDINGS_BUCKET", input.recordingsBucket],
        // Host 0, as before there were several; FREESWITCH_ESL_ENDPOINTS lists every host (host:port, comma-separated).
        ["FREESWITCH_ESL_HOST", eslEndpoints[0].host],
        ["FREESWITCH_ESL_PORT", String(eslEndpoints[0].port)],
        ["FREESWITCH_ESL_ENDPOINTS", eslEndpoints.map((e) => `${e.host}:${e.port}`).join(",")],
        ["FREESWITCH_ESL_PASSWORD", secrets.eslPassword],
        ["API_KEY_HASH_SECRET", secrets.apiKeyHashSecret],
        ...optional("API_KEY_HASH_SECRET_PREVIOUS", secrets.apiKeyHashSecretPrevious),
        ...optional("TRUNK_AUTH_TOKEN", secrets.trunkAuthToken),
    ];
    for (const [name, value] of vars) {
        // Never echo the value: it may be the secret.
        if (!plain.test(value)) throw new Error(`api.env: ${name} would contain whitespace, a quote or a backslash`);
    }
    return hashHeader("provisioning/render/api-env.ts") + vars.map(([name, value]) => `${name}=${value}`).join("\n") + "\n";
}
