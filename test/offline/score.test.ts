import * as assert from "assert";
import { ExposureRow, HostExposure } from "../../offline/plan/exposure-model";
import { portSecurityScore } from "../../offline/plan/score";

const row = (fromPort: number, source: string, toPort = fromPort, protocols = ["tcp"]): ExposureRow => ({
    fromPort, toPort, protocols, source, sourceKind: "cidr", world: source.endsWith("/0"), purpose: "", grantedBy: ["rule"], grants: [],
});
const host = (role: string, rows: ExposureRow[]): HostExposure => ({ host: `irisx-dev-${role}`, role, securityGroups: [], rows });
const designedApi = host("api", [row(22, "203.0.113.10/32"), row(80, "0.0.0.0/0"), row(443, "0.0.0.0/0")]);

describe("port security score", () => {
    it("is 100/100 for the designed API host and an uncommon app port, with 80/443 listed as sanctioned", () => {
        const score = portSecurityScore({ appPort: 9847, hosts: [designedApi] });
        assert.strictEqual(score.score, 100);
        assert.deepStrictEqual(score.deductions, []);
        assert.strictEqual(score.sanctioned.length, 2);
        assert.match(score.sanctioned[1], /^443 open to 0\.0\.0\.0\/0 on the api host/);
    });

    it("takes 10 points for SSH open to the world and says where", () => {
        const score = portSecurityScore({ appPort: 9847, hosts: [host("api", [...designedApi.rows, row(22, "0.0.0.0/0")])] });
        assert.strictEqual(score.score, 90);
        assert.deepStrictEqual(score.deductions.map((d) => [d.points, d.reason]), [[10, "common port 22 open to 0.0.0.0/0 on the api host (irisx-dev-api)"]]);
    });

    it("takes 10 points for a common app port", () => {
        const score = portSecurityScore({ appPort: 8080, hosts: [] });
        assert.strictEqual(score.score, 90);
        assert.strictEqual(score.deductions[0].reason, "app port 8080 is a common, heavily scanned port");
    });

    it("only warns about a privileged app port that is not common", () => {
        const score = portSecurityScore({ appPort: 990, hosts: [] });
        assert.strictEqual(score.score, 100);
        assert.match(score.warnings[0], /app port 990 is privileged/);
    });

    it("only warns about a privileged, uncommon port open to the world", () => {
        const score = portSecurityScore({ appPort: 9847, hosts: [host("freeswitch", [row(990, "0.0.0.0/0")])] });
        assert.strictEqual(score.score, 100);
        assert.deepStrictEqual(score.warnings, ["privileged port 990 open to 0.0.0.0/0 on the freeswitch host (irisx-dev-freeswitch)"]);
    });

    it("itemises every common port inside an all-ports world rule and never goes below 0", () => {
        const score = portSecurityScore({ appPort: 9847, hosts: [host("freeswitch", [row(0, "::/0", 65535, ["all"])])] });
        assert.strictEqual(score.deductions.length, 12);
        assert.strictEqual(score.score, 0);
    });

    it("does not deduct for ports open only to named ranges", () => {
        const score = portSecurityScore({ appPort: 9847, hosts: [host("freeswitch", [row(22, "203.0.113.10/32"), row(8080, "198.51.100.0/24")])] });
        assert.strictEqual(score.score, 100);
    });
});
