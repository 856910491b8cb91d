/** `npm run render` as a child process, as a reviewer runs it: the files, and exit 2 with one line for a mistake. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { allFiles, hostsOf, repoRoot, tempDir } from "./fixtures";
import { nginxPaths } from "../../facts/host-paths";

const loader = path.join(repoRoot, "bin", "register.js");

function render(args: readonly string[]) {
    const result = spawnSync(process.execPath, ["-r", loader, path.join("bin", "render.ts"), ...args], {
        cwd: repoRoot,
        encoding: "utf8",
        timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run render (child process)", function () {
    this.timeout(60_000);
    let dir: string;
    beforeEach(() => (dir = tempDir("render-cli")));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("writes every file of the dev stack and the push scripts, exit 0", () => {
        const result = render(["dev", dir]);
        assert.strictEqual(result.status, 0, result.stderr);
        const hosts = hostsOf("dev");
        const count = allFiles(hosts.api).length + allFiles(hosts.freeswitch).length;
        assert.match(result.stdout, new RegExp(`^dev: wrote ${count} files for api, freeswitch under `));
        for (const file of allFiles(hosts.api)) assert.strictEqual(fs.readFileSync(path.join(dir, "api", file.path), "utf8"), file.content, file.path);
        assert.ok(fs.existsSync(path.join(dir, "api", nginxPaths.certbotDeployHook)));
        assert.ok(fs.existsSync(path.join(dir, "api", ".push", "nginx.sh")));
    });

    it("exits 2 for an unknown stack with a one-line reason (plus usage), no stack trace, nothing written", () => {
        const result = render(["qa", dir]);
        assert.strictEqual(result.status, 2, result.stderr);
        const lines = result.stderr.trim().split("\n");
        assert.strictEqual(lines[0], 'render: unknown stack "qa": there is no Pulumi.qa.yaml; known stacks: dev, prod, staging');
        assert.match(lines[1], /^usage: npm run render -- <stack> <dir>/);
        assert.strictEqual(lines.length, 2, result.stderr);
        assert.doesNotMatch(result.stderr, /^\s+at /m);
        assert.deepStrictEqual(fs.readdirSync(dir), []);
    });

    it("exits 2 with the usage when the directory is missing", () => {
        const result = render(["dev"]);
        assert.strictEqual(result.status, 2, result.stderr);
        assert.match(result.stderr, /^render: expected a stack and a directory, got dev\nusage: npm run render -- <stack> <dir>/);
    });
});
