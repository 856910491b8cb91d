/**
 * The suite's fixtures come from the repo and its installed packages only: run the lookup from a
 * copy of the repo with nothing beside it (as a newcomer's clone), and say what to install when
 * fail2ban is missing.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fail2banSamples, repoRoot, requireFail2banSamples, tempDir } from "./fixtures";

/** The repo's files (no .git, no node_modules: the installed packages are linked back in). */
function copyOfRepo(): { root: string; repo: string } {
    const root = tempDir("clone");
    const repo = path.join(root, "irisx-infra");
    const skip = new Set(["node_modules", ".git"]);
    fs.cpSync(repoRoot, repo, { recursive: true, filter: (src) => !skip.has(path.basename(src)) });
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(repo, "node_modules"));
    return { root, repo };
}

/** Reads every fixture the filter tests read, from `repo`, and prints where each came from. */
const lookup = `
const fs = require("fs"), path = require("path");
const f = require("./test/provisioning/fixtures");
const found = f.fail2banSamples();
if (!("dir" in found)) { console.error(found.reason); process.exit(3); }
const files = [path.join(f.samplesDir, "freeswitch-1.10.7"), path.join(f.samplesDir, "nginx-1.22.1-limit-req-error.log"),
  ...["freeswitch", "sshd", "nginx-limit-req"].map((n) => path.join(found.dir, n))];
console.log(JSON.stringify(files.map((file) => ({ file: fs.realpathSync(file), bytes: fs.readFileSync(file).length }))));
`;

describe("fixture lookup from a clone with nothing beside it", function () {
    this.timeout(120_000);
    let copy: { root: string; repo: string };

    before(function () {
        requireFail2banSamples(this);
        copy = copyOfRepo();
    });
    after(() => copy && fs.rmSync(copy.root, { recursive: true, force: true }));

    it("finds every sample log inside the clone or the installed fail2ban package, none beside the clone", () => {
        assert.deepStrictEqual(fs.readdirSync(copy.root), ["irisx-infra"]);
        const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", lookup], { cwd: copy.repo, encoding: "utf8" });
        assert.strictEqual(result.status, 0, result.stderr);
        const files = JSON.parse(result.stdout) as { file: string; bytes: number }[];
        const pkg = (fail2banSamples() as { dir: string }).dir;
        for (const { file, bytes } of files) {
            assert.ok(file.startsWith(copy.repo + path.sep) || file.startsWith(fs.realpathSync(pkg) + path.sep), `${file} is outside the clone and the fail2ban package`);
            assert.ok(bytes > 0, file);
        }
        assert.strictEqual(files.filter((f) => f.file.startsWith(copy.repo)).length, 2);
    });

    it("passes the metric-filter tests that read fail2ban's samples, run from the clone", () => {
        const mocha = path.join(copy.repo, "node_modules", ".bin", "mocha");
        const result = spawnSync(mocha, ["--no-config", "-r", "ts-node/register/transpile-only", "--extension", "ts", "test/infra/filter-pattern.test.ts"], {
            cwd: copy.repo,
            encoding: "utf8",
            env: { ...process.env, CI: "true", PATH: `${path.join(copy.repo, "node_modules", ".bin")}:${process.env.PATH}` },
        });
        assert.strictEqual(result.status, 0, result.stdout + result.stderr);
        assert.match(result.stdout, /SipAuthFailures matches fail2ban's own FreeSWITCH failure samples/);
        assert.doesNotMatch(result.stdout, /pending|skipped/);
    });
});

describe("a missing fail2ban", () => {
    const saved = { PATH: process.env.PATH, CI: process.env.CI };
    afterEach(() => Object.assign(process.env, saved));

    it("fails under CI=true with what to install, instead of skipping", () => {
        const empty = tempDir("empty-path");
        process.env.PATH = empty;
        process.env.CI = "true";
        const ctx = { skip: () => assert.fail("skipped under CI=true") } as unknown as Mocha.Context;
        try {
            assert.throws(() => requireFail2banSamples(ctx), /fail2ban-regex is not on PATH: install Debian's fail2ban package \(apt-get install fail2ban/);
        } finally {
            fs.rmSync(empty, { recursive: true, force: true });
        }
    });
});
