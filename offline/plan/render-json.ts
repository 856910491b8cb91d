/** The plan as one JSON document for CI (`--json`); bad config is a document too. */
import { exitCodes, isConfigError } from "./exit-codes";
import { PlanReport } from "./report";

/** Bumped when a field is renamed or removed; new fields may appear without a bump. */
export const planSchema = "irisx-plan/v1";

export function renderJson(report: PlanReport): string {
    return JSON.stringify({ schema: planSchema, ...report }, null, 2) + "\n";
}

export interface FailureDocument {
    readonly stack: string;
    readonly stackFile?: string;
    readonly error: Error;
}

/** Exit-2 failures (bad config, unknown stack, bad arguments) as a document CI can parse. */
export function renderJsonFailure(failure: FailureDocument): string {
    const { error } = failure;
    return (
        JSON.stringify(
            {
                schema: planSchema,
                stack: failure.stack,
                ...(failure.stackFile ? { stackFile: failure.stackFile } : {}),
                status: isConfigError(error) ? "bad-config" : "bad-usage",
                exitCode: exitCodes.badConfig,
                error: {
                    kind: isConfigError(error) ? "config" : "usage",
                    message: error.message,
                    problems: isConfigError(error) ? error.problems : [],
                },
            },
            null,
            2,
        ) + "\n"
    );
}
