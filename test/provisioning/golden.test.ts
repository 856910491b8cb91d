/**
 * Golden files: every rendered file and push script of every stack, as committed under
 * test/golden/<stack>/<host>/<absolute path>. A change to a renderer shows up as a reviewed diff.
 * Regenerate with: UPDATE_GOLDEN=1 npx mocha test/provisioning/golden.test.ts
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { renderPushScript } from "../../provisioning/render/push-script";
import { hostsOf, repoRoot, stacks } from "./fixtures";

const goldenRoot = path.join(repoRoot, "test", "golden");
const update = process.env.UPDATE_GOLDEN === "1";

function expectedFiles(stack: (typeof stacks)[number]): Map<string, string> {
    const files = new Map<string, string>();
    for (const [host, units] of Object.entries(hostsOf(stack))) {
        for (const unit of units) {
            for (const file of unit.files) files.set(path.join(host, file.path), file.content);
            files.set(path.join(host, ".push", `${unit.name}.sh`), renderPushScript(unit, "admin"));
        }
    }
    return files;
}

function listTree(dir: string, prefix = ""): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? listTree(path.join(dir, entry.name), path.join(prefix, entry.name)) : [path.join(prefix, entry.name)],
    );
}

describe("provisioning golden files", () => {
    for (const stack of stacks) {
        describe(stack, () => {
            const expected = expectedFiles(stack);
            const dir = path.join(goldenRoot, stack);
            if (update) {
                fs.rmSync(dir, { recursive: true, force: true });
                for (const [name, content] of expected) {
                    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
                    fs.writeFileSync(path.join(dir, name), content);
                }
            }

            it("has a golden file for every rendered file and no stale ones", () => {
                assert.deepStrictEqual(listTree(dir).sort(), [...expected.keys()].sort());
            });

            for (const [name, content] of expected) {
                it(`renders ${name} exactly as its golden file`, () => {
                    const file = path.join(dir, name);
                    assert.ok(fs.existsSync(file), `missing golden ${file}; run with UPDATE_GOLDEN=1 and review the diff`);
                    assert.strictEqual(content, fs.readFileSync(file, "utf8"), `${name} differs from its golden file; if intended, UPDATE_GOLDEN=1 and review`);
                });
            }
        });
    }
});
