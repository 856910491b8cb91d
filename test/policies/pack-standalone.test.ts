/**
 * The pack stands alone and ships as Pulumi's tooling ships it. `pulumi policy publish` runs
 * `npm pack --loglevel=error` in the pack's folder and uploads the tarball (pulumi
 * pkg/backend/httpstate/policypack.go Publish, sdk/nodejs/npm/npm.go Pack); a stack with the pack
 * enabled unpacks the tarball's package/ folder and runs `npm install --loglevel=error` in it
 * (policypack.go installRequiredPolicy, sdk/nodejs/npm/npm.go installCmd), then starts its
 * @pulumi/pulumi/cmd/run-policy-pack there. This test does each step on a copy of policies/ and
 * facts/ (the leaf it shares) in an empty folder, with nothing else of the repo beside it.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packName, policies } from "../../policies/policies";
import { runPolicyGate } from "../../offline/policy-gate";
import { apiSg, baseline, withIngress } from "../helpers/policy-fixtures";
import { PackProcess, emptyProto, repoRoot, startPolicyPack, verdictsOverGrpc } from "../helpers/policy-pack-process";

/** npm as a publisher or the CLI runs it; the local cache first (CI's `npm ci` filled it), the registry otherwise. */
function npm(cwd: string, args: string[]): string {
    return execFileSync("npm", [...args, "--loglevel=error", "--no-audit", "--no-fund", "--prefer-offline"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function copyTree(from: string, to: string): void {
    fs.cpSync(from, to, { recursive: true, filter: (src) => !["node_modules", "bin"].includes(path.basename(src)) || path.dirname(src) !== from });
}

describe("the pack stands alone: copied, packed as `pulumi policy publish` packs it, installed and run as the CLI runs it", function () {
    this.timeout(600_000);
    let work: string;
    let installed: string;
    let files: string[];
    let pack: PackProcess | undefined;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "irisx-pack-"));
        copyTree(path.join(repoRoot, "policies"), path.join(work, "policies"));
        copyTree(path.join(repoRoot, "facts"), path.join(work, "facts"));
        const source = path.join(work, "policies");
        npm(source, ["install"]);
        const tarball = npm(source, ["pack"]).trim().split("\n").pop()!;
        files = execFileSync("tar", ["-tzf", path.join(source, tarball)], { encoding: "utf8" }).trim().split("\n").sort();
        // What installRequiredPolicy does: unpack, keep package/, install its dependencies there.
        const unpacked = path.join(work, "unpacked");
        fs.mkdirSync(unpacked);
        execFileSync("tar", ["-xzf", path.join(source, tarball), "-C", unpacked]);
        installed = path.join(work, "installed");
        fs.renameSync(path.join(unpacked, "package"), installed);
        npm(installed, ["install"]);
    });
    after(async () => {
        await pack?.stop();
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("ships the built pack and its metadata only: bin/ holds the pack and the facts leaf, nothing of infra/ or TypeScript sources", () => {
        const outside = files.filter((f) => !/^package\/(package\.json|PulumiPolicy\.yaml|policy-config\.example\.json|bin\/(policies|facts)\/.+\.js(\.map)?)$/.test(f));
        assert.deepStrictEqual(outside, []);
        assert.ok(files.includes("package/bin/policies/index.js") && files.includes("package/bin/facts/ports.js"), files.join("\n"));
    });

    it("starts from the installed folder with its own @pulumi/pulumi and lists every policy over gRPC", async () => {
        assert.ok(fs.existsSync(path.join(installed, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack")), "the install brought the pack's own runner");
        pack = await startPolicyPack(installed, 120_000);
        const info = await pack.call("getAnalyzerInfo", new emptyProto.Empty());
        assert.strictEqual(info.getName(), packName);
        assert.deepStrictEqual(info.getPoliciesList().map((p: any) => p.getName()), policies.map((p) => p.name));
    });

    it("gives the same verdicts as the repo's pack in process: none for the baseline, world SSH refused", async () => {
        assert.ok(pack, "the pack started");
        assert.deepStrictEqual(await verdictsOverGrpc(pack, baseline), []);
        const worldSsh = [...baseline.filter((r) => r.urn !== apiSg.urn), withIngress(apiSg, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }])];
        const overGrpc = await verdictsOverGrpc(pack, worldSsh);
        assert.deepStrictEqual(overGrpc.map((v) => v.policyName).sort(), ["api-host-disallow-attached-ssh-sip", "api-host-disallow-broad-ssh", "security-group-disallow-world-ssh"]);
        assert.deepStrictEqual(overGrpc, await runPolicyGate(worldSsh));
    });
});
