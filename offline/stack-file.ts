/**
 * Reads a committed `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program: every
 * value as a string, lists and maps as JSON.
 *
 * The CLI decodes stack files with gopkg.in/yaml.v3 into `any` (pulumi/pulumi
 * sdk/go/common/workspace/loaders.go, LoadProjectStackBytes), then turns each value into a string
 * (sdk/go/common/resource/config/object.go: unmarshalObject, MarshalString): strings as they are,
 * numbers and booleans as JSON, maps and lists as JSON (Go sorts map keys), null as "null", and a
 * timestamp as Go's time.Time.String(). yaml.v3 resolves plain scalars by YAML 1.2 with 1.1 octals
 * (resolve.go, v3.0.1): `yes`/`on` stay strings, `0777` is 511, `1e3` is 1000, `2026-11-01` a time.
 * Bare keys get the project's namespace (stackConfigNamespacedWithProject).
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ConfigValues, projectName } from "../infra/config";

export const repoRoot = path.resolve(__dirname, "..");

export type StackValues = Record<string, string>;

export function stackFilePath(stack: string, dir = repoRoot): string {
    return path.join(dir, `Pulumi.${stack}.yaml`);
}

const two = (n: number) => String(n).padStart(2, "0");

/** Go's time.Time.String() of a yaml.v3 timestamp (formats of resolve.go's allowedTimestampFormats). */
function goTime(text: string): string | undefined {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})| (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d{1,9})?)?$/.exec(text);
    if (!m) return undefined;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const [h, mi, s] = [Number(m[4] ?? m[9] ?? 0), Number(m[5] ?? m[10] ?? 0), Number(m[6] ?? m[11] ?? 0)];
    const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 59) return undefined;
    const fraction = (m[7] ?? m[12] ?? "").replace(/0+$/, "").replace(/^\.$/, "");
    const zone = m[8] === undefined || m[8] === "Z" || m[8] === "+00:00" ? "+0000 UTC" : `${m[8].replace(":", "")} ${m[8].replace(":", "")}`;
    return `${m[1]}-${two(mo)}-${two(d)} ${two(h)}:${two(mi)}:${two(s)}${fraction} ${zone}`;
}

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** A plain (unquoted) scalar as yaml.v3 resolves it; quoted scalars never reach here. */
function goScalar(text: string): unknown {
    if (["", "~", "null", "Null", "NULL"].includes(text)) return null;
    if (["true", "True", "TRUE"].includes(text)) return true;
    if (["false", "False", "FALSE"].includes(text)) return false;
    if ([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"].includes(text)) {
        throw new Error(`${text} is not a number the Pulumi CLI can pass to a program (JSON has no Inf or NaN); quote it`);
    }
    if (!/^[-+.0-9]/.test(text)) return text;
    const time = goTime(text);
    if (time !== undefined) return time;
    // strconv.ParseInt(plain, 0, 64): 0x, 0o, 0b and a leading 0 (octal) prefixes, underscores.
    const plain = text.replace(/_/g, "");
    const int = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(plain);
    if (int) {
        const digits = int[2].replace(/^0([oO])?(?=[0-7])/, "0o");
        const value = BigInt(digits) * (int[1] === "-" ? -1n : 1n);
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
            throw new Error(`${text} is too large to be read exactly; quote it`);
        }
        return Number(value);
    }
    if (yamlStyleFloat.test(plain)) return Number(plain);
    return text;
}

/** js-yaml's failsafe schema (every scalar a string) plus yaml.v3's resolution of plain scalars. */
const cliSchema = yaml.FAILSAFE_SCHEMA.extend({
    implicit: [new yaml.Type("tag:irisx-infra,2026:go-scalar", { kind: "scalar", resolve: (data: string | null) => typeof data === "string" && goScalar(data) !== data, construct: goScalar })],
});

/** encoding/json of a decoded value: map keys sorted, as Go marshals a map. */
function goJson(value: unknown): string {
    return JSON.stringify(value, (_, v) =>
        v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
    );
}

/** Flattens a stack file's `config:` block to `namespace:key` → the string the CLI would pass. */
export function readStackValues(file: string): StackValues {
    if (!fs.existsSync(file)) throw new Error(`no stack file at ${file}`);
    let doc: unknown;
    try {
        doc = yaml.load(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""), { schema: cliSchema }) ?? {};
    } catch (error) {
        throw new Error(`${file}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
    const config = (doc as { config?: unknown }).config ?? {};
    if (config === null || typeof config !== "object" || Array.isArray(config)) throw new Error(`${file}: config must be a mapping of keys to values`);
    const values: StackValues = {};
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
        if (value !== null && typeof value === "object" && "secure" in value) {
            throw new Error(`${file}: ${key} is an encrypted secret; the offline tools plan without secrets, so leave it unset`);
        }
        values[key.includes(":") ? key : `${projectName}:${key}`] = typeof value === "string" ? value : goJson(value);
    }
    return values;
}

export function configSource(values: StackValues): ConfigValues {
    return values;
}
