/**
 * The rendered host firewalls, checked by nft itself: every committed stack's ruleset passes
 * `nft -c -f` and loads, in a throwaway user + network namespace, into exactly one table whose
 * accept rules are the role's security-group rules (counted from the kernel's own listing).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { planIngress } from "../../facts/ingress";
import { firewallPath } from "../../facts/host-paths";
import { firewallRules, renderFirewall } from "../../provisioning/render/nftables";
import { commandsInstalled, requireCapability } from "../helpers/test-host";
import { fileAt, hostsOf, run, stackConfig, stacks, tempDir } from "./fixtures";
import { record } from "./measurements";

/** Runs nft in a fresh user + network namespace: its own empty ruleset, no root needed. */
function nft(args: readonly string[]) {
    return run("unshare", ["--user", "--map-root-user", "--net", "nft", ...args]);
}

describe("host firewall rulesets (nft)", function () {
    this.timeout(60_000);

    for (const stack of stacks) {
        for (const role of ["api", "freeswitch"] as const) {
            it(`${stack}/${role}: passes nft -c -f and loads one table: policy drop, loopback, established, the group's rules`, function () {
                requireCapability(this, commandsInstalled(["nft", "unshare"]));
                const file = fileAt(hostsOf(stack)[role], firewallPath);
                const local = path.join(tempDir("nft"), "nftables.conf");
                fs.writeFileSync(local, file.content);
                const check = nft(["-c", "-f", local]);
                assert.strictEqual(check.status, 0, check.stderr);
                // Load twice (a re-push replaces the table in one transaction), then list what the kernel holds.
                const loaded = run("unshare", ["--user", "--map-root-user", "--net", "sh", "-c", `nft -f ${local} && nft -f ${local} && nft -j list ruleset`]);
                assert.strictEqual(loaded.status, 0, loaded.stderr);
                const items: any[] = JSON.parse(loaded.stdout).nftables;
                assert.deepStrictEqual(items.filter((i) => i.table).map((i) => `${i.table.family} ${i.table.name}`), ["inet irisx"]);
                const chain = items.find((i) => i.chain)!.chain;
                assert.deepStrictEqual([chain.hook, chain.policy], ["input", "drop"]);
                const rules = items.filter((i) => i.rule).map((i) => i.rule);
                const accepts = rules.filter((r) => r.comment);
                const expected = firewallRules({ rules: planIngress(stackConfig(stack)).filter((r) => r.role === role), groupAddresses: { api: ["10.0.0.1/32"] } });
                assert.strictEqual(accepts.length, expected.length);
                assert.strictEqual(rules.length, accepts.length + 3, "loopback, established/related, invalid");
                record(`firewall rules ${stack}/${role} (kernel listing: total / port rules)`, `${rules.length} / ${accepts.length}`);
                fs.rmSync(path.dirname(local), { recursive: true, force: true });
            });
        }
    }

    it("merges overlapping sources in one set (auto-merge) instead of refusing them", function () {
        requireCapability(this, commandsInstalled(["nft", "unshare"]));
        const config = { ...stackConfig("dev"), adminCidrs: ["198.51.100.0/24", "198.51.100.7/32"] };
        const local = path.join(tempDir("nft"), "overlap.conf");
        fs.writeFileSync(local, renderFirewall({ rules: planIngress(config).filter((r) => r.role === "api"), groupAddresses: {} }));
        const loaded = run("unshare", ["--user", "--map-root-user", "--net", "sh", "-c", `nft -f ${local} && nft get element inet irisx ssh_tcp_v4 '{ 198.51.100.7 }'`]);
        assert.strictEqual(loaded.status, 0, loaded.stderr);
        assert.match(loaded.stdout, /198\.51\.100\.0\/24/);
    });

    it("refuses to render a security-group source it has no address for", () => {
        assert.throws(() => renderFirewall({ rules: planIngress(stackConfig("dev")).filter((r) => r.role === "freeswitch"), groupAddresses: {} }), /no address given for security group api/);
    });
});
