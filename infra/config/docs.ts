/**
 * README's "Stack config reference" table and Pulumi.yaml's `config:` block, rendered from the
 * schema table (test/infra/config-docs.test.ts keeps the committed copies in sync).
 */
import { grammarDocs } from "./grammars";
import { ConfigKey, configKeys, environments } from "./schema";

const code = (value: unknown): string => (typeof value === "string" ? `\`${value}\`` : Array.isArray(value) ? value.map(code).join(", ") : String(value));

/** The default in words: required, unset, derived, one value, or one per environment. */
export function defaultText(entry: ConfigKey, quote: (value: unknown) => string = code): string {
    const value = entry.default;
    if (value === "required") return "required";
    if (value === "optional") return "unset";
    if (typeof value === "object" && "derived" in value) return value.derived;
    if (typeof value === "object" && !Array.isArray(value) && "prod" in value) {
        const perEnv = value as Record<string, unknown>;
        if (perEnv.staging === perEnv.dev) return `prod ${quote(perEnv.prod)}, else ${quote(perEnv.dev)}`;
        return [...environments].reverse().map((env) => `${env} ${quote(perEnv[env])}`).join(", ");
    }
    return quote(value);
}

/** Type, grammar and range, then the key's own rule. */
export function ruleText(entry: ConfigKey): string {
    const parts = [
        entry.grammar ? (entry.type === "list" ? `each ${grammarDocs[entry.grammar]}` : grammarDocs[entry.grammar]) : undefined,
        entry.range ? `${entry.range[0]}–${entry.range[1]}` : undefined,
        entry.rule || undefined,
    ];
    return parts.filter(Boolean).join("; ");
}

/** The README table (between its config-reference markers). */
export function renderConfigReference(): string {
    const rows = configKeys.map((e) => `| \`${e.key}\`${e.secret ? " (secret)" : ""} | ${e.type} | ${defaultText(e)} | ${ruleText(e)} | ${e.description} |`);
    return ["| key | type | default | rule | what it does |", "|---|---|---|---|---|", ...rows].join("\n") + "\n";
}

const pulumiType: Record<ConfigKey["type"], string> = { string: "string", integer: "integer", boolean: "boolean", list: "array", map: "object" };

/** Pulumi.yaml's `config:` block: the keys every stack sets, declared; every other key as a comment. */
export function renderPulumiYamlConfig(): string {
    const declared = configKeys.filter((e) => e.declared);
    const others = configKeys.filter((e) => !e.declared);
    const width = Math.max(...others.map((e) => e.key.length)) + 2;
    const lines = [
        "config:",
        "  # Generated from infra/config/schema.ts (the one list of keys the program reads; any other",
        "  # irisx-infra: or aws: key stops the program). Only keys every stack sets are declared: the",
        "  # CLI refuses a stack that lacks a declared key with no default, and most defaults depend on",
        "  # the environment, so they live in the schema table.",
        ...declared.flatMap((e) => [
            `  ${e.key}:`,
            `    type: ${pulumiType[e.type]}`,
            ...(e.type === "list" ? ["    items: { type: string }"] : []),
            `    description: ${JSON.stringify(e.description)}`,
        ]),
        "  #",
        "  # Other keys (irisx-infra:<key> unless namespaced): type, default, description.",
        ...others.map((e) => `  #   ${e.key.padEnd(width)}${(e.secret ? `${e.type} (secret)` : e.type).padEnd(17)}${defaultText(e, (v) => (Array.isArray(v) ? v.join(", ") : String(v)))}. ${e.description}`),
    ];
    return lines.join("\n") + "\n";
}
