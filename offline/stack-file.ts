/**
 * Reads a committed `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program:
 * every value as a string, lists and objects as JSON.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ConfigSource } from "../infra/config";

export const repoRoot = path.resolve(__dirname, "..");

export type StackValues = Record<string, string>;

export function stackFilePath(stack: string, dir = repoRoot): string {
    return path.join(dir, `Pulumi.${stack}.yaml`);
}

/** Flattens a stack file's `config:` block to `namespace:key` → string. */
export function readStackValues(file: string): StackValues {
    if (!fs.existsSync(file)) throw new Error(`no stack file at ${file}`);
    const doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const values: StackValues = {};
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (value !== null && typeof value === "object" && "secure" in value) {
            throw new Error(`${file}: ${key} is an encrypted secret; the offline tools plan without secrets, so leave it unset`);
        }
        values[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return values;
}

export function configSource(values: StackValues): ConfigSource {
    return (key) => values[key];
}
