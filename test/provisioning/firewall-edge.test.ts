/**
 * The API host's own firewall in edge alb, checked by nft in a throwaway namespace: the security
 * group names the load balancer's group, which on the host stands for the VPC (the load
 * balancer's nodes take changing addresses in the public subnets). 443 admits an address inside
 * the VPC and no other; nothing is accepted on 80 any more.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { firewallPath } from "../../facts/host-paths";
import { previewHosts } from "../../provisioning/preview";
import { commandsInstalled, requireCapability } from "../helpers/test-host";
import { fileAt, run, stackConfig, tempDir } from "./fixtures";

function loaded(ruleset: string, then: string) {
    const local = path.join(tempDir("nft-edge"), "nftables.conf");
    fs.writeFileSync(local, ruleset);
    const result = run("unshare", ["--user", "--map-root-user", "--net", "sh", "-c", `nft -f ${local} && ${then}`]);
    fs.rmSync(path.dirname(local), { recursive: true, force: true });
    return result;
}

describe("API host firewall in edge alb (nft)", function () {
    this.timeout(60_000);
    const config = { ...stackConfig("dev"), edge: "alb" as const, hostedZoneId: "Z0123456789ABCDEFGHIJ" };
    const ruleset = () => fileAt(previewHosts(config).api, firewallPath).content;

    it("admits 443 from an address inside the VPC (where the load balancer's nodes live) and not from the internet", function () {
        requireCapability(this, commandsInstalled(["nft", "unshare"]));
        assert.strictEqual(loaded(ruleset(), "nft get element inet irisx https_tcp_v4 '{ 10.10.1.37 }'").status, 0);
        const outside = loaded(ruleset(), "nft get element inet irisx https_tcp_v4 '{ 198.51.100.20 }'");
        assert.notStrictEqual(outside.status, 0, outside.stdout);
    });

    it("accepts nothing on 80 any more, where direct mode accepted it from anyone", function () {
        requireCapability(this, commandsInstalled(["nft", "unshare"]));
        const dports = (text: string) => {
            const listing = loaded(text, "nft -j list chain inet irisx input");
            assert.strictEqual(listing.status, 0, listing.stderr);
            return JSON.stringify(JSON.parse(listing.stdout).nftables.filter((i: any) => i.rule).map((i: any) => i.rule.expr));
        };
        assert.doesNotMatch(dports(ruleset()), /"right":80\b/);
        assert.match(dports(fileAt(previewHosts(stackConfig("dev")).api, firewallPath).content), /"right":80\b/);
    });
});
