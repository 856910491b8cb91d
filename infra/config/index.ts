/**
 * Stack configuration: one typed object, validated before any resource is registered, read by the
 * schema table (schema.ts). `parseStackConfig` is pure (tests and the offline plan call it
 * directly); `loadStackConfig` reads the program's config from Pulumi.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cidr, cidrContains, isWorld, parseCidr } from "../../facts/cidr";
import { appPortProblem, environmentTagKey, maxAdminPrefix, Role, roleTagKey, twilioMediaCidrs, twilioSignallingCidrs } from "../../facts/ports";
import { planIngress } from "../../facts/ingress";
import { EdgeMode } from "../../facts/edge";
import { resolveThresholds } from "../monitoring/thresholds";
import { plainTextProblem, show } from "./grammars";
import { ConfigError, ConfigValues, Reader } from "./reader";
import { Environment, environments } from "./schema";
import { StackConfig } from "./stack-config";
import { unknownKeyProblems } from "./unknown-keys";

export { ConfigError, fullKey, projectName } from "./reader";
export type { ConfigProblem, ConfigValues } from "./reader";
export { environments } from "./schema";
export type { Environment } from "./schema";
export type { StackConfig } from "./stack-config";

/** AWS's default limit of inbound rules per security group. */
export const maxRulesPerSecurityGroup = 60;
/** CloudWatch Logs accepts only these retention periods. */
const logRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** RFC 5737 and RFC 3849: addresses reserved for documentation, used as placeholders in the committed stacks. */
export const documentationRanges = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"].map((text) => parseCidr(text)!);

/** RFC 2606 / RFC 6761 names that never deliver mail: the committed stacks' placeholder. */
const reservedMailDomain = /(^|\.)(example|test|invalid|localhost)$|(^|\.)example\.(com|net|org)$/i;

function adminCidrProblem(cidr: Cidr): string | undefined {
    if (isWorld(cidr)) return `opens SSH to the whole internet; list only your office or VPN ranges, e.g. 203.0.113.10/32`;
    const limit = maxAdminPrefix[cidr.family];
    if (cidr.prefix < limit) return `is broader than /${limit}; SSH must come from named admin ranges (a /${limit} or narrower)`;
    return undefined;
}

export interface ParseOptions {
    /**
     * A real `pulumi up`: refuse placeholder admin ranges and the example alarm address, which
     * would leave the operators locked out and the alarms going nowhere.
     */
    readonly deploying?: boolean;
}

/** A CIDR list by the table, non-empty, each entry passing `check`. */
function cidrList(r: Reader, name: string, fallback: readonly string[] | undefined, check: (cidr: Cidr) => string | undefined): readonly string[] {
    const values = r.list(name, fallback);
    if (values.length === 0 && !r.failed(name)) {
        r.fail(name, `must list at least one CIDR; an empty list would leave the port closed to everyone or, worse, invite someone to "fix" it with 0.0.0.0/0`);
    }
    for (const text of values) {
        const problem = check(parseCidr(text)!);
        if (problem) r.fail(name, `${show(text)} ${problem}`);
    }
    return values;
}

/** `alb` serves one certificate: from certificateArn, or requested in hostedZoneId. Both or neither is refused. */
function edgeProblems(r: Reader, config: StackConfig): void {
    if (config.edge !== "alb" || r.failed("certificateArn") || r.failed("hostedZoneId")) return;
    const given = [config.certificateArn, config.hostedZoneId].filter((v) => v !== undefined).length;
    if (given === 1) return;
    const message = given === 0
        ? "edge alb needs the 443 listener's certificate: set exactly one of certificateArn (an ACM certificate for domain) or hostedZoneId (the stack requests one, validated by DNS)"
        : "edge alb takes exactly one of certificateArn and hostedZoneId, not both: unset one";
    r.fail("certificateArn", message);
    r.fail("hostedZoneId", message);
}

