/**
 * The CloudWatch agent installer from the hosts' user data, run for real (gpg, curl over file://)
 * against packages this test signs itself: it installs only a package signed by the pinned key.
 * dpkg is replaced by a recorder on PATH, the one stand-in: installing is not what is tested.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { renderAgentInstaller } from "../../infra/compute/user-data";
import { commandsInstalled, requireCapability } from "../helpers/test-host";

describe("CloudWatch agent installer (user data)", function () {
    this.timeout(60_000);
    let work: string;
    const gpg = (home: string, args: string[], input?: string) => {
        const r = spawnSync("gpg", ["--batch", "--homedir", home, ...args], { encoding: "utf8", input });
        if (r.status !== 0) throw new Error(`gpg ${args.join(" ")}: ${r.stderr}`);
        return r.stdout;
    };
    /** A signing key in its own keyring; returns the keyring and the key's fingerprint. */
    const signer = (name: string) => {
        const home = fs.mkdtempSync(path.join(work, `${name}-`));
        gpg(home, ["--passphrase", "", "--quick-gen-key", `${name} <${name}@irisx.test>`, "ed25519", "sign", "1d"]);
        const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(home, ["--with-colons", "--fingerprint"]))![1];
        return { home, fingerprint };
    };
    /** A bucket laid out like AWS's, as a directory; `signedBy` signs the package, `published` is the key file offered. */
    const bucket = (name: string, signedBy: { home: string }, published: { home: string }, tamper = false) => {
        const root = path.join(work, name);
        const dir = path.join(root, "debian/amd64/latest");
        fs.mkdirSync(dir, { recursive: true });
        fs.mkdirSync(path.join(root, "assets"));
        const deb = path.join(dir, "amazon-cloudwatch-agent.deb");
        fs.writeFileSync(deb, "!<arch>\nnot really a package\n");
        gpg(signedBy.home, ["--output", `${deb}.sig`, "--detach-sign", deb]);
        if (tamper) fs.appendFileSync(deb, "tampered\n");
        fs.writeFileSync(path.join(root, "assets/amazon-cloudwatch-agent.gpg"), gpg(published.home, ["--armor", "--export"]));
        return `file://${root}`;
    };
    const install = (base: string, fingerprint: string) => {
        const bin = fs.mkdtempSync(path.join(work, "bin-"));
        const calls = path.join(bin, "dpkg-calls");
        fs.writeFileSync(path.join(bin, "dpkg"), `#!/bin/sh\necho "$*" >> ${calls}\n`, { mode: 0o755 });
        const script = path.join(bin, "install.sh");
        fs.writeFileSync(script, renderAgentInstaller({ base, fingerprint }), { mode: 0o755 });
        const r = spawnSync("sh", [script], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
        return { status: r.status, stderr: r.stderr, dpkg: fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim() : "" };
    };

    let aws: { home: string; fingerprint: string };
    let other: { home: string; fingerprint: string };
    before(function () {
        requireCapability(this, commandsInstalled(["gpg", "curl"]));
        work = fs.mkdtempSync(path.join(os.tmpdir(), "irisx-agent-"));
        aws = signer("aws");
        other = signer("other");
    });
    after(() => work && fs.rmSync(work, { recursive: true, force: true }));

    it("installs the package when it carries a valid signature by the pinned key", () => {
        const result = install(bucket("good", aws, aws), aws.fingerprint);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(result.dpkg, "-i -E amazon-cloudwatch-agent.deb");
    });

    it("refuses a package signed by another key, even when the bucket publishes that key", () => {
        const result = install(bucket("other", other, other), aws.fingerprint);
        assert.equal(result.status, 1);
        assert.match(result.stderr, new RegExp(`no valid signature by ${aws.fingerprint}`));
        assert.equal(result.dpkg, "");
    });

    it("refuses a package changed after it was signed", () => {
        const result = install(bucket("tampered", aws, aws, true), aws.fingerprint);
        assert.equal(result.status, 1);
        assert.equal(result.dpkg, "");
    });
});
