/**
 * bin/register.js, the loader of the npm scripts and mocha, run as they run it (`node -r
 * ./bin/register.js <file>.ts`) on a scratch TypeScript file: an edited source is never answered
 * from the cache of its old text, an unchanged one is (SWC is not even loaded), and stack frames
 * name the TypeScript lines.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../..");
const loader = path.join(repoRoot, "bin", "register.js");

/** Runs `file` under the loader; it prints one JSON line: its value and whether SWC was loaded. */
function run(file: string): { value: unknown; swcLoaded: boolean; compileCache: boolean; stderr: string } {
    const result = spawnSync(process.execPath, ["-r", loader, file], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    return { ...JSON.parse(result.stdout), stderr: result.stderr };
}

const program = (value: string) => `interface Answer {
    value: ${JSON.stringify(typeof JSON.parse(value))};
}
const answer: Answer = { value: ${value} };
const swcLoaded = Object.keys(require.cache).some((file) => file.includes("@swc/core/index.js"));
const compileCache = require("module").getCompileCacheDir() !== undefined;
process.stdout.write(JSON.stringify({ value: answer.value, swcLoaded, compileCache }) + "\\n");
`;

describe("bin/register.js (the npm scripts' TypeScript loader)", function () {
    this.timeout(120_000);
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "irisx-register-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("runs an edited file's new code, never the cached output of its old text", () => {
        const file = path.join(dir, "answer.ts");
        fs.writeFileSync(file, program("1"));
        const first = run(file);
        assert.deepEqual([first.value, first.swcLoaded], [1, true], "a new source is transpiled");
        const again = run(file);
        assert.deepEqual([again.value, again.swcLoaded, again.compileCache], [1, false, true], "an unchanged source comes from the cache");
        // Same length, same mtime: only the content tells the two apart.
        const { mtime } = fs.statSync(file);
        fs.writeFileSync(file, program("2"));
        fs.utimesSync(file, mtime, mtime);
        const edited = run(file);
        assert.deepEqual([edited.value, edited.swcLoaded], [2, true], "the edit is transpiled, not served stale");
        fs.writeFileSync(file, program("1"));
        assert.deepEqual([run(file).value, run(file).swcLoaded], [1, false], "the old text again is a hit");
    });

    it("keeps a copy of the file at another path apart (its source map names the path)", () => {
        fs.writeFileSync(path.join(dir, "a.ts"), program('"a"'));
        run(path.join(dir, "a.ts"));
        fs.writeFileSync(path.join(dir, "b.ts"), program('"a"'));
        assert.equal(run(path.join(dir, "b.ts")).swcLoaded, true);
    });

    it("names the TypeScript line and column in a stack trace, not the transpiled one", () => {
        const file = path.join(dir, "throws.ts");
        fs.writeFileSync(
            file,
            [
                'import * as path from "path";',
                "type Named = { name: string };",
                "interface Shape {",
                "    sides: number;",
                "}",
                "export function fail(shape: Shape): Named {",
                '    if (shape.sides > 2) throw new Error("line 7");',
                '    return { name: path.basename("x") };',
                "}",
                "try {",
                "    fail({ sides: 3 });",
                "} catch (error) {",
                "    process.stdout.write(JSON.stringify({ value: (error as Error).stack, swcLoaded: false, compileCache: false }));",
                "}",
                "",
            ].join("\n"),
        );
        for (const { value } of [run(file), run(file)]) {
            const frames = String(value).split("\n").slice(1, 3);
            assert.deepEqual(frames, [`    at fail (${file}:7:32)`, `    at Object.<anonymous> (${file}:11:5)`]);
        }
    });
});
