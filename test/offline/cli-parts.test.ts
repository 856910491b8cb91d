import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "../../offline/plan/args";
import { isConfigError, UsageError } from "../../offline/plan/exit-codes";
import { createProgress } from "../../offline/plan/progress";
import { findOnPath, pulumiCommands } from "../../offline/plan/pulumi-cli";
import { ConfigError } from "../../infra/config";

const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { isTTY, write: (s: string) => written.push(s), written };
};

describe("plan and promote command-line parts", () => {
    it("parses positional stacks, boolean flags and valued options in either form", () => {
        const args = parseArgs(["dev", "--json", "--stack-file", "a.yaml", "--policy-config=b.json"], ["json"], ["stack-file", "policy-config"]);
        assert.deepStrictEqual([args.positional, [...args.flags], args.options.get("stack-file"), args.options.get("policy-config")], [["dev"], ["json"], "a.yaml", "b.json"]);
    });

    it("rejects unknown options and options without a value as usage errors", () => {
        assert.throws(() => parseArgs(["--jsno"], ["json"], []), UsageError);
        assert.throws(() => parseArgs(["--stack-file"], [], ["stack-file"]), /--stack-file needs a value/);
    });

    it("recognises ConfigError by shape, even from a reloaded copy of the module", () => {
        const copy = Object.assign(new Error("x"), { name: "ConfigError", problems: [] });
        assert.strictEqual(isConfigError(copy), true);
        assert.strictEqual(isConfigError(new ConfigError([])), true);
        assert.strictEqual(isConfigError(new Error("ConfigError")), false);
    });

    it("writes no progress when stderr is not a terminal", async () => {
        const out = stream(false);
        assert.strictEqual(await createProgress(out).step("planning", async () => 42), 42);
        assert.deepStrictEqual(out.written, []);
    });

    it("shows each long step with a tick and its duration on a terminal", async () => {
        const out = stream(true);
        await createProgress(out).step("planning dev", async () => undefined);
        assert.match(out.written.join(""), /planning dev…[\s\S]*✓ planning dev \(\d+\.\d s\)\n$/);
    });

    it("marks a failed step and passes the error on", async () => {
        const out = stream(true);
        await assert.rejects(createProgress(out).step("planning", async () => Promise.reject(new Error("boom"))), /boom/);
        assert.match(out.written.join(""), /✗ planning\n$/);
    });

    it("finds an executable on PATH and nothing when PATH lacks it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "irisx-path-"));
        const bin = path.join(dir, "pulumi");
        fs.writeFileSync(bin, "#!/bin/sh\n", { mode: 0o755 });
        assert.strictEqual(findOnPath("pulumi", { PATH: dir }), bin);
        assert.strictEqual(findOnPath("pulumi", { PATH: os.tmpdir() + "/does-not-exist" }), undefined);
        fs.rmSync(dir, { recursive: true });
    });

    it("previews with the policy pack and only runs up with --yes", () => {
        assert.deepStrictEqual(pulumiCommands("prod", false), [["preview", "--stack", "prod", "--policy-pack", "policies"]]);
        assert.deepStrictEqual(pulumiCommands("prod", true)[1], ["up", "--stack", "prod", "--policy-pack", "policies", "--yes"]);
    });
});
