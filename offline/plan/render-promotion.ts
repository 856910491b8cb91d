/** Promotion as text: config diff, plan diff, the target's gate. */
import { ConfigDifference } from "./config-diff";
import { promotionDiagram } from "./diagram";
import { Promotion } from "./promotion";
import { table } from "./render-text";

function side(d: ConfigDifference, which: "from" | "to", stack: string): string {
    const setHere = d.presence === "both" || d.presence === (which === "from" ? "only-from" : "only-to");
    const value = which === "from" ? d.from : d.to;
    return `${stack}${setHere ? "" : " (default)"} ${value ?? "unset"}`;
}

function detail(d: ConfigDifference): string {
    const parts: string[] = [];
    if (d.added?.length) parts.push(`added ${d.added.join(", ")}`);
    if (d.removed?.length) parts.push(`removed ${d.removed.join(", ")}`);
    if (d.widens) parts.push("ADMITS NEW ADDRESSES");
    return parts.length ? `      ${parts.join("; ")}` : "";
}

export function renderPromotion(p: Promotion): string {
    const from = p.from.stack;
    const to = p.to.stack;
    const lines = [`Promote ${from} → ${to} (offline: both programs under Pulumi's mock runtime)`, ""];

    lines.push(`Config differences: ${p.config.differences.length} (${p.config.expected} expected, ${p.config.review} need a reviewer)`);
    // Review-required first: they are what a reviewer has to read.
    const ordered = [...p.config.differences].sort((a, b) => (a.class === b.class ? 0 : a.class === "review" ? -1 : 1));
    for (const d of ordered) {
        lines.push(`  ${d.class === "review" ? "REVIEW  " : "expected"}  ${d.key}: ${side(d, "from", from)} → ${side(d, "to", to)}  (${d.why})`);
        const more = detail(d);
        if (more) lines.push(more);
    }

    const { added, removed, changed, unchanged } = p.plan;
    lines.push("", `Plan differences (environment in names shown as {env}): ${added.length} added, ${removed.length} removed, ${changed.length} changed, ${unchanged} unchanged`);
    lines.push(
        ...table([
            ...added.map((r) => ["+", r.type, r.name, ""]),
            ...removed.map((r) => ["-", r.type, r.name, ""]),
            ...changed.map((r) => ["~", r.type, r.name, r.inputs.join(", ")]),
        ]),
    );

    // The exposure rows the promotion adds and removes, by destination role (names compared env-free).
    const exposure = promotionDiagram(p).edges.flatMap((e) => [
        ...(e.addedSources ?? []).map((s) => ["+", e.role, `${e.port}/${e.protocol}`, s, e.purpose]),
        ...(e.removedSources ?? []).map((s) => ["-", e.role, `${e.port}/${e.protocol}`, s, e.purpose]),
    ]);
    lines.push("", `Exposure differences: ${exposure.filter((r) => r[0] === "+").length} row(s) added, ${exposure.filter((r) => r[0] === "-").length} removed`);
    lines.push(...table(exposure));

    const { mandatory, advisory } = p.target.verdicts;
    lines.push("", `Policy gate on ${to}: ${mandatory.length} mandatory violation(s), ${advisory.length} advisory`);
    for (const v of [...mandatory, ...advisory]) {
        lines.push(`  [${v.enforcementLevel}] ${v.policyName} on ${v.resource}`, ...v.message.split("\n").map((l) => `    ${l}`));
    }
    lines.push(`Port security score of ${to}: ${p.target.score.score}/${p.target.score.baseline}`);
    return lines.join("\n") + "\n";
}
