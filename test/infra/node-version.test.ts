import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { nodeVersionProblem, requiredNodeMajor } from "../../infra/node-version";
import { runUnderFakeEngine, severityError } from "../helpers/fake-engine";

const root = path.resolve(__dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const major = (version: string) => Number(version.replace(/^[~^v]/, "").split(".")[0]);

describe("the Node.js runtime", () => {
    it("refuses an older Node.js, naming its version, the binary and how to get the right one", () => {
        assert.equal(nodeVersionProblem("20.20.2", "/usr/bin/node", 24),
            "irisx-infra needs Node.js 24 or newer, but /usr/bin/node is Node.js 20.20.2: " +
            "install it (`nvm install` in the repository reads .nvmrc) and put it first on PATH");
        assert.match(nodeVersionProblem("23.11.0", "/opt/node", 24) ?? "", /needs Node\.js 24 or newer, but \/opt\/node is Node\.js 23\.11\.0/);
    });

    it("accepts the declared line and newer ones", () => {
        assert.equal(nodeVersionProblem(`${requiredNodeMajor}.0.0`, "node"), undefined);
        assert.equal(nodeVersionProblem(`${requiredNodeMajor + 2}.1.0`, "node"), undefined);
    });

    it("stops the program on an older Node.js before the Pulumi SDK is loaded", () => {
        // The program as `pulumi up` loads it, on a Node.js that reports 20.20.2.
        const script = `Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.20.2" } });
            try { require("./infra"); } catch (e) { console.log(JSON.stringify({ message: e.message,
                sdkLoaded: Object.keys(require.cache).some((file) => file.includes("@pulumi")) })); }`;
        const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: root, encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
        const { message, sdkLoaded } = JSON.parse(run.stdout);
        assert.match(message, /^irisx-infra needs Node\.js \d+ or newer, but .* is Node\.js 20\.20\.2/);
        assert.equal(sdkLoaded, false);
    });

    describe("under the SDK's program runner, as `pulumi up` runs it (a stand-in engine)", () => {
        // The runner registers the root stack before it loads infra/, so the check fires after the
        // runner and before any provider SDK; it reaches the user as the program's error.
        const project = "irisx-infra";
        const run = (nodeArgs: string[]) => runUnderFakeEngine({ cwd: root, program: "infra/", project, stack: "dev", node: process.execPath, nodeArgs,
            env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
        const errors = (result: { logs: { severity: number; message: string }[] }) => result.logs.filter((l) => l.severity === severityError).map((l) => l.message);

        it("reports the Node.js message as the program's error and registers nothing but the stack", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "node-version-"));
            const preload = path.join(dir, "node-20.js");
            fs.writeFileSync(preload, 'Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.20.2" } });\n');
            const result = await run(["-r", preload]).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
            assert.notEqual(result.status, 0, result.stderr);
            assert.equal(errors(result).length, 1, result.stderr);
            assert.match(errors(result)[0], /^Running program '.*infra\/?' failed with an unhandled exception:\n.*irisx-infra needs Node\.js \d+ or newer, but .* is Node\.js 20\.20\.2/);
            assert.deepEqual(result.registered, [`pulumi:pulumi:Stack ${project}-dev`]);
        });

        it("passes the declared line on to the program (here it stops at the missing stack config)", async () => {
            const result = await run([]);
            assert.equal(errors(result).length, 1, result.stderr);
            assert.doesNotMatch(errors(result)[0], /needs Node\.js/);
            assert.match(errors(result)[0], /invalid stack configuration/);
        });
    });

    it("is declared once: engines and the pinned binaries follow .nvmrc", () => {
        assert.ok(requiredNodeMajor >= 24, `.nvmrc says ${requiredNodeMajor}`);
        assert.equal(manifest.engines.node, `>=${requiredNodeMajor}`);
        const binaries = Object.entries<string>(manifest.optionalDependencies).filter(([name]) => name.startsWith("node-"));
        assert.ok(binaries.length > 0, "no pinned Node.js binary package");
        for (const [name, range] of binaries) assert.equal(major(range), requiredNodeMajor, name);
    });

    it("runs these tests on the declared line or newer, on the pinned binary where one is installed", () => {
        assert.ok(major(process.versions.node) >= requiredNodeMajor, `running on Node.js ${process.version}`);
        const pinned = path.join(root, "node_modules", ".bin", "node");
        if (fs.existsSync(pinned)) assert.equal(process.execPath, fs.realpathSync(pinned));
    });
});
