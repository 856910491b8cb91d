/**
 * The push under faults, on a namespaced test host with Debian's sshd, nginx and fail2ban: a
 * validator that hangs and a signal, a signal during the reload, SIGKILL after the swap, a disk
 * that fills on the second file, a reload that fails (once, twice), a post-reload check that
 * fails, and a staged file replaced during the push. After each: the live files are all old, or
 * all new and valid, the next plain push converges (validated and reloaded), and no staged copy
 * is left. Stubs wrap the real steps only to hold or break them at one point.
 */
import * as assert from "assert";
import { PushUnit } from "../../provisioning/model";
import { apiHostUnits } from "../../provisioning/roles/api";
import { legacyStagingDir, pushExit, sha256, stagingDir } from "../../provisioning/render/push-script";
import { canCreateTestHosts, requireCapability, TestHost, waitFor } from "../helpers/test-host";
import { makeKeys, pushOverSsh, pushOverSshAsync, SshClient, startFail2ban, startNginx, startSshd, testHostOptions } from "../helpers/test-host-services";
import { stackConfig, unitNamed } from "./fixtures";
import { record } from "./measurements";
import { apiEnvPath, fail2banPaths, nginxPaths } from "../../facts/host-paths";

const config = stackConfig("dev");
const secrets = { dbPassword: "FaultTestDbPassw0rd", redisAuthToken: "FaultTestRedisT0ken", eslPassword: "FaultTestEslPassw0rd", apiKeyHashSecret: "FaultTestApiKeyHashS3cret" };
const values = {
    config,
    db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" },
    redis: { host: "cache.internal", port: 6379 },
    recordingsBucket: "irisx-dev-recordings-test",
    freeswitchPrivateIps: ["10.10.0.20"],
    host: testHostOptions,
};
const units = apiHostUnits(values, secrets);
const fail2ban = unitNamed(units, "fail2ban");
const nginx = unitNamed(units, "nginx");
const apiEnv = unitNamed(units, "api-env");

/** The fail2ban unit with another bantime: a change fail2ban-client reports once it is reloaded. */
function withBantime(hours: number, change: Partial<PushUnit> = {}): PushUnit {
    const files = fail2ban.files.map((f) => ({ ...f, content: f.content.replace(/^bantime = .*$/m, `bantime = ${hours}h`) }));
    return { ...fail2ban, files, ...change };
}

/**
 * A step that notes the push script's PID ($$ in a step) and its own ($BASHPID), holds until
 * /run/<marker>.go exists, then runs `then`. Only the first call holds (a rollback's reload runs through).
 */
const holdThen = (marker: string, then: string) =>
    `if [ ! -e /run/${marker} ]; then echo $BASHPID > /run/${marker}.step; echo $$ > /run/${marker}; while [ ! -e /run/${marker}.go ]; do sleep 0.1; done; fi\n${then}`;

