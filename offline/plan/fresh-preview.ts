/** The plan's "would a first `pulumi preview` pass?" section, from a fresh-stack preview under mocks. */
import { PreviewCheck, PreviewVerdict } from "../first-preview";
import { ProviderCheckViolation } from "../provider-checks";

export interface FreshPreviewReport {
    /** clean: nothing to report; warnings: the preview passes with provider warnings; breaking: it stops. */
    readonly status: PreviewVerdict;
    readonly violations: readonly Omit<ProviderCheckViolation, "urn">[];
}

export function freshPreviewReport(check: PreviewCheck): FreshPreviewReport {
    return {
        status: check.status,
        violations: check.violations.map(({ resource, type, input, reason, source, severity }) => ({ resource, type, input, reason, source, severity })),
    };
}

/** One block per failing check: the check, the resources that fail it, where the check comes from. */
export function freshPreviewLines(report: FreshPreviewReport): string[] {
    if (report.status === "clean") return ["Fresh-stack preview: clean (every provider check in offline/provider-checks.ts passes with computed values unknown)"];
    const errors = report.violations.filter((v) => v.severity === "error").length;
    const lines = [`Fresh-stack preview: ${report.status === "breaking" ? `would fail on ${errors} input(s)` : "passes with provider warnings"}`];
    const groups = new Map<string, Omit<ProviderCheckViolation, "urn">[]>();
    for (const v of report.violations) {
        const key = `${v.severity} ${v.type} ${v.input}: ${v.reason}`;
        groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    for (const [key, members] of groups) {
        lines.push(`  ${key}`, ...members.map((v) => `    ${v.resource}`));
        if (members[0].source) lines.push(`    (${members[0].source})`);
    }
    return lines;
}
