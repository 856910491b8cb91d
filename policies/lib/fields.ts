/**
 * Helpers for policies that judge plain fields (RDS, ElastiCache, EC2): report every field whose
 * known value is wrong, then let an unknown field turn the result advisory (see unknown.ts).
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { deferToUnknown, isUnknown, read } from "./unknown";

/** Marks a validation with a single resource type, so the analyzer skips other types cheaply. */
export function ofTypes(typeList: readonly string[], validate: ResourceValidation): ResourceValidation {
    const fn: ResourceValidation = (args, report) => (typeList.includes(args.type) ? validate(args, report) : undefined);
    // @pulumi/policy's fast path: a validation carrying __pulumiType only runs for that type.
    if (typeList.length === 1) Object.assign(fn, { __pulumiType: typeList[0] });
    return fn;
}

/** The raw value at `path`, or `unknown` when it (or a parent) is unknown during preview. */
export function rawAt(props: unknown, path: readonly (string | number)[]): unknown {
    let value: unknown = props;
    for (const key of path) {
        if (isUnknown(value)) return value;
        value = read(value, key);
    }
    return value;
}

/** `name is "optional"`, `name is false`, `name is not set`: what the program wrote. */
export function shown(path: readonly (string | number)[], value: unknown): string {
    const name = path.join(".");
    return value === undefined || value === null ? `${name} is not set` : `${name} is ${JSON.stringify(value)}`;
}

export interface FieldCheck {
    readonly path: readonly (string | number)[];
    /** The violation message for this value, or undefined when it is fine. */
    readonly problem: (value: unknown) => string | undefined;
}

export function judgeFields(args: ResourceValidationArgs, report: ReportViolation, checks: readonly FieldCheck[]): void {
    const pending: (readonly (string | number)[])[] = [];
    let reported = 0;
    for (const check of checks) {
        const value = rawAt(args.props, check.path);
        if (isUnknown(value)) {
            pending.push(check.path);
            continue;
        }
        const problem = check.problem(value);
        if (problem) {
            report(problem);
            reported++;
        }
    }
    if (reported === 0) for (const path of pending) deferToUnknown(args.props, path);
}
