/** Exit codes of `npm run plan` and `npm run promote` (documented in the README). */
export const exitCodes = {
    /** Plan: clean. Promote: gate passed and the Pulumi CLI preview (and up) succeeded. */
    ok: 0,
    /** A mandatory policy violation (plan: this stack; promote: the target stack). */
    mandatoryViolation: 1,
    /** Bad stack config (the message names the key), an unknown stack or bad arguments. */
    badConfig: 2,
    /** Promote only: the offline gate passed but no `pulumi` on PATH, so nothing was previewed. */
    noPulumiCli: 3,
    /** Promote only: `pulumi preview` or `pulumi up` failed. */
    pulumiFailed: 4,
    /** A bug in the tool itself (stack trace on stderr). */
    internalError: 70,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** Raised for usage mistakes and unknown stacks: exit 2 with this message. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/**
 * True for infra/config.ts's ConfigError. Checked by shape, not `instanceof`: the mock runtime
 * reloads the program's modules for every run, so an error thrown inside the program comes from
 * a different copy of the class.
 */
export function isConfigError(error: unknown): error is Error & { problems: readonly { key: string; message: string }[] } {
    return error instanceof Error && error.name === "ConfigError" && Array.isArray((error as { problems?: unknown }).problems);
}

/** Says on stderr why `command` failed and returns the exit code: 2 for bad config or usage, 70 for a bug. */
export function reportFailure(command: string, error: unknown, usage: string): ExitCode {
    if (isConfigError(error) || error instanceof UsageError) {
        process.stderr.write(`${command}: ${error.message}\n${error instanceof UsageError ? usage + "\n" : ""}`);
        return exitCodes.badConfig;
    }
    process.stderr.write(`${command}: internal error\n${error instanceof Error ? error.stack : String(error)}\n`);
    return exitCodes.internalError;
}
