/** Applies a CloudWatch term pattern to log lines the way the tests must: both readings of the documentation, which have to agree. */
import { strict as assert } from "assert";
import { matchesTermPattern } from "../../infra/monitoring/filter-pattern";
import { LogMetric, logMetrics } from "../../infra/monitoring/log-metrics";

/** The pattern's verdict on a line; fails when it depends on whether a term may match inside a longer word. */
export function verdict(pattern: string, line: string): boolean {
    const substring = matchesTermPattern(pattern, line, "substring");
    const word = matchesTermPattern(pattern, line, "word");
    assert.equal(substring, word, `${pattern} on "${line}" depends on whether a term may match inside a word`);
    return substring;
}

export function logMetric(name: string): LogMetric {
    const found = logMetrics.find((m) => m.metricName === name);
    if (!found) throw new Error(`no log metric ${name}`);
    return found;
}

/** The lines a metric filter would count. */
export function counted(name: string, lines: readonly string[]): string[] {
    const { pattern } = logMetric(name);
    return lines.filter((line) => verdict(pattern, line));
}
