/**
 * Numbers the host tests measure (push times, ban latency, 429 counts), printed once after the
 * run and written to $TMPDIR/irisx-provisioning-measurements.json for the closing note.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const measured = new Map<string, string>();

export function record(what: string, value: string): void {
    measured.set(what, value);
}

after(() => {
    if (measured.size === 0) return;
    const lines = [...measured].map(([what, value]) => `    ${what}: ${value}`);
    console.log(`\n  provisioning measurements:\n${lines.join("\n")}`);
    fs.writeFileSync(path.join(os.tmpdir(), "irisx-provisioning-measurements.json"), JSON.stringify(Object.fromEntries(measured), null, 2));
});