describe("the push under faults, on a test host (real sshd, nginx, fail2ban)", function () {
    this.timeout(120_000);
    let host: TestHost | undefined;
    let client: SshClient;

    const sh = (script: string) => host!.exec(script).stdout.trim();
    const hashes = (unit: PushUnit) => sh(`sha256sum ${unit.files.map((f) => f.path).join(" ")}`);
    const bantime = () => sh("fail2ban-client get sshd bantime");
    const leftovers = () =>
        sh(`ls -d ${stagingDir("*")}/tree /var/lib/irisx-push/*.pending ${legacyStagingDir("root", "*")} 2>/dev/null; find /etc -name '*.irisx-new' -o -name '*.irisx-old' 2>/dev/null`);
    /** For the closing note: what the push printed in each fault (exit code, stderr, else stdout). */
    const outcome = (fault: string, r: { status: number; stdout: string; stderr: string }) =>
        record(`fault: ${fault}`, `exit ${r.status}: ${(r.stderr.trim() || r.stdout.trim() || "(nothing printed)").replace(/\n/g, " | ")}`);
    const scriptPid = async (marker: string) => {
        await waitFor(() => host!.exec(`test -s /run/${marker}`).status === 0, 30_000);
        return sh(`cat /run/${marker}`);
    };
    /** The next plain push of `unit` converges: applied (or unchanged) and nothing left behind. */
    const converges = (unit: PushUnit) => {
        const next = pushOverSsh(client, unit);
        assert.strictEqual(next.status, pushExit.applied, next.stderr);
        assert.strictEqual(leftovers(), "");
        return next;
    };

    before(async function () {
        requireCapability(this, canCreateTestHosts());
        host = await TestHost.create("faults");
        const keys = makeKeys(host);
        await startSshd(host, keys);
        startNginx(host);
        startFail2ban(host);
        client = { host, keys };
        for (const unit of units) assert.strictEqual(pushOverSsh(client, unit).status, pushExit.applied, unit.name);
    });

    after(() => host?.destroy());

    it("a validator that hangs, then SIGTERM: exit 1, nothing changed, the validator ended; the next push applies", async () => {
        const before = hashes(fail2ban);
        const push = pushOverSshAsync(client, withBantime(2, { validate: holdThen("hold-validate", fail2ban.validate) }));
        const pid = await scriptPid("hold-validate");
        host!.exec(`kill -TERM ${pid}`);
        const result = await push;
        outcome("validator held, SIGTERM", result);
        assert.strictEqual(result.status, pushExit.refused, result.stderr);
        assert.match(result.stderr, /interrupted by SIGTERM before any file changed; nothing changed/);
        assert.strictEqual(hashes(fail2ban), before);
        assert.strictEqual(host!.exec(`kill -0 $(cat /run/hold-validate.step)`).status, 1, "the held validator ended with the push");
        assert.strictEqual(leftovers(), "");
        assert.match(converges(withBantime(2)).stdout, /updated /);
        assert.strictEqual(bantime(), "7200");
        host!.exec("rm -f /run/hold-validate*");
    });

    it("SIGTERM during the reload: exit 4, previous files restored and reloaded", async () => {
        const before = hashes(fail2ban);
        const push = pushOverSshAsync(client, withBantime(3, { reload: holdThen("hold-reload", fail2ban.reload) }));
        host!.exec(`kill -TERM ${await scriptPid("hold-reload")}`);
        const result = await push;
        outcome("SIGTERM during reload", result);
        assert.strictEqual(result.status, pushExit.rolledBack, result.stderr);
        assert.match(result.stderr, /interrupted by SIGTERM during the reload; previous files restored and reloaded/);
        assert.strictEqual(hashes(fail2ban), before);
        assert.strictEqual(bantime(), "7200", "fail2ban runs the previous files");
        assert.strictEqual(leftovers(), "");
        host!.exec("rm -f /run/hold-reload*");
    });

    it("SIGKILL after the swap: files all new and valid, and the next push restores, reloads and applies them", () => {
        const killed = pushOverSsh(client, withBantime(4, { reload: "kill -KILL $$" }));
        outcome("SIGKILL after swap", killed);
        assert.notStrictEqual(killed.status, pushExit.applied);
        assert.strictEqual(hashes(fail2ban), withBantime(4).files.map((f) => `${sha256(f.content)}  ${f.path}`).join("\n"), "all new");
        assert.strictEqual(host!.exec(`fail2ban-client -c ${fail2banPaths.configDir} -t`).status, 0, "the new files are valid");
        assert.strictEqual(bantime(), "7200", "never reloaded");
        assert.strictEqual(host!.exec("test -e /var/lib/irisx-push/fail2ban.pending").status, 0, "the journal says the push did not finish");
        assert.strictEqual(sh(`ls ${stagingDir("fail2ban")}/tree 2>/dev/null`), "", "the staged tree went once swapped");
        const next = converges(withBantime(4));
        outcome("next push after SIGKILL", next);
        assert.match(next.stdout, /an earlier push of this unit did not finish: restoring its previous files/);
        assert.match(next.stdout, /updated \/etc\/fail2ban\/jail\.d\/irisx\.local/);
        assert.strictEqual(bantime(), "14400", "validated and reloaded, not a silent unchanged");
    });

    it("disk full on the second file: exit 4, every file byte-identical, no .irisx-new/.irisx-old left", () => {
        // conf.d on a one-page tmpfs holding the current site: the new site's copy cannot be written.
        host!.exec(`cp -a ${nginxPaths.site} /run/site && mount -t tmpfs -o size=4k tmpfs ${nginxPaths.site.replace(/\/[^/]+$/, "")} && cp -a /run/site ${nginxPaths.site}`);
        try {
            const grown: PushUnit = {
                ...nginx,
                files: nginx.files.map((f) => (f.path === nginxPaths.main || f.path === nginxPaths.site ? { ...f, content: `${f.content}# ${"x".repeat(3000)}\n` } : f)),
            };
            const before = hashes(nginx);
            const result = pushOverSsh(client, grown);
            outcome("disk full on 2nd file", result);
            assert.strictEqual(result.status, pushExit.rolledBack, result.stderr);
            assert.match(result.stderr, /cannot install \/etc\/nginx\/conf\.d\/irisx-api\.conf: .*No space left on device/);
            assert.match(result.stderr, /previous files restored, nothing was reloaded/);
            assert.strictEqual(hashes(nginx), before, "nginx.conf, swapped first, is back too");
            assert.strictEqual(leftovers(), "");
        } finally {
            host!.exec(`umount ${nginxPaths.site.replace(/\/[^/]+$/, "")}`);
        }
        converges(nginx);
    });

    it("a reload that fails twice: exit 5, host needs attention; the next push reloads and converges", () => {
        const before = hashes(fail2ban);
        const result = pushOverSsh(client, withBantime(5, { reload: "echo 'reload stub: refused' >&2; exit 1" }));
        outcome("reload fails twice", result);
        assert.strictEqual(result.status, pushExit.attention, result.stderr);
        assert.match(result.stderr, /reload failed:\nreload stub: refused; previous files restored but their reload failed too: host needs attention/);
        assert.strictEqual(hashes(fail2ban), before, "previous files restored");
        const next = converges(withBantime(5));
        outcome("next push after reload failed twice", next);
        assert.match(next.stdout, /did not finish: restoring its previous files[\s\S]*restored and reloaded[\s\S]*updated /);
        assert.strictEqual(bantime(), "18000");
    });

    it("a reload that fails once: exit 4, previous files restored and reloaded", () => {
        const flaky = `if [ ! -e /run/reload-failed ]; then touch /run/reload-failed; echo 'reload stub: refused once' >&2; exit 1; fi\n${fail2ban.reload}`;
        const before = hashes(fail2ban);
        const result = pushOverSsh(client, withBantime(6, { reload: flaky }));
        outcome("reload fails once", result);
        host!.exec("rm -f /run/reload-failed");
        assert.strictEqual(result.status, pushExit.rolledBack, result.stderr);
        assert.match(result.stderr, /reload failed:\nreload stub: refused once; previous files restored and reloaded/);
        assert.strictEqual(hashes(fail2ban), before);
        assert.strictEqual(bantime(), "18000");
        assert.strictEqual(leftovers(), "");
    });

    it("a failing post-reload check (prove) restores and reloads the previous files: exit 4", () => {
        const result = pushOverSsh(client, withBantime(7, { prove: "echo 'prove stub: a fresh login fails' >&2; exit 1" }));
        outcome("prove fails", result);
        assert.strictEqual(result.status, pushExit.rolledBack, result.stderr);
        assert.match(result.stderr, /the check after the reload failed:\nprove stub: a fresh login fails; previous files restored and reloaded/);
        assert.strictEqual(bantime(), "18000", "fail2ban went back to the previous bantime");
        assert.strictEqual(converges(withBantime(7, { prove: `[ "$(fail2ban-client get sshd bantime)" = 25200 ]` })).status, 0);
    });

    it("a staged file replaced during the push is never installed: exit 1, api.env unchanged, no plaintext left", async () => {
        const rotated = apiHostUnits(values, { ...secrets, dbPassword: "RotatedDbPassw0rd" }).find((u) => u.name === "api-env")!;
        const before = hashes(apiEnv);
        const push = pushOverSshAsync(client, { ...rotated, validate: holdThen("hold-swap", rotated.validate) });
        const pid = await scriptPid("hold-swap");
        assert.ok(pid);
        host!.exec(`printf 'DB_PASSWORD=attacker\\n' > ${stagingDir("api-env")}/tree${apiEnvPath} && touch /run/hold-swap.go`);
        const result = await push;
        outcome("staged file replaced", result);
        host!.exec("rm -f /run/hold-swap*");
        assert.strictEqual(result.status, pushExit.refused, result.stderr);
        assert.match(result.stderr, /the staged copy of \/etc\/irisx\/api\.env changed after it was staged; nothing changed/);
        assert.strictEqual(hashes(apiEnv), before);
        assert.strictEqual(leftovers(), "");
        assert.strictEqual(host!.exec(`grep -rlsD skip RotatedDbPassw0rd /run /var/lib/irisx-push /var/backups/irisx /etc/irisx /root/.irisx-push`).stdout, "", "no plaintext copy anywhere");
    });

    it("a secret unit keeps one previous copy, root-only 0600, and removes what older pushes left in plaintext", () => {
        const legacy = legacyStagingDir("root", "api-env");
        const old = "/var/backups/irisx/api-env";
        host!.exec(`mkdir -p ${legacy} ${old}/20250101T000000Z-1 ${old}/20250102T000000Z-2 && for d in ${legacy} ${old}/2025*; do echo DB_PASSWORD=OldPlaintextSecret > $d/etc__irisx__api.env; done`);
        const rotated = (dbPassword: string) => apiHostUnits(values, { ...secrets, dbPassword }).find((u) => u.name === "api-env")!;
        for (const unit of [rotated("FirstRotationPassw0rd"), rotated("SecondRotationPassw0rd")]) {
            const result = pushOverSsh(client, unit);
            assert.strictEqual(result.status, pushExit.applied, result.stderr);
        }
        const kept = sh(`ls -d ${old}/*/`).split("\n");
        assert.strictEqual(kept.length, 1, kept.join(" "));
        assert.strictEqual(sh(`stat -c '%a %U:%G' ${kept[0]} ${kept[0]}etc__irisx__api.env`), "700 root:root\n600 root:root");
        assert.match(sh(`cat ${kept[0]}etc__irisx__api.env`), /postgres:\/\/irisx:FirstRotationPassw0rd@/);
        assert.strictEqual(host!.exec(`test -e ${legacy}`).status, 1, "the old staging directory is gone");
        const stale = host!.exec(`grep -rlsD skip -e OldPlaintextSecret -e ${secrets.dbPassword} /run /root/.irisx-push /var/backups/irisx /var/lib/irisx-push /etc/irisx`).stdout;
        assert.strictEqual(stale, "", "no rotated-out secret left");
        assert.strictEqual(leftovers(), "");
    });
});
