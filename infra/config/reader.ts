/**
 * Reads raw config values by the schema table (type, default, grammar, range) and collects every
 * problem, so one ConfigError names each bad key at once. Values are used exactly as validated.
 */
import { grammars, plainTextProblem, show } from "./grammars";
import { configKey, ConfigKey, defaultFor, Environment } from "./schema";

export interface ConfigProblem {
    readonly key: string;
    readonly message: string;
}

export class ConfigError extends Error {
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(`invalid stack configuration:\n` + problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"));
        this.name = "ConfigError";
    }
}

/** Raw stack config as the Pulumi CLI hands it to a program: `namespace:key` → string. */
export type ConfigValues = Readonly<Record<string, string>>;

/** The project's config namespace. */
export const projectName = "irisx-infra";

/** `irisx-infra:<name>` for project keys; a namespaced key (`aws:region`) as is. */
export const fullKey = (name: string) => (name.includes(":") ? name : `${projectName}:${name}`);

export class Reader {
    readonly problems: ConfigProblem[] = [];
    constructor(
        private readonly values: ConfigValues,
        private readonly environment: Environment = "dev",
    ) {}

    fail(name: string, message: string): void {
        this.problems.push({ key: fullKey(name), message });
    }

    failed(name: string): boolean {
        return this.problems.some((p) => p.key === fullKey(name));
    }

    /** The value as given, or undefined when unset or empty. */
    raw(name: string): string | undefined {
        const value = Object.prototype.hasOwnProperty.call(this.values, fullKey(name)) ? this.values[fullKey(name)] : undefined;
        return value === undefined || value === "" ? undefined : value;
    }

    /** Whitespace/control characters, then the key's grammar; a secret's value is never shown. */
    private check(entry: ConfigKey, value: string): boolean {
        const plain = entry.secret ? undefined : plainTextProblem(value);
        const problem = plain ? `${show(value)} ${plain}; set it exactly, without spaces or line breaks` : entry.grammar ? grammars[entry.grammar](value) : undefined;
        if (problem) this.fail(entry.key, problem);
        return problem === undefined;
    }

    private fallback<T>(entry: ConfigKey): T | undefined {
        return defaultFor(entry, this.environment) as T | undefined;
    }

    private required(entry: ConfigKey): void {
        const set = entry.type === "list" ? `--path '${entry.key}[0]' <value>` : `${entry.key} <value>`;
        this.fail(entry.key, `is required; set it with \`pulumi config set ${set}\``);
    }

    string(name: string): string {
        const entry = configKey(name);
        const value = this.raw(name) ?? this.fallback<string>(entry);
        if (value === undefined) {
            if (entry.default === "required") this.required(entry);
            return "";
        }
        return this.check(entry, value) ? value : "";
    }

    optionalString(name: string): string | undefined {
        const entry = configKey(name);
        const value = this.raw(name);
        return value !== undefined && this.check(entry, value) ? value : undefined;
    }

    integer(name: string): number {
        const entry = configKey(name);
        const [min, max] = entry.range ?? [0, Number.MAX_SAFE_INTEGER];
        const fallback = this.fallback<number>(entry) ?? 0;
        const text = this.raw(name);
        if (text === undefined) {
            if (entry.default === "required") this.required(entry);
            return fallback;
        }
        // Digits only: " 12", "1e3", "0x10" and "+5" are refused rather than read leniently.
        const value = /^(0|[1-9][0-9]{0,15})$/.test(text) ? Number(text) : NaN;
        if (!(value >= min && value <= max)) {
            this.fail(name, `${show(text)} must be a whole number from ${min} to ${max}`);
            return fallback;
        }
        return value;
    }

    boolean(name: string): boolean {
        const entry = configKey(name);
        const text = this.raw(name);
        if (text === undefined) return this.fallback<boolean>(entry) ?? false;
        if (text !== "true" && text !== "false") this.fail(name, `${show(text)} must be true or false`);
        return text === "true";
    }

    private json(name: string): unknown {
        try {
            return JSON.parse(this.raw(name)!);
        } catch {
            return undefined;
        }
    }

    list(name: string, fallback?: readonly string[]): readonly string[] {
        const entry = configKey(name);
        if (this.raw(name) === undefined) {
            if (entry.default === "required") this.required(entry);
            return fallback ?? [];
        }
        const value = this.json(name);
        if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
            this.fail(name, `must be a list of strings (YAML list in Pulumi.<stack>.yaml)`);
            return [];
        }
        return value.filter((item) => this.check(entry, item));
    }

    map(name: string): Record<string, unknown> {
        if (this.raw(name) === undefined) return {};
        const value = this.json(name);
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            this.fail(name, `must be a map (YAML mapping in Pulumi.<stack>.yaml), e.g. \`pulumi config set --path '${name}.<key>' <value>\``);
            return {};
        }
        return value as Record<string, unknown>;
    }
}
