/** The plan as text for a terminal or a CI log. */
import { costFooter, costRows } from "../cost/render";
import { conditionText } from "./alarms";
import { loadBalancerRole } from "./exposure";
import { portText, protocolText } from "./exposure-model";
import { freshPreviewLines } from "./fresh-preview";
import { hostChangeLines } from "./host-changes";
import { PlanReport, Verdict } from "./report";

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function table(rows: readonly (readonly string[])[], indent = "  "): string[] {
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
    return rows.map((r) => indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd());
}

export function duration(seconds: number): string {
    if (seconds < 60) return `${seconds} s`;
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

function verdictLines(title: string, verdicts: readonly Verdict[]): string[] {
    if (verdicts.length === 0) return [`  ${title}: none`];
    return [
        `  ${title}:`,
        ...verdicts.flatMap((v) => [
            `    [${v.enforcementLevel}] ${v.policyName} on ${v.resource}${v.resourceType ? ` (${v.resourceType})` : ""}`,
            ...v.message.split("\n").map((line) => `      ${line}`),
        ]),
    ];
}

export function renderText(report: PlanReport): string {
    const lines: string[] = [];
    const { summary, score, deployTime } = report;
    lines.push(`Plan of stack ${report.stack} (${report.stackFile}): environment ${report.environment}, app port ${report.appPort}`);
    lines.push(`Offline: the real program under Pulumi's mock runtime and the policy pack's analyzer; no cloud calls.`);

    lines.push("", `Summary: ${summary.total} resources (${summary.custom} cloud resources, ${summary.components} components)`);
    lines.push(...table(summary.byType.map((t) => [String(t.count).padStart(4), t.type + (t.custom ? "" : "  (component)")])));
    lines.push(...hostChangeLines(report.hostChanges));

    lines.push("", "Exposure (from the registered security groups and rules)");
    if (report.exposure.length === 0) lines.push("  no host tagged irisx:role");
    const tables = [...report.exposure.map((h) => ({ ...h, kind: h.role === loadBalancerRole ? "load balancer " : "host " })), ...report.dataTier.map((h) => ({ ...h, kind: "" }))];
    for (const host of tables) {
        lines.push(`  ${host.role} ${host.kind}${host.host}  [security groups: ${host.securityGroups.join(", ") || "none"}]`);
        if (host.rows.length === 0) {
            lines.push("    no inbound rules");
            continue;
        }
        const rows = host.rows.map((r) => [portText(r), protocolText(r), r.source, r.purpose]);
        lines.push(...table([["Port", "Protocol", "Source", "Purpose"], ...rows], "    "));
    }

    const { mandatory, advisory } = report.verdicts;
    lines.push("", `Policy verdicts: ${mandatory.length} mandatory violation(s), ${advisory.length} advisory`);
    lines.push(...verdictLines("mandatory", mandatory), ...verdictLines("advisory", advisory));

    lines.push("", ...freshPreviewLines(report.freshPreview));

    lines.push("", `Port security score: ${score.score}/${score.baseline}`);
    if (score.deductions.length === 0) lines.push("  no deductions");
    for (const d of score.deductions) lines.push(`  -${d.points}  ${d.reason}`);
    for (const s of score.sanctioned) lines.push(`   0  ${s}`);
    for (const w of score.warnings) lines.push(`  warning: ${w}`);

    const { alarms, topics } = report.alarms;
    const destinations = topics.map((t) => `${t.name} (${t.subscriptions.join(", ") || "no subscription"})`).join("; ");
    lines.push("", `Alarms: ${alarms.length}${topics.length ? `, to SNS topic ${destinations}` : ""}`);
    if (alarms.length === 0) lines.push("  none");
    else lines.push(...table([["Alarm", "Metric", "Condition"], ...alarms.map((a) => [a.name, a.metric, conditionText(a)])]));

    lines.push("", `Estimated deploy time (fresh stack): ${duration(deployTime.longestChainSeconds)} along the longest chain, ${duration(deployTime.totalSerialSeconds)} if run one at a time`);
    lines.push("  longest chain:");
    lines.push(...table(deployTime.chain.map((c, i) => [`${i + 1}.`.padStart(3), duration(c.seconds).padStart(10), c.name, c.type]), "    "));
    if (deployTime.unlistedTypes.length) lines.push(`  not in the create-time table (assumed 5 s): ${deployTime.unlistedTypes.join(", ")}`);

    lines.push("", "Estimated monthly cost (from the registered resources)");
    lines.push(...table([["Line", "Quantity", "Unit price", "Monthly", "Source (region, date)"], ...costRows(report.cost)]), ...costFooter(report.cost));

    lines.push("", report.status === "clean" ? `Result: clean (exit ${report.exitCode})` : `Result: ${mandatory.length} mandatory policy violation(s) (exit ${report.exitCode})`);
    return lines.join("\n") + "\n";
}
