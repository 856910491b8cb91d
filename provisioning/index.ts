/**
 * The Pulumi entry: `new HostProvisioning(name, args, opts)` pushes every rendered file to every
 * host of both roles. It generates the FreeSWITCH secrets (ESL and default_password) itself, because both
 * hosts need the ESL password: FreeSWITCH to check it, the API app (api.env) to present it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { remote } from "@pulumi/command";
import { adminUser } from "../facts/ssh";
import { hostLabel } from "../facts/hosts";
import { ProvisioningConfig } from "./config";
import { PushUnit } from "./model";
import { fakeFreeswitchSecrets, previewHosts } from "./preview";
import { pushUnit, SshTarget } from "./push";
import { drainStep } from "./drain";
import { ApiHostSecrets, apiHostUnits } from "./roles/api";
import { FreeswitchHostSecrets, freeswitchHostUnits } from "./roles/freeswitch";

export interface HostAddresses {
    /** Elastic IP: the remote commands connect here; FreeSWITCH also advertises it in SIP/SDP. */
    readonly publicIp: pulumi.Input<string>;
    readonly privateIp: pulumi.Input<string>;
    readonly instanceId?: pulumi.Input<string>;
    /** The host's pinned SSH public key (Host.hostKey): no push connects without it. */
    readonly hostKey: pulumi.Input<string>;
}

export interface HostProvisioningArgs {
    readonly config: ProvisioningConfig;
    /** OpenSSH private key for both hosts (secret); the pushes log in as facts/ssh.ts adminUser. */
    readonly sshPrivateKey: pulumi.Input<string>;
    /** Every API host, host 0 first (config apiHosts). */
    readonly api: readonly HostAddresses[];
    /** Every FreeSWITCH host, host 0 first (config freeswitchHosts). */
    readonly freeswitch: readonly HostAddresses[];
    readonly database: {
        readonly address: pulumi.Input<string>;
        readonly port: pulumi.Input<number>;
        readonly username: pulumi.Input<string>;
        readonly password: pulumi.Input<string>;
        /** Defaults to "irisx". */
        readonly name?: pulumi.Input<string>;
    };
    readonly redis: {
        readonly address: pulumi.Input<string>;
        readonly port: pulumi.Input<number>;
        readonly authToken: pulumi.Input<string>;
    };
    readonly recordingsBucket: pulumi.Input<string>;
    /** The app's own secrets for api.env (infra/data/app-secrets.ts); the optional ones only when set. */
    readonly app: {
        readonly apiKeyHashSecret: pulumi.Input<string>;
        readonly apiKeyHashSecretPrevious?: pulumi.Input<string>;
        readonly trunkAuthToken?: pulumi.Input<string>;
    };
    /**
     * edge alb (required then): the WAF IP set the API host's nginx jails ban into, from the edge
     * component (aws.wafv2.IpSet name and id; its region).
     */
    readonly waf?: {
        readonly ipSetName: pulumi.Input<string>;
        readonly ipSetId: pulumi.Input<string>;
        readonly region: pulumi.Input<string>;
    };
}

/**
 * Secret units are rendered from the real values and stay secret. Units that depend on the hosts'
 * addresses but hold no secret (the FreeSWITCH firewall) come from `addressRender`, made with the
 * real addresses and no secrets (render.test.ts pins that non-secret units ignore the secrets), so
 * they stay readable. The others depend on stack config alone (render.test.ts pins that too), so
 * they come from the preview render: readable in state, and not waiting on RDS or Redis, which would
 * hold back nginx and fail2ban for the database's ten-minute create.
 */
function unitOutputs(shapes: PushUnit[], render: pulumi.Output<PushUnit[]>, addressRender?: pulumi.Output<PushUnit[]>): pulumi.Output<PushUnit>[] {
    return shapes.map((shape, i) => {
        if (shape.secret) return pulumi.secret(render.apply((units) => units[i]));
        if (shape.fromAddresses) {
            if (!addressRender) throw new Error(`push unit ${shape.name} depends on the hosts' addresses but has no address render`);
            return addressRender.apply((units) => units[i]);
        }
        return pulumi.output(shape);
    });
}

export class HostProvisioning extends pulumi.ComponentResource {
    /** The ESL password (secret), for anything else that must talk to FreeSWITCH's event socket. */
    readonly eslPassword: pulumi.Output<string>;
    /**
     * One Command per unit and host, keyed "api/nginx", "freeswitch/fail2ban" (host 0), "api-1/nginx" (host 1), …;
     * stdout says "updated" or "unchanged".
     */
    readonly pushes: Record<string, remote.Command>;
    /** Each FreeSWITCH host's drain step (only a delete command), keyed "freeswitch", "freeswitch-1", … */
    readonly drains: Record<string, remote.Command>;

