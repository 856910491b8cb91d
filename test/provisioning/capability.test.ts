/**
 * A test that cannot run here (not root, a tool missing) skips on a developer's machine but fails
 * in CI (CI=true), so a skipped validator or host test can never pass CI unnoticed.
 */
import * as assert from "assert";
import { canCreateTestHosts, commandsInstalled, requireCapability } from "../helpers/test-host";

describe("missing test capabilities: skip on a developer's machine, fail in CI", () => {
    const saved = process.env.CI;
    afterEach(() => {
        if (saved === undefined) delete process.env.CI;
        else process.env.CI = saved;
    });
    const missing = commandsInstalled(["irisx-no-such-tool"]);
    const fakeContext = () => {
        const calls = { skipped: 0 };
        const ctx = { skip: () => void calls.skipped++ } as unknown as Mocha.Context;
        return { ctx, calls };
    };

    it("reports the missing tool by name", () => {
        assert.deepStrictEqual(missing, { ok: false, reason: "irisx-no-such-tool is not installed (.ci/run installs it)" });
    });

    it("skips without CI=true", () => {
        for (const value of [undefined, "", "false", "1"]) {
            if (value === undefined) delete process.env.CI;
            else process.env.CI = value;
            const { ctx, calls } = fakeContext();
            const warn = console.warn;
            console.warn = () => undefined;
            try {
                requireCapability(ctx, missing);
            } finally {
                console.warn = warn;
            }
            assert.strictEqual(calls.skipped, 1, `CI=${value}`);
        }
    });

    it("fails with the reason when CI=true", () => {
        process.env.CI = "true";
        const { ctx, calls } = fakeContext();
        assert.throws(() => requireCapability(ctx, missing), /irisx-no-such-tool is not installed \(\.ci\/run installs it\); CI=true, so this fails instead of skipping/);
        assert.strictEqual(calls.skipped, 0);
    });

    it("does nothing when the capability is there, CI or not", () => {
        process.env.CI = "true";
        const { ctx, calls } = fakeContext();
        requireCapability(ctx, commandsInstalled(["sh"]));
        assert.strictEqual(calls.skipped, 0);
    });

    it("names root as the reason when not run as root", () => {
        const getuid = process.getuid;
        process.getuid = () => 1000;
        try {
            assert.deepStrictEqual(canCreateTestHosts(), { ok: false, reason: "host tests need root (network and mount namespaces)" });
        } finally {
            process.getuid = getuid;
        }
    });
});
