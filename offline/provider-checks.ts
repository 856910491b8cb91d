/**
 * The input checks providers run at preview (their Check / Terraform validation) that Pulumi's mock
 * runtime skips, for every resource type the program registers, each with the upstream file or
 * issue it comes from. A type with no entry in `checks` has none we could source: its inputs reach
 * the real provider unchecked here. test/offline/provider-checks.test.ts keeps the table complete.
 */
import type { RecordedResource } from "./mock-run";
import { hasUnknown, resolveAssets, unwrapSecrets } from "./mock-preview";
import { isProviderType, types } from "../facts/resource-types";

export interface ProviderCheck {
    /** The input, as a path into the resource's inputs (`rules[].filter`). */
    readonly input: string;
    /** What the provider requires, in a line. */
    readonly rule: string;
    /** The upstream file (at the version we pin) or issue the check comes from. */
    readonly source: string;
    /** An error stops the preview; a warning is printed and the preview goes on. */
    readonly severity: "error" | "warning";
    /** Why these (asset-resolved, secret-unwrapped) inputs fail the check, or undefined. */
    readonly problem: (inputs: Record<string, any>) => string | undefined;
}

export interface ProviderChecks {
    readonly provider: string;
    readonly checks: readonly ProviderCheck[];
}

const commandSource = "pulumi/pulumi-command v1.2.1";

/** pulumi-go-provider's DefaultCheck fails a required field that is absent; an unknown passes. */
function requiredConnectionHost(inputs: Record<string, any>): string | undefined {
    const connection = inputs.connection;
    if (connection === undefined || connection === null) return "connection is missing";
    if (hasUnknown(connection) && typeof connection !== "object") return undefined;
    if (connection.__pulumiUnknown === true) return undefined;
    return connection.host === undefined || connection.host === null ? "connection.host is missing" : undefined;
}

const connectionHost: ProviderCheck = {
    input: "connection.host",
    rule: "required (unknown is accepted at preview)",
    source: `${commandSource} provider/pkg/provider/remote/connection.go (Host \`pulumi:"host"\`, no optional)`,
    severity: "error",
    problem: requiredConnectionHost,
};

/**
 * CopyToRemote.Check in 1.2.1: exactly one of asset or archive, an asset must be a path or text,
 * an archive a path. An unknown source decodes as neither, so a fresh-stack preview fails with
 * "either asset or archive must be set" (pulumi/pulumi-command #754, #1183; the fix, PR #1184,
 * is in no release).
 */
function copySourceProblem(inputs: Record<string, any>): string | undefined {
    const source = inputs.source;
    if (hasUnknown(source)) return "is unknown at preview: either asset or archive must be set";
    if (source?.__pulumiAsset) {
        if (typeof source.path === "string" || typeof source.text === "string") return undefined;
        return "asset must be a path-based file asset or a text asset";
    }
    if (source?.__pulumiArchive) return typeof source.path === "string" ? undefined : "archive must be a path to a file or directory";
    return "either asset or archive must be set";
}

/** terraform-provider-aws internal/service/rds/validate.go, validIdentifier. */
function rdsIdentifierProblem(value: unknown): string | undefined {
    if (typeof value !== "string") return undefined;
    if (!/^[0-9a-z-]+$/.test(value)) return "only lowercase alphanumeric characters and hyphens allowed";
    if (!/^[a-z]/.test(value)) return "first character must be a letter";
    if (value.includes("--")) return "cannot contain two consecutive hyphens";
    if (value.endsWith("-")) return "cannot end with a hyphen";
    return undefined;
}

/** As documented for `finalSnapshotIdentifier` in @pulumi/aws rds/instance.d.ts (the provider's schema docs). */
function finalSnapshotProblem(value: unknown): string | undefined {
    if (typeof value !== "string") return undefined;
    if (!/^[A-Za-z]/.test(value)) return "must begin with a letter";
    if (!/^[0-9A-Za-z-]+$/.test(value)) return "may only contain alphanumeric characters and hyphens";
    if (value.includes("--") || value.endsWith("-")) return "must not end with a hyphen or contain two consecutive hyphens";
    return undefined;
}

