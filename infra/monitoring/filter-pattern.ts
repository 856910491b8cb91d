/**
 * CloudWatch Logs term patterns (the "match terms in unstructured log events" part of
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html), the only
 * kind our metric filters use. What the page documents:
 *  - terms are case sensitive; a term with anything but letters and digits is written in double
 *    quotes, and a quoted term is an exact phrase;
 *  - `A B` matches events that contain both terms, `?A ?B` events that contain either,
 *    `A -B` events that contain A and not B.
 * What it leaves open is whether a term also matches inside a longer word ("Ban" in "Banned").
 * So `matchesTermPattern` takes the reading to apply, and the tests require our patterns to give
 * the same answer under both: a pattern that depends on the open point is rejected.
 */

export interface Term {
    readonly text: string;
    readonly kind: "all" | "any" | "not";
}

const alphanumeric = /^[A-Za-z0-9]+$/;

/** Parses a term pattern; throws on anything the page does not define (mixed `?` and plain terms, bare punctuation). */
export function parseTermPattern(pattern: string): Term[] {
    const terms: Term[] = [];
    const token = /\s*([?-]?)(?:"([^"]*)"|(\S+))/y;
    let match: RegExpExecArray | null;
    let rest = pattern;
    while (rest.trim() !== "" && (match = token.exec(pattern)) !== null) {
        const [, prefix, quoted, bare] = match;
        if (bare !== undefined && !alphanumeric.test(bare)) {
            throw new Error(`filter pattern ${pattern}: ${bare} has characters other than letters and digits; write it in double quotes`);
        }
        const text = quoted ?? bare;
        if (text === "") throw new Error(`filter pattern ${pattern}: empty term`);
        terms.push({ text, kind: prefix === "?" ? "any" : prefix === "-" ? "not" : "all" });
        rest = pattern.slice(token.lastIndex);
    }
    if (rest.trim() !== "") throw new Error(`filter pattern ${pattern}: cannot parse "${rest.trim()}" (unbalanced quote?)`);
    if (terms.length === 0) throw new Error("empty filter pattern (it would match every event)");
    const kinds = new Set(terms.map((t) => t.kind));
    if (kinds.has("any") && (kinds.has("all") || kinds.has("not"))) {
        throw new Error(`filter pattern ${pattern}: mixes ?terms with plain or -terms, which the documentation does not define`);
    }
    if (!kinds.has("all") && !kinds.has("any")) throw new Error(`filter pattern ${pattern}: only exclusions`);
    return terms;
}

/** "substring": a term matches anywhere; "word": only where no letter or digit touches either end. */
export type TermReading = "substring" | "word";

function contains(event: string, text: string, reading: TermReading): boolean {
    if (reading === "substring") return event.includes(text);
    const edge = /[A-Za-z0-9]/;
    for (let at = event.indexOf(text); at !== -1; at = event.indexOf(text, at + 1)) {
        const before = at > 0 ? event[at - 1] : "";
        const after = event[at + text.length] ?? "";
        const openStart = !edge.test(text[0]) || !edge.test(before);
        const openEnd = !edge.test(text[text.length - 1]) || !edge.test(after);
        if (openStart && openEnd) return true;
    }
    return false;
}

export function matchesTermPattern(pattern: string, event: string, reading: TermReading): boolean {
    const terms = parseTermPattern(pattern);
    const has = (t: Term) => contains(event, t.text, reading);
    if (terms.some((t) => t.kind === "any")) return terms.some(has);
    return terms.every((t) => (t.kind === "not" ? !has(t) : has(t)));
}
