/**
 * The plan's exit codes mean one thing: 0 clean, 1 mandatory violation, 2 bad input (config,
 * stack name, arguments, unreadable file). A closed stdout ends it quietly; an error escaping the
 * command is reported as an internal error (70), never Node's bare exit 1.
 */
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as path from "path";
import { loader, repoRoot, runCli, stackYaml, tempStacks } from "./cli";

const noTrace = (stderr: string) => assert.doesNotMatch(stderr, /^\s+at /m, stderr);

describe("plan exit codes", function () {
    this.timeout(180_000);
    const stacks = tempStacks({
        valid: stackYaml(["203.0.113.10/32"]),
        "Pulumi.b@d name!.yaml": stackYaml(["203.0.113.10/32"]),
        typo: stackYaml(["203.0.113.10/32"], ["aws:regoin: us-east-2", "irisx-infra:sipSignalingPeers: [198.51.100.0/30]"]),
        broken: "config:\n  irisx-infra:domain: [unclosed\n",
    });
    after(() => stacks.remove());

    it("ends quietly with the status it would have had when the reader of stdout has gone (| head)", async () => {
        const child = spawn(process.execPath, ["-r", loader, "bin/plan.ts", "dev"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
        // Closing our end first makes every write of the plan fail with EPIPE, deterministically.
        child.stdout.destroy();
        let stderr = "";
        child.stderr.on("data", (chunk) => (stderr += chunk));
        const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
        assert.strictEqual(status, 0, stderr);
        assert.doesNotMatch(stderr, /EPIPE|internal error/);
        noTrace(stderr);
    });

    it("refuses a stack name outside Pulumi's rule, given or taken from --stack-file, with exit 2", () => {
        for (const [args, says] of [
            [["b@d name!", "--stack-file", stacks.file("valid")], /invalid character "@" at position 1/],
            [["--stack-file", path.join(stacks.dir, "Pulumi.b@d name!.yaml")], /Pulumi\.b@d name!\.yaml: a stack name may only contain alphanumeric, hyphens, underscores, or periods/],
            [["x".repeat(101), "--stack-file", stacks.file("valid")], /cannot exceed 100 characters/],
            [["dev\n"], /invalid character "\\n" at position 3/],
        ] as const) {
            const result = runCli("plan", args);
            assert.strictEqual(result.status, 2, result.stderr);
            assert.match(result.stderr, says);
            noTrace(result.stderr);
        }
    });

    it("exits 2 naming each mistyped key and its nearest known key, before running the program", () => {
        const result = runCli("plan", ["typo", "--stack-file", stacks.file("typo")]);
        assert.strictEqual(result.status, 2, result.stderr);
        assert.match(result.stderr, /aws:regoin: is not a valid configuration key for the aws provider; did you mean aws:region\?/);
        assert.match(result.stderr, /irisx-infra:sipSignalingPeers: is not a key this program reads; did you mean sipSignallingPeers\?/);
        assert.doesNotMatch(result.stderr, /running the program/);
        noTrace(result.stderr);
    });

    it("exits 2 for a stack file that is not YAML or not a file", () => {
        for (const file of [stacks.file("broken"), stacks.dir]) {
            const result = runCli("plan", ["x", "--stack-file", file]);
            assert.strictEqual(result.status, 2, result.stderr);
            noTrace(result.stderr);
        }
    });

    it("reports an error that escapes the command as an internal error (70) once, not Node's exit 1", () => {
        const script = `require("./offline/plan/exit-codes").runMain("probe", "", async () => {
            Promise.reject(new Error("left behind"));
            await new Promise((resolve) => setTimeout(resolve, 100));
            return 0;
        });`;
        const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: repoRoot, encoding: "utf8" });
        assert.strictEqual(result.status, 70, result.stderr);
        assert.strictEqual(result.stderr.match(/probe: internal error/g)?.length, 1, result.stderr);
    });

    it("keeps exit 2 when a config error escapes late", () => {
        const script = `require("./offline/plan/exit-codes").runMain("probe", "", async () => {
            const { ConfigError } = require("./infra/config");
            setTimeout(() => { throw new ConfigError([{ key: "irisx-infra:domain", message: "late" }]); }, 10);
            await new Promise((resolve) => setTimeout(resolve, 100));
            return 0;
        });`;
        const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: repoRoot, encoding: "utf8" });
        assert.strictEqual(result.status, 2, result.stderr);
        assert.match(result.stderr, /probe: invalid stack configuration:\n {2}- irisx-infra:domain: late/);
        noTrace(result.stderr);
    });
});