/** An empty object is sent to the provider as null (pulumi/pulumi-terraform-bridge #1106). */
const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);

/**
 * bucket_lifecycle_configuration.go: each rule WarnExactlyOneOfChildren(filter, prefix), each
 * filter WarnAtMostOneOfChildren(objectSizeGreaterThan, objectSizeLessThan, prefix, and, tag):
 * "This will be an error in a future version of the provider" (hashicorp/terraform-provider-aws
 * #41710, #42714: an empty `filter {}` draws it).
 */
function lifecycleFilterProblem(inputs: Record<string, any>): string | undefined {
    const rules: any[] = Array.isArray(inputs.rules) ? inputs.rules : [];
    for (const [i, rule] of rules.entries()) {
        const filter = rule?.filter;
        if (present(filter) === present(rule?.prefix)) return `rules[${i}] needs exactly one of filter or prefix (an empty filter {} counts as none)`;
        if (present(filter)) {
            const set = ["objectSizeGreaterThan", "objectSizeLessThan", "prefix", "and", "tag"].filter((k) => filter[k] !== undefined && filter[k] !== null);
            if (set.length > 1) return `rules[${i}].filter sets ${set.join(" and ")}; at most one is allowed`;
        }
    }
    return undefined;
}

/**
 * wafv2 rateBasedStatementSchema: limit IntBetween(10, 2000000000), evaluation_window_sec
 * IntInSlice(60, 120, 300, 600); SDK ValidateFuncs run at plan, so a preview fails on them.
 */
function rateStatementProblem(inputs: Record<string, any>): string | undefined {
    const rules: any[] = Array.isArray(inputs.rules) ? inputs.rules : [];
    for (const [i, rule] of rules.entries()) {
        const rate = rule?.statement?.rateBasedStatement;
        if (!rate || hasUnknown(rate)) continue;
        if (typeof rate.limit !== "number" || rate.limit < 10 || rate.limit > 2000000000) return `rules[${i}].statement.rateBasedStatement.limit ${rate.limit} is not from 10 to 2000000000`;
        if (rate.evaluationWindowSec !== undefined && ![60, 120, 300, 600].includes(rate.evaluationWindowSec)) return `rules[${i}].statement.rateBasedStatement.evaluationWindowSec must be 60, 120, 300 or 600`;
    }
    return undefined;
}

const tfAws = "hashicorp/terraform-provider-aws";
const noneSourced = (provider: string): ProviderChecks => ({ provider, checks: [] });

