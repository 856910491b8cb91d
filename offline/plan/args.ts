/** Command-line parsing for `plan` and `promote`: positional stacks plus a few flags. */
import { UsageError } from "./exit-codes";

export interface ParsedArgs {
    readonly positional: readonly string[];
    readonly flags: ReadonlySet<string>;
    readonly options: ReadonlyMap<string, string>;
}

/** `booleans` are flags without a value; `valued` take the next argument (or `--name=value`). */
export function parseArgs(argv: readonly string[], booleans: readonly string[], valued: readonly string[]): ParsedArgs {
    const positional: string[] = [];
    const flags = new Set<string>();
    const options = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("--")) {
            positional.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
        if (booleans.includes(name) && inline === undefined) flags.add(name);
        else if (valued.includes(name)) {
            const value = inline ?? argv[++i];
            if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
            options.set(name, value);
        } else throw new UsageError(`unknown option ${arg}`);
    }
    return { positional, flags, options };
}