/** Validates raw config into a `StackConfig`, or throws one `ConfigError` naming every bad key. */
export function parseStackConfig(values: ConfigValues, options: ParseOptions = {}): StackConfig {
    const probe = new Reader(values);
    const environment = probe.string("environment") as Environment;
    const r = new Reader(values, environments.includes(environment) ? environment : "dev");
    r.problems.push(...probe.problems, ...unknownKeyProblems(values));
    const region = r.string("aws:region");

    const appPort = r.integer("appPort");
    const portProblem = appPort !== 0 && !r.failed("appPort") ? appPortProblem(appPort) : undefined;
    if (portProblem) r.fail("appPort", portProblem);

    const domain = r.string("domain");
    const corsOrigins = r.list("corsOrigins", [`https://${domain}`]);
    const vpcCidr = r.string("vpcCidr");
    const vpc = parseCidr(vpcCidr);
    if (vpc && (vpc.family !== 4 || vpc.prefix < 16 || vpc.prefix > 22)) r.fail("vpcCidr", `${show(vpcCidr)} must be an IPv4 CIDR from /16 to /22 so it splits into four subnets`);

    const adminCidrs = cidrList(r, "adminCidrs", undefined, (cidr) =>
        adminCidrProblem(cidr) ??
        (options.deploying && documentationRanges.some((range) => cidrContains(range, cidr))
            ? `is a documentation address, the committed placeholder; before \`pulumi up\` set your office or VPN range: pulumi config set --path 'adminCidrs[0]' <cidr>`
            : undefined));
    // FreeSWITCH treats a match of the profile's inbound ACL as authentication, and the ACL is
    // built from this list: a world-wide entry would accept calls from anyone without a password.
    const sipSignallingPeers = cidrList(r, "sipSignallingPeers", twilioSignallingCidrs, (cidr) =>
        isWorld(cidr) ? `would let anyone place calls without a password (the SIP ACL counts as authentication); list your SIP trunk's signalling ranges` : undefined);
    const mediaPeers = cidrList(r, "mediaPeers", twilioMediaCidrs, () => undefined);
    const sipTls = r.boolean("sipTls");

    // The rule budget is counted on the rules the security groups will hold, not by hand.
    const rules = planIngress({ adminCidrs, sipSignallingPeers, mediaPeers, sipTls });
    for (const [role, key] of [["freeswitch", "sipSignallingPeers"], ["api", "adminCidrs"]] as const) {
        const count = rules.filter((rule) => rule.role === role).length;
        if (count > maxRulesPerSecurityGroup) {
            r.fail(key, `with the other source lists needs ${count} inbound rules on the ${role} security group, over AWS's default of ${maxRulesPerSecurityGroup}; move the peers into a managed prefix list`);
        }
    }

    const dbInstanceClass = r.string("dbInstanceClass");
    const alarmsRaw = Object.entries(r.map("alarms")).filter(([name, value]) => {
        const problem = typeof value === "string" ? plainTextProblem(value) : undefined;
        if (problem) r.fail(`alarms.${name}`, `${show(value as string)} ${problem}`);
        return problem === undefined;
    });
    const alarms = resolveThresholds(Object.fromEntries(alarmsRaw), environment, dbInstanceClass);
    for (const problem of alarms.problems) r.fail(`alarms.${problem.name}`, problem.message);
    const alarmEmail = r.string("alarmEmail");
    if (options.deploying && reservedMailDomain.test(alarmEmail.split("@")[1] ?? "")) {
        r.fail("alarmEmail", `${show(alarmEmail)} is a reserved example domain, the committed placeholder; alarms would reach nobody. Before \`pulumi up\` set the on-call address: pulumi config set alarmEmail <address>`);
    }

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
        apiInstanceType: r.string("apiInstanceType"),
        freeswitchInstanceType: r.string("freeswitchInstanceType"),
        apiHosts: r.integer("apiHosts"),
        freeswitchHosts: r.integer("freeswitchHosts"),
        drainTimeoutSeconds: r.integer("drainTimeoutSeconds"),
        dbInstanceClass,
        dbAllocatedStorageGb: r.integer("dbAllocatedStorageGb"),
        cacheNodeType: r.string("cacheNodeType"),
        multiAz: r.boolean("multiAz"),
        deletionProtection: r.boolean("deletionProtection"),
        backupRetentionDays: r.integer("backupRetentionDays"),
        snapshotRetentionDays: r.integer("snapshotRetentionDays"),
        flowLogRetentionDays: r.integer("flowLogRetentionDays"),
        recordingsExpireDays: r.integer("recordingsExpireDays"),
        recordingsNoncurrentExpireDays: r.integer("recordingsNoncurrentExpireDays"),
        logRetentionDays: r.integer("logRetentionDays"),
        dbLogRetentionDays: r.integer("dbLogRetentionDays"),
        dbSlowStatementMs: r.integer("dbSlowStatementMs"),
        edge: r.string("edge") as EdgeMode,
        certificateArn: r.optionalString("certificateArn"),
        hostedZoneId: r.optionalString("hostedZoneId"),
        wafRateLimit: r.integer("wafRateLimit"),
        wafLogRetentionDays: r.integer("wafLogRetentionDays"),
        alarmEmail,
        alarms: alarms.thresholds,
        secretsRotation: r.string("secretsRotation"),
        secretsRotationPrevious: r.optionalString("secretsRotationPrevious"),
        // Only whether it is set (validated below); the program reads the value as a secret Output.
        trunkAuthTokenSet: r.raw("trunkAuthToken") !== undefined,
        amiId: r.optionalString("amiId"),
        sshPublicKey: r.optionalString("sshPublicKey"),
        provisionHosts: r.boolean("provisionHosts"),
    };
    edgeProblems(r, config);
    for (const name of ["flowLogRetentionDays", "logRetentionDays", "dbLogRetentionDays", "wafLogRetentionDays"] as const) {
        if (!r.failed(name) && !logRetentionDays.includes(config[name])) {
            r.fail(name, `${config[name]} is not a CloudWatch Logs retention; use one of ${logRetentionDays.join(", ")}`);
        }
    }
    if (config.secretsRotationPrevious !== undefined && config.secretsRotationPrevious === config.secretsRotation) {
        r.fail("secretsRotationPrevious", "equals secretsRotation; set it to the label before the current one, or unset it to end the dual-key window");
    }
    // Validated here; the program reads these values itself as secret Outputs.
    r.optionalString("sshPrivateKey");
    r.optionalString("trunkAuthToken");
    if (config.sshPublicKey !== undefined && config.provisionHosts && r.raw("sshPrivateKey") === undefined) {
        r.fail("sshPrivateKey", "is required with sshPublicKey so the provisioning push can log in; set it with `pulumi config set --secret sshPrivateKey < key`, or set provisionHosts to false");
    }
    if (r.problems.length > 0) throw new ConfigError(r.problems);
    return config;
}

/**
 * The config key the offline runner (offline/mock-run.ts) sets, in a namespace of its own so no
 * stack file's key can collide with it: the program then knows it deploys nothing.
 */
export const offlineRunKey = "irisx-offline:run";

/**
 * Reads the stack's configuration through Pulumi (every key, so unknown ones are refused) and
 * validates it. Called first thing by the program, before any resource is registered.
 */
export function loadStackConfig(): StackConfig {
    // Placeholders only stop a real update: a preview, the tests and `npm run plan` (which says so
    // through offlineRunKey) deploy nothing and may plan the committed stacks as they are.
    const { [offlineRunKey]: offline, ...values } = pulumi.runtime.allConfig();
    const deploying = !pulumi.runtime.isDryRun() && offline !== "true";
    return parseStackConfig(values, { deploying });
}

/** Tags every resource carries; `role` adds the tag the policy pack identifies hosts by. */
export function resourceTags(config: Pick<StackConfig, "environment">, name: string, role?: Role): Record<string, string> {
    return {
        Name: name,
        Project: "irisx",
        [environmentTagKey]: config.environment,
        ManagedBy: "pulumi:irisx-infra",
        ...(role ? { [roleTagKey]: role } : {}),
    };
}
