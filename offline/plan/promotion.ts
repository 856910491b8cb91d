/**
 * Promotion from one stack to the next, offline: config diff, plan diff and the policy gate on
 * the target. The Pulumi CLI step lives in bin/promote.ts.
 */
import { ConfigDiff, diffConfig } from "./config-diff";
import { exitCodes } from "./exit-codes";
import { loadStackValues, reportFor, runStack, StackRef } from "./plan-stack";
import { PlanDiff, diffPlans } from "./plan-diff";
import { Progress, silentProgress } from "./progress";
import { PlanReport } from "./report";

export interface Promotion {
    readonly from: StackRef;
    readonly to: StackRef;
    readonly config: ConfigDiff;
    readonly plan: PlanDiff;
    /** The source's offline plan (what the exposure diagram of the promotion starts from). */
    readonly origin: PlanReport;
    /** The target's full offline plan, policy verdicts included. */
    readonly target: PlanReport;
    /** 0 when the target passes the gate, 1 on a mandatory violation. */
    readonly gateExitCode: number;
}

export async function comparePromotion(from: StackRef, to: StackRef, progress: Progress = silentProgress): Promise<Promotion> {
    // Config first: a bad key in either stack stops here (ConfigError) before any program runs.
    const config = diffConfig(loadStackValues(from.file), loadStackValues(to.file));
    const source = await runStack(from, progress);
    const destination = await runStack(to, progress);
    const origin = await reportFor(source, progress);
    const target = await reportFor(destination, progress);
    const plan = diffPlans(
        { environment: source.config.environment, resources: source.resources },
        { environment: destination.config.environment, resources: destination.resources },
    );
    return { from, to, config, plan, origin, target, gateExitCode: target.exitCode === exitCodes.ok ? exitCodes.ok : exitCodes.mandatoryViolation };
}