    constructor(name: string, args: HostProvisioningArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:provisioning:HostProvisioning", name, {}, opts);
        const { config } = args;
        if (config.edge === "alb" && !args.waf) throw new Error("edge alb: HostProvisioning needs the WAF IP set (args.waf) the API host's fail2ban bans into");
        const user = adminUser;
        const password = (suffix: string, length: number) =>
            // Letters and digits only: the values land in XML attributes and FreeSWITCH's
            // X-PRE-PROCESS "name=value" data, where $, = and quotes have meaning.
            new random.RandomPassword(`${name}-${suffix}`, { keepers: { rotation: config.secretsRotation }, length, special: false }, { parent: this }).result;
        const esl = password("esl-password", 40);
        const defaultPassword = password("freeswitch-default-password", 32);
        this.eslPassword = pulumi.secret(esl);

        const shapes = previewHosts(config);
        const target = (host: HostAddresses): SshTarget => ({
            host: host.publicIp,
            privateKey: args.sshPrivateKey,
            user,
            hostKey: host.hostKey,
            instanceId: host.instanceId,
        });

        // Every API host gets the same api.env (every FreeSWITCH host's ESL endpoint), so it is rendered once.
        const fsPrivateIps = pulumi.all(args.freeswitch.map((h) => h.privateIp));
        const apiPrivateIps = pulumi.all(args.api.map((h) => h.privateIp));
        const apiValues = pulumi.all([args.database.address, args.database.port, args.database.username, args.database.name ?? "irisx",
            args.redis.address, args.redis.port, args.recordingsBucket, fsPrivateIps]);
        const { app } = args;
        const apiSecrets = pulumi.all([args.database.password, args.redis.authToken, esl, app.apiKeyHashSecret, app.apiKeyHashSecretPrevious, app.trunkAuthToken]).apply(
            ([dbPassword, redisAuthToken, eslPassword, apiKeyHashSecret, previous, trunkAuthToken]): ApiHostSecrets => ({
                dbPassword,
                redisAuthToken,
                eslPassword,
                apiKeyHashSecret,
                ...(previous !== undefined ? { apiKeyHashSecretPrevious: previous } : {}),
                ...(trunkAuthToken !== undefined ? { trunkAuthToken } : {}),
            }),
        );
        // edge alb: fail2ban's action names the edge's IP set, so that unit waits for it (and only for it).
        const waf = args.waf ? pulumi.all([args.waf.ipSetName, args.waf.ipSetId, args.waf.region]).apply(([ipSetName, ipSetId, region]) => ({ ipSetName, ipSetId, region })) : undefined;
        const apiUnits = unitOutputs(shapes.api,
            pulumi.all([apiValues, pulumi.secret(apiSecrets), waf]).apply(([[dbHost, dbPort, dbUser, dbName, redisHost, redisPort, bucket, fsIps], secrets, wafIpSet]) =>
                apiHostUnits(
                    {
                        config,
                        db: { host: dbHost, port: dbPort, user: dbUser, name: dbName },
                        redis: { host: redisHost, port: redisPort },
                        recordingsBucket: bucket,
                        freeswitchPrivateIps: fsIps,
                        ...(wafIpSet ? { waf: wafIpSet } : {}),
                    },
                    secrets,
                ),
            ),
            waf?.apply((wafIpSet) => previewHosts(config, undefined, wafIpSet).api),
        );

        const fsSecrets = pulumi.all([esl, defaultPassword]).apply(([eslPassword, dp]): FreeswitchHostSecrets => ({ eslPassword, defaultPassword: dp }));
        // Each FreeSWITCH host: its own addresses, and every API host's private address (ESL ACL, firewall).
        const fsUnits = args.freeswitch.map((fs) => {
            const fsValues = pulumi.all([fs.privateIp, fs.publicIp, apiPrivateIps]);
            return unitOutputs(shapes.freeswitch,
                pulumi.all([fsValues, pulumi.secret(fsSecrets)]).apply(([[privateIp, publicIp, apiIps], secrets]) =>
                    freeswitchHostUnits({ config, freeswitchPrivateIp: privateIp, freeswitchPublicIp: publicIp, apiPrivateIps: apiIps }, secrets),
                ),
                fsValues.apply(([privateIp, publicIp, apiIps]) =>
                    freeswitchHostUnits({ config, freeswitchPrivateIp: privateIp, freeswitchPublicIp: publicIp, apiPrivateIps: apiIps }, fakeFreeswitchSecrets),
                ),
            );
        });

        this.pushes = {};
        const pushHost = (host: string, addresses: HostAddresses, hostShapes: PushUnit[], units: pulumi.Output<PushUnit>[],
            alsoWaitFor: Record<string, pulumi.Resource[]> = {}) => {
            // Units of one host run one after another (the script also takes a host-wide lock).
            const given = opts?.dependsOn;
            let previous: pulumi.Input<pulumi.Resource>[] = Array.isArray(given) ? given : given ? [given as pulumi.Input<pulumi.Resource>] : [];
            hostShapes.forEach((shape, i) => {
                const dependsOn = [...previous, ...(alsoWaitFor[shape.name] ?? [])];
                const command = pushUnit(`${name}-${host}-${shape.name}`, { target: target(addresses), shape, unit: units[i], dependsOn }, this);
                this.pushes[`${host}/${shape.name}`] = command;
                previous = [command];
            });
        };
        this.drains = {};
        args.freeswitch.forEach((fs, i) => {
            const label = hostLabel("freeswitch", i);
            pushHost(label, fs, shapes.freeswitch, fsUnits[i]);
            // Removing the host runs this first (no new calls, wait for the live ones), bounded by config.
            // It also waits on the security groups' rules: a destroy keeps the SSH rule until it has run.
            this.drains[label] = drainStep(`${name}-${label}`, { target: target(fs), boundSeconds: config.drainTimeoutSeconds, dependsOn: opts?.dependsOn }, this);
        });
        // The app is handed a rotated ESL password only once every FreeSWITCH host accepts it.
        const fsConfigPushes = args.freeswitch.map((_, i) => this.pushes[`${hostLabel("freeswitch", i)}/freeswitch`]);
        args.api.forEach((api, i) => pushHost(hostLabel("api", i), api, shapes.api, apiUnits, { "api-env": fsConfigPushes }));
        this.registerOutputs({ eslPassword: this.eslPassword });
    }
}
