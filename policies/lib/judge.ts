/**
 * How a resource policy walks the rules of one resource: report every finding known values
 * allow, and only when nothing could be decided let an unknown value make the engine turn this
 * resource's result advisory ("can't run policy … during preview").
 */
import type { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { Finding, undecided } from "./findings";
import type { HostRule } from "./hosts";
import { IngressRule, normaliseIngress } from "./ingress";
import { deferToUnknown } from "./unknown";

/** The property paths to read (through the engine's proxy) to surface a rule's unknown value. */
export function unknownPaths(rule: IngressRule): (readonly (string | number)[])[] {
    const fields = ["type", "protocol", "ipProtocol", "fromPort", "toPort"].map((f) => [...rule.entryPath, f]);
    return [rule.entryPath, ...fields, rule.path];
}

export interface JudgeOptions {
    /** Extra paths whose unknown value the verdict also hangs on (e.g. the role tag when it is unknown). */
    readonly alsoUnknown?: readonly (readonly (string | number)[])[];
    /** The resource's role tag is unknown: every finding is only a possibility. */
    readonly roleUnknown?: boolean;
}

/** Runs `check` over every ingress rule of the resource under validation. */
export function judgeIngress(args: ResourceValidationArgs, report: ReportViolation, check: (rule: IngressRule) => Finding, options: JudgeOptions = {}): void {
    const rules = normaliseIngress(args.type, args.props, args.urn);
    let reported = 0;
    const pending: (readonly (string | number)[])[] = [];
    for (const rule of rules) {
        const finding = check(rule);
        if (finding === undefined) continue;
        if (finding === undecided || options.roleUnknown) {
            pending.push(...(options.alsoUnknown ?? []), ...(finding === undecided ? unknownPaths(rule) : []));
        } else {
            report(finding);
            reported++;
        }
    }
    if (reported === 0) for (const path of pending) deferToUnknown(args.props, path);
}

/**
 * The stack policies' walk over linked rules: report every finding (prefixed with where the rule
 * lives), and only when none was found read the unknowns the rest hang on, so the engine turns the
 * result advisory instead of passing it.
 */
export function judgeHostRules(
    rules: readonly HostRule[], checks: readonly ((rule: IngressRule) => Finding)[], report: ReportViolation,
    describe: (hostRule: HostRule) => string, alsoUnknown: () => void = () => undefined,
): void {
    const pending: (() => void)[] = [];
    let reported = 0;
    for (const hostRule of rules) {
        for (const check of checks) {
            const finding = check(hostRule.rule);
            if (finding === undecided) {
                const { deferTo, owner, rule } = hostRule;
                pending.push(() => (deferTo ? deferToUnknown(deferTo.props, deferTo.path) : unknownPaths(rule).forEach((p) => deferToUnknown(owner.props, p))));
            } else if (typeof finding === "string") {
                const where = describe(hostRule);
                report(where ? `${where}: ${finding}` : finding, hostRule.owner.urn);
                reported++;
            }
        }
    }
    if (reported > 0) return;
    pending.forEach((surface) => surface());
    alsoUnknown();
}
