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
 * True for infra/config's ConfigError. Checked by shape, not `instanceof`: the mock runtime
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

/**
 * Runs a CLI's `main` under the exit-code contract: a closed stdout or stderr (`| head`) ends it
 * quietly with the status it would have had, and an error that escapes `main` (a rejection left
 * by the program under the mock runtime) is reported by `reportFailure` instead of Node's exit 1.
 */
export function runMain(command: string, usage: string, main: () => Promise<number> | number): void {
    for (const stream of [process.stdout, process.stderr]) {
        stream.on("error", (error: NodeJS.ErrnoException) => {
            if (error.code !== "EPIPE") process.exitCode = reportFailure(command, error, usage);
        });
    }
    // A command that failed on its own keeps its code; otherwise an escaped error decides it.
    let result: number | undefined;
    let escapedCode: number | undefined;
    const settle = () => (process.exitCode = result !== undefined && result !== exitCodes.ok ? result : (escapedCode ?? result));
    const escaped = (error: unknown) => {
        const reported = reportFailure(command, error, usage);
        escapedCode ??= reported;
        settle();
    };
    process.on("unhandledRejection", escaped);
    process.on("uncaughtException", escaped);
    Promise.resolve()
        .then(main)
        .then((code) => {
            result = code;
            settle();
        }, escaped);
}
