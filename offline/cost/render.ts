/** The cost estimate as the plan's closing section: itemised like the design notes' "Cost Impact" table. */
import { CostEstimate, totalText } from "./estimate";

const usd = (n: number) => `$${n.toFixed(2)}`;
/** A unit price to its last significant digit, at least cents: $0.0104, $0.08, $5.00. */
const unitUsd = (n: number) => `$${n.toFixed(4).replace(/(\.\d\d\d*?)0+$/, "$1")}`;

/** Rows for the plan's `table()`: line, quantity, unit price, monthly, source. */
export function costRows(estimate: CostEstimate): string[][] {
    return estimate.lines.map((l) => [
        l.item,
        `${l.quantity} ${l.unit}`,
        l.price.usd === "unknown" ? "unknown" : `${unitUsd(l.price.usd)}/${l.price.unit}`,
        l.monthlyUsd === "unknown" ? "unknown" : usd(l.monthlyUsd),
        `${l.price.source.title} (${l.price.region}, ${l.price.date})`,
    ]);
}

/** Everything after the table: the total, the assumptions, where the prices come from. */
export function costFooter(estimate: CostEstimate): string[] {
    const assumptions = Object.entries(estimate.assumptions).map(([name, a]) => `  ${name} = ${a.value} ${a.unit}: ${a.description}`);
    const notes = estimate.designNotesCostImpact.map((r) => `${r.item} ${r.monthly}`).join("; ");
    return [
        `  Total: ${totalText(estimate)} (${estimate.currency}, on-demand, ${estimate.region}; no free tier, data transfer or tax)`,
        ...estimate.lines.filter((l) => l.monthlyUsd === "unknown").map((l) => `  unknown: ${l.item}: ${l.price.note ?? "no price"}`),
        "  Assumptions (traffic and volume the resources do not say):",
        ...assumptions.map((line) => `  ${line}`),
        `  Prices: offline/cost/prices.ts, one line per price with its region, date and source page. Design notes' Cost Impact table: ${notes}.`,
    ];
}
