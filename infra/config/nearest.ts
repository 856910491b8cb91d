/** "Did you mean …?": the known name nearest to a mistyped one. */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring case. */
export function editDistance(a: string, b: string): number {
    const [s, t] = [a.toLowerCase(), b.toLowerCase()];
    const d = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    // A case-only difference still counts, so provisionhost is nearer provisionHosts than others.
    return d[s.length][t.length] + (a !== b && s === t ? 0.5 : 0);
}

/** The known name nearest to `name`; ties go to the first in the list. */
export function nearest(name: string, known: readonly string[]): string {
    return known.reduce((best, candidate) => (editDistance(name, candidate) < editDistance(name, best) ? candidate : best), known[0]);
}
