/**
 * IAM and bucket policy documents as the policies read them: a JSON string (what the program
 * renders) or an object (aws.iam.PolicyDocument), normalised to statements whose fields are lists.
 * IAM matches element names exactly but condition operators and keys case-insensitively.
 */
import { isUnknown } from "./unknown";

export interface Statement {
    readonly index: number;
    readonly sid?: string;
    readonly effect: string;
    readonly actions: readonly string[];
    readonly notActions: readonly string[];
    readonly resources: readonly string[];
    readonly notResources: readonly string[];
    /** "*" for `Principal: "*"`; otherwise every principal value (AWS, Service, ...). */
    readonly principals: readonly string[];
    /** operator (lower case) → condition key (lower case) → values as strings. */
    readonly conditions: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map((x) => String(x)));

function principals(value: unknown): string[] {
    if (value === "*") return ["*"];
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return Object.values(value).flatMap(list);
    return list(value);
}

function conditions(value: unknown): Map<string, Map<string, string[]>> {
    const result = new Map<string, Map<string, string[]>>();
    if (value === null || typeof value !== "object") return result;
    for (const [operator, keys] of Object.entries(value as Record<string, unknown>)) {
        const byKey = result.get(operator.toLowerCase()) ?? new Map<string, string[]>();
        if (keys !== null && typeof keys === "object") {
            for (const [key, values] of Object.entries(keys as Record<string, unknown>)) byKey.set(key.toLowerCase(), list(values));
        }
        result.set(operator.toLowerCase(), byKey);
    }
    return result;
}

/** The document's statements; `unknown` while it is not known (preview), `unreadable` when it is not a policy document. */
export function statementsOf(document: unknown): Statement[] | "unknown" | "unreadable" {
    if (isUnknown(document)) return "unknown";
    let parsed: unknown = document;
    if (typeof document === "string") {
        try {
            parsed = JSON.parse(document);
        } catch {
            return "unreadable";
        }
    }
    if (parsed === null || typeof parsed !== "object") return "unreadable";
    const raw = (parsed as Record<string, unknown>).Statement;
    if (raw === undefined) return "unreadable";
    const entries = Array.isArray(raw) ? raw : [raw];
    return entries.map((s: Record<string, unknown>, index) => ({
        index,
        sid: typeof s?.Sid === "string" ? s.Sid : undefined,
        effect: String(s?.Effect ?? ""),
        actions: list(s?.Action),
        notActions: list(s?.NotAction),
        resources: list(s?.Resource),
        notResources: list(s?.NotResource),
        principals: principals(s?.Principal),
        conditions: conditions(s?.Condition),
    }));
}

/** "statement 0 (DenyInsecureTransport)": how a message names a statement. */
export function describeStatement(s: Statement): string {
    return `statement ${s.index}${s.sid ? ` (${s.sid})` : ""}`;
}
