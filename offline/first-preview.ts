/**
 * The previews the mock runtime can stand in for, checked against the provider-check table:
 * a fresh stack's first `pulumi preview` (everything computed unknown) and the preview of a
 * `secretsRotation` change to an existing stack (the new random values unknown, the rest known).
 */
import { MockedRun, runMocked, StackValues } from "./mock-run";
import { checkProviderInputs, ProviderCheckViolation } from "./provider-checks";

export type PreviewVerdict = "clean" | "warnings" | "breaking";

export interface PreviewCheck {
    readonly run: MockedRun;
    readonly status: PreviewVerdict;
    /** Errors first: each stops the real preview; warnings are printed and it goes on. */
    readonly violations: readonly ProviderCheckViolation[];
}

export const secretsRotationKey = "irisx-infra:secretsRotation";

async function checked(run: MockedRun): Promise<PreviewCheck> {
    const violations = await checkProviderInputs(run.resources);
    violations.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
    const status = violations.some((v) => v.severity === "error") ? "breaking" : violations.length > 0 ? "warnings" : "clean";
    return { run, status, violations };
}

/** `pulumi preview` of a stack that does not exist yet. */
export async function freshStackPreview(stack: string, values?: StackValues): Promise<PreviewCheck> {
    return checked(await runMocked({ stack, values, preview: true }));
}

/** The README's rotation procedure, step 2: the preview after `pulumi config set secretsRotation <new>`. */
export async function rotationPreview(prior: MockedRun, values: StackValues, label = `${values[secretsRotationKey] ?? "initial"}-next`): Promise<PreviewCheck> {
    return checked(await runMocked({ stack: prior.stack, values: { ...values, [secretsRotationKey]: label }, preview: true, prior }));
}
