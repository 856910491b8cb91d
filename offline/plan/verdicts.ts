/**
 * The policy gate as the plan uses it: offline/policy-gate.ts runs the pack in process through
 * the same functions @pulumi/policy uses to answer the engine's Analyze and AnalyzeStack calls.
 * Loaded lazily, so a bad config (exit 2) never pays for loading the pack.
 */
import * as fs from "fs";
import type { GateConfig } from "../policy-gate";
import type { RecordedResource } from "../mock-run";
import { UsageError } from "./exit-codes";
import { GateVerdict } from "./report";

export type PolicyConfig = GateConfig;

/**
 * Reads a policy-pack config file, the same JSON `pulumi preview --policy-pack-config <file>` and
 * pulumi/actions' `policyPackConfigs` take: policy name → level, or properties (+ level).
 */
export function readPolicyConfig(file: string): PolicyConfig {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new UsageError(`cannot read the policy config ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new UsageError(`the policy config ${file} must be a JSON object of policy name → level or settings`);
    }
    return parsed as PolicyConfig;
}

export async function evaluatePolicies(resources: readonly RecordedResource[], config?: PolicyConfig): Promise<GateVerdict[]> {
    const { runPolicyGate } = await import("../policy-gate");
    const verdicts = await runPolicyGate(resources, { config });
    return verdicts.map(({ policyName, enforcementLevel, urn, message }) => ({ policyName, enforcementLevel, urn, message }));
}
