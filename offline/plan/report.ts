/** The plan of one stack as data: what `render-text` prints and `render-json` serialises. */
import { appPortTagKey } from "../../facts/ports";
import { types } from "../../facts/resource-types";
import { StackConfig } from "../../infra/config";
import { CostEstimate, estimateCost } from "../cost/estimate";
import type { Verdict as PackVerdict } from "../policy-gate";
import { AlarmPlan, collectAlarms } from "./alarms";
import { DeployEstimate, estimateDeployTime } from "./deploy-time";
import { exitCodes } from "./exit-codes";
import { HostExposure, NamedRanges } from "./exposure-model";
import type { HostChanges } from "./host-changes";
import { FreshPreviewReport } from "./fresh-preview";
import { computeExposure, dataTierTypes, namedRanges } from "./exposure";
import { PlanResource, tagOf } from "./resource";
import { PortScore, portSecurityScore } from "./score";
import { Summary, summarise } from "./summary";

/** One policy result as the gate reports it (same analyzer code path as the CLI). */
/** What the plan keeps of the gate's verdict. */
export type GateVerdict = Pick<PackVerdict, "policyName" | "enforcementLevel" | "urn" | "message">;

/** The gate's verdict, with the resource it names spelled out for the plan's tables. */
export interface Verdict extends GateVerdict {
    /** Resource name and type from the URN ("(stack)" for a stack-wide verdict without one). */
    readonly resource: string;
    readonly resourceType: string;
}

export type PlanStatus = "clean" | "mandatory-violation";

export interface PlanReport {
    readonly stack: string;
    readonly stackFile: string;
    readonly environment: string;
    readonly appPort: number;
    readonly status: PlanStatus;
    readonly exitCode: number;
    readonly summary: Summary;
    readonly exposure: readonly HostExposure[];
    /** PostgreSQL and Redis, as the same tables (the pack's model, role db and cache). */
    readonly dataTier: readonly HostExposure[];
    /** What the exposure's CIDR sources are called (the diagram's source groups). */
    readonly sourceRanges: readonly NamedRanges[];
    readonly verdicts: { readonly mandatory: readonly Verdict[]; readonly advisory: readonly Verdict[] };
    /** Whether the stack's first `pulumi preview` would pass the providers' input checks. */
    readonly freshPreview: FreshPreviewReport;
    /** Estimated monthly cost from the registered resources and offline/cost/prices.ts. */
    readonly cost: CostEstimate;
    readonly score: PortScore;
    readonly alarms: AlarmPlan;
    readonly deployTime: DeployEstimate;
    /** With `--stack-file` for a committed stack: the hosts the change adds and removes. */
    readonly hostChanges?: HostChanges;
}

/** `urn:pulumi:<stack>::<project>::<parent$>type::name` → name and type. */
export function splitUrn(urn: string | undefined): { name: string; type: string } {
    if (!urn) return { name: "(stack)", type: "" };
    const parts = urn.split("::");
    const name = parts.length >= 4 ? parts.slice(3).join("::") : urn;
    const type = parts.length >= 3 ? parts[2].split("$").pop() ?? "" : "";
    return { name, type };
}

export function toVerdict(v: GateVerdict): Verdict {
    const { name, type } = splitUrn(v.urn);
    return { ...v, resource: name, resourceType: type };
}

/** The app port as registered (the API instance's `irisx:app-port` tag), else the config's. */
export function registeredAppPort(resources: readonly PlanResource[], config: Pick<StackConfig, "appPort">): number {
    for (const r of resources) {
        if (r.type !== types.instance) continue;
        const tagged = Number(tagOf(r, appPortTagKey));
        if (Number.isInteger(tagged) && tagged > 0) return tagged;
    }
    return config.appPort;
}

export interface ReportInput {
    readonly stack: string;
    readonly stackFile: string;
    readonly config: StackConfig;
    readonly resources: readonly PlanResource[];
    readonly verdicts: readonly GateVerdict[];
    readonly freshPreview: FreshPreviewReport;
}

const byPolicyThenResource = (a: Verdict, b: Verdict) => a.policyName.localeCompare(b.policyName) || a.resource.localeCompare(b.resource);

export function buildReport(input: ReportInput): PlanReport {
    const appPort = registeredAppPort(input.resources, input.config);
    const exposure = computeExposure(input.resources, appPort);
    const verdicts = input.verdicts.filter((v) => v.enforcementLevel !== "disabled").map(toVerdict);
    const mandatory = verdicts.filter((v) => v.enforcementLevel === "mandatory").sort(byPolicyThenResource);
    const advisory = verdicts.filter((v) => v.enforcementLevel !== "mandatory").sort(byPolicyThenResource);
    const status: PlanStatus = mandatory.length > 0 ? "mandatory-violation" : "clean";
    return {
        stack: input.stack,
        stackFile: input.stackFile,
        environment: input.config.environment,
        appPort,
        status,
        exitCode: status === "clean" ? exitCodes.ok : exitCodes.mandatoryViolation,
        summary: summarise(input.resources),
        exposure,
        dataTier: computeExposure(input.resources, appPort, dataTierTypes),
        sourceRanges: namedRanges(input.config),
        verdicts: { mandatory, advisory },
        freshPreview: input.freshPreview,
        score: portSecurityScore({ appPort, hosts: exposure }),
        alarms: collectAlarms(input.resources),
        deployTime: estimateDeployTime(input.resources),
        cost: estimateCost(input.resources, input.config.region),
    };
}
