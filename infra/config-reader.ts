/**
 * Reads raw stack config values by type and collects every problem, so one ConfigError can name
 * each bad key at once. config.ts says which keys exist and what is valid.
 */
import { Cidr, parseCidr } from "../facts/cidr";

export interface ConfigProblem {
    readonly key: string;
    readonly message: string;
}

export class ConfigError extends Error {
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(
            `invalid stack configuration:\n` +
                problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/** Reads a raw config value by key: `irisx-infra:<key>` for project keys, `aws:region` as is. */
export type ConfigSource = (key: string) => string | undefined;

/** The project's config namespace. */
export const projectName = "irisx-infra";

export const key = (name: string) => `${projectName}:${name}`;

export class Reader {
    readonly problems: ConfigProblem[] = [];
    constructor(private readonly source: ConfigSource) {}

    fail(name: string, message: string): void {
        this.problems.push({ key: name.includes(":") ? name : key(name), message });
    }

    raw(name: string): string | undefined {
        const value = this.source(name.includes(":") ? name : key(name));
        return value === undefined || value === "" ? undefined : value;
    }

    string(name: string, fallback?: string, pattern?: RegExp, hint?: string): string {
        const value = this.raw(name) ?? fallback;
        if (value === undefined) {
            this.fail(name, `is required; set it with \`pulumi config set ${name} <value>\``);
            return "";
        }
        if (pattern && !pattern.test(value)) this.fail(name, `"${value}" is not valid; ${hint}`);
        return value;
    }

    integer(name: string, fallback: number, min: number, max: number): number {
        const text = this.raw(name);
        if (text === undefined) return fallback;
        const value = Number(text);
        if (!Number.isInteger(value) || value < min || value > max) {
            this.fail(name, `"${text}" must be a whole number from ${min} to ${max}`);
            return fallback;
        }
        return value;
    }

    boolean(name: string, fallback: boolean): boolean {
        const text = this.raw(name);
        if (text === undefined) return fallback;
        if (text !== "true" && text !== "false") this.fail(name, `"${text}" must be true or false`);
        return text === "true";
    }

    list(name: string, fallback?: readonly string[]): readonly string[] {
        const text = this.raw(name);
        if (text === undefined) {
            if (fallback === undefined) this.fail(name, `is required; set it with \`pulumi config set --path '${name}[0]' <value>\``);
            return fallback ?? [];
        }
        let value: unknown;
        try {
            value = JSON.parse(text);
        } catch {
            value = undefined;
        }
        if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
            this.fail(name, `must be a list of strings (YAML list in Pulumi.<stack>.yaml)`);
            return [];
        }
        return value;
    }

    object(name: string): Record<string, unknown> {
        const text = this.raw(name);
        if (text === undefined) return {};
        let value: unknown;
        try {
            value = JSON.parse(text);
        } catch {
            value = undefined;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            this.fail(name, `must be a map (YAML mapping in Pulumi.<stack>.yaml), e.g. \`pulumi config set --path '${name}.<key>' <value>\``);
            return {};
        }
        return value as Record<string, unknown>;
    }

    cidrs(name: string, fallback: readonly string[] | undefined, check: (cidr: Cidr) => string | undefined): readonly string[] {
        const values = this.list(name, fallback);
        if (values.length === 0 && !this.problems.some((p) => p.key === key(name))) {
            this.fail(name, `must list at least one CIDR; an empty list would leave the port closed to everyone or, worse, invite someone to "fix" it with 0.0.0.0/0`);
        }
        for (const text of values) {
            const cidr = parseCidr(text);
            if (!cidr) {
                this.fail(name, `"${text}" is not a CIDR; write an address and prefix such as 203.0.113.10/32 or 2001:db8::/64`);
                continue;
            }
            const problem = check(cidr);
            if (problem) this.fail(name, `"${text}" ${problem}`);
        }
        return values;
    }
}
