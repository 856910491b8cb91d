/**
 * Golden files: every rendered file of every stack, as committed under
 * test/golden/<stack>/<host>/<absolute path>, and the push scripts as their parts: the engine
 * every unit shares once (test/golden/push-engine.sh) and each unit's own section (tools, file
 * table, steps) as <host>/.push/<unit>.section.sh. The rest of a script (hashes, base64 contents)
 * is derived from the files and checked here, so a content change shows once, in its file.
 * Regenerate with: UPDATE_GOLDEN=1 npx mocha test/provisioning/golden.test.ts
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PushUnit } from "../../provisioning/model";
import { pushEngine } from "../../provisioning/render/push-engine";
import { renderPushScript, renderUnitSection, sha256 } from "../../provisioning/render/push-script";
import { previewHosts } from "../../provisioning/preview";
import { hostsOf, repoRoot, stackConfig, stacks } from "./fixtures";

const goldenRoot = path.join(repoRoot, "test", "golden");
const update = process.env.UPDATE_GOLDEN === "1";

type Hosts = Partial<Record<string, readonly PushUnit[]>>;

/**
 * Each committed stack, and dev behind the load balancer (edge alb; only the API host differs,
 * with the placeholder WAF IP set), under test/golden/dev-alb/. That set holds only the files alb
 * renders differently from dev (`base`), so a reviewer reads what the edge changes; a file alb
 * starts to render differently shows up there as missing, one that stops differing as stale.
 */
const goldenSets: readonly { readonly dir: string; readonly hosts: () => Hosts; readonly base?: () => Hosts }[] = [
    ...stacks.map((stack) => ({ dir: stack, hosts: (): Hosts => ({ ...hostsOf(stack) }) })),
    { dir: "dev-alb", hosts: (): Hosts => ({ api: previewHosts({ ...stackConfig("dev"), edge: "alb" }).api }), base: (): Hosts => ({ api: hostsOf("dev").api }) },
];

function renderedFiles(hosts: Hosts): Map<string, string> {
    const files = new Map<string, string>();
    for (const [host, units] of Object.entries(hosts) as [string, readonly PushUnit[]][]) {
        for (const unit of units) {
            for (const file of unit.files) files.set(path.join(host, file.path), file.content);
            files.set(path.join(host, ".push", `${unit.name}.section.sh`), renderUnitSection(unit, "admin"));
        }
    }
    return files;
}

/** The set's golden files: everything it renders, or with a base only what differs from the base's render. */
function expectedFiles(hosts: Hosts, base?: Hosts): Map<string, string> {
    const files = renderedFiles(hosts);
    if (!base) return files;
    const baseFiles = renderedFiles(base);
    return new Map([...files].filter(([name, content]) => baseFiles.get(name) !== content));
}

function listTree(dir: string, prefix = ""): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? listTree(path.join(dir, entry.name), path.join(prefix, entry.name)) : [path.join(prefix, entry.name)],
    );
}

/** A bash array `name=(\n    a\n    'b'\n)` of the script, unquoted. */
function bashArray(script: string, name: string): string[] {
    const body = new RegExp(`^${name}=\\(\\n([\\s\\S]*?)\\n\\)$`, "m").exec(script);
    assert.ok(body, `no ${name}=( ... ) in the script`);
    return body[1].split("\n").map((line) => line.trim().replace(/^'(.*)'$/, "$1"));
}

describe("provisioning golden files", () => {
    const engineFile = path.join(goldenRoot, "push-engine.sh");
    if (update) fs.writeFileSync(engineFile, pushEngine);

    it("the push engine every unit's script shares is its golden file", () => {
        assert.strictEqual(pushEngine, fs.readFileSync(engineFile, "utf8"), "push-engine.sh differs; if intended, UPDATE_GOLDEN=1 and review");
    });

    for (const { dir: stack, hosts } of goldenSets) {
        for (const [host, units] of Object.entries(hosts()) as [string, readonly PushUnit[]][]) {
            it(`${stack}/${host}: each push script is its unit's section, then its files' hashes and exact bytes, then the engine`, () => {
                for (const unit of units) {
                    const script = renderPushScript(unit, "admin");
                    assert.ok(script.includes(renderUnitSection(unit, "admin")), unit.name);
                    assert.ok(script.endsWith(`${pushEngine}\nmain </dev/null\n`), unit.name);
                    assert.deepStrictEqual(bashArray(script, "sha256"), unit.files.map((f) => sha256(f.content)), unit.name);
                    assert.deepStrictEqual(bashArray(script, "payload").map((b64) => Buffer.from(b64, "base64").toString("utf8")), unit.files.map((f) => f.content), unit.name);
                }
            });
        }
    }

    for (const { dir: stack, hosts, base } of goldenSets) {
        describe(stack, () => {
            const expected = expectedFiles(hosts(), base?.());
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