/** Every resource type the program registers → the preview checks its provider runs. */
export const providerChecks: Readonly<Record<string, ProviderChecks>> = {
    [types.copyToRemote]: {
        provider: "command",
        checks: [
            {
                input: "source",
                rule: "a known FileAsset or StringAsset, or a FileArchive",
                source: `${commandSource} provider/pkg/provider/remote/copyController.go (CopyToRemote.Check); issues #754, #1183; fix PR #1184 unreleased`,
                severity: "error",
                problem: copySourceProblem,
            },
            connectionHost,
        ],
    },
    [types.remoteCommand]: { provider: "command", checks: [connectionHost] },
    [types.rdsInstance]: {
        provider: "aws",
        checks: [
            { input: "identifier", rule: "lowercase letters, digits, hyphens; starts with a letter; no '--', no trailing '-'", source: `${tfAws} internal/service/rds/validate.go (validIdentifier)`, severity: "error", problem: (i) => rdsIdentifierProblem(i.identifier) },
            { input: "finalSnapshotIdentifier", rule: "starts with a letter; letters, digits, hyphens; no '--', no trailing '-'", source: "@pulumi/aws 7.48 rds/instance.d.ts (finalSnapshotIdentifier), from the provider's schema", severity: "error", problem: (i) => finalSnapshotProblem(i.finalSnapshotIdentifier) },
        ],
    },
    [types.bucketLifecycle]: {
        provider: "aws",
        checks: [
            {
                input: "rules[].filter",
                rule: "exactly one of filter or prefix per rule; at most one criterion per filter",
                source: `${tfAws} internal/service/s3/bucket_lifecycle_configuration.go (WarnExactlyOneOfChildren, WarnAtMostOneOfChildren); issues #41710, #42714; pulumi/pulumi-terraform-bridge #1106`,
                severity: "warning",
                problem: lifecycleFilterProblem,
            },
        ],
    },
    [types.webAcl]: {
        provider: "aws",
        checks: [
            {
                input: "rules[].statement.rateBasedStatement",
                rule: "limit from 10 to 2,000,000,000; evaluationWindowSec 60, 120, 300 or 600",
                source: "hashicorp/terraform-provider-aws internal/service/wafv2/schemas.go (rateBasedStatementSchema)",
                severity: "error",
                problem: rateStatementProblem,
            },
        ],
    },
    ...Object.fromEntries(
        [
            types.logGroup, types.logMetricFilter, types.metricAlarm,
            types.defaultSecurityGroup, types.eip, types.flowLog, types.instance,
            types.internetGateway, types.keyPair, types.routeTable,
            types.routeTableAssociation, types.securityGroup, types.subnet, types.vpc,
            types.replicationGroup, types.elasticacheSubnetGroup, types.iamInstanceProfile,
            types.iamRole, types.iamRolePolicy, types.iamRolePolicyAttachment,
            types.rdsParameterGroup, types.rdsSubnetGroup, types.bucket,
            types.bucketOwnershipControls, types.bucketPolicy, types.bucketPublicAccessBlock,
            types.bucketSse, types.bucketVersioning,
            types.snsTopic, types.snsSubscription,
            types.securityGroupEgressRule, types.securityGroupIngressRule,
            // edge alb (infra/edge/): no preview-time check of theirs that our inputs come near has been sourced.
            types.loadBalancer, types.listener, types.targetGroup, types.targetGroupAttachment,
            types.ipSet, types.webAclAssociation, types.webAclLoggingConfiguration,
            types.certificate, types.certificateValidation, types.route53Record,
        ].map((type) => [type, noneSourced("aws")]),
    ),
    [types.randomPassword]: noneSourced("random"),
    [types.randomId]: noneSourced("random"),
    [types.privateKey]: noneSourced("tls"),
};

export interface ProviderCheckViolation {
    /** Logical name and type of the resource. */
    readonly resource: string;
    readonly type: string;
    readonly urn: string;
    readonly input: string;
    readonly reason: string;
    readonly source: string;
    readonly severity: ProviderCheck["severity"];
}

/**
 * Runs the table over recorded inputs (typically a preview's). A custom resource of a type the
 * table does not list is itself a violation: its provider's checks have not been looked at.
 */
export async function checkProviderInputs(resources: readonly RecordedResource[]): Promise<ProviderCheckViolation[]> {
    const violations: ProviderCheckViolation[] = [];
    for (const r of resources) {
        if (!r.custom || isProviderType(r.type)) continue;
        const entry = providerChecks[r.type];
        const base = { resource: r.name, type: r.type, urn: r.urn };
        if (!entry) {
            violations.push({ ...base, input: "*", reason: "type not in the provider-check table (offline/provider-checks.ts)", source: "", severity: "error" });
            continue;
        }
        if (entry.checks.length === 0) continue;
        const inputs = unwrapSecrets(await resolveAssets(r.inputs));
        for (const check of entry.checks) {
            const reason = check.problem(inputs);
            if (reason) violations.push({ ...base, input: check.input, reason, source: check.source, severity: check.severity });
        }
    }
    return violations;
}

/** One line per violation: `<resource> (<type>) <input>: <reason> [<source>]`. */
export function violationText(v: Omit<ProviderCheckViolation, "urn">): string {
    return `${v.severity} ${v.resource} (${v.type}) ${v.input}: ${v.reason}${v.source ? ` [${v.source}]` : ""}`;
}
