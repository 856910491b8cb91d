/**
 * N hosts per role (apiHosts, freeswitchHosts): the real program under the mock runtime at N = 1,
 * 3 and 10, as an update and as a fresh-stack preview. Growth is linear, the security-group rules
 * do not grow, host 0 keeps its names and inputs, and every cross-host list (ESL ACL, nftables
 * ESL set, api.env) names every peer, read back by xmllint, nft and the env-file grammar.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { MockedRun, RecordedResource, runMocked } from "../../offline/mock-run";
import { freshStackPreview } from "../../offline/first-preview";
import { evaluatePolicies } from "../../offline/plan/verdicts";
import { computeExposure } from "../../offline/plan/exposure";
import { appPortTagKey, roleTagKey } from "../../facts/ports";
import { hostLabel, hostSubnetIndex } from "../../facts/hosts";
import { apiEnvPath, firewallPath, freeswitchPaths } from "../../facts/host-paths";
import { committedValues, inputsFrom, ofType, plain } from "../helpers/stacks";
import { types } from "../../facts/resource-types";
import { pushedFiles } from "../helpers/push-files";
import { commandsInstalled, requireCapability } from "../helpers/test-host";
import { run as exec, tempDir } from "../provisioning/fixtures";

const scaled = (api: number, freeswitch: number) => ({
    ...committedValues("dev"),
    "irisx-infra:apiHosts": String(api),
    "irisx-infra:freeswitchHosts": String(freeswitch),
});

const countByType = (run: MockedRun) => {
    const counts = new Map<string, number>();
    for (const r of run.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return counts;
};

const hostsOf = (run: MockedRun, role: "api" | "freeswitch") =>
    ofType(run, types.instance).filter((r) => plain(r).tags[roleTagKey] === role);

const push = (run: MockedRun, label: string, unit: string) => {
    const found = run.resources.find((r) => r.type === types.remoteCommand && r.name === `irisx-dev-${label}-${unit}-apply`);
    assert.ok(found, `no ${unit} push for ${label}`);
    return pushedFiles(plain(found).stdin);
};

describe("N hosts per role (mock runtime, dev at apiHosts/freeswitchHosts 1, 3, 10)", function () {
    this.timeout(300_000);
    let one: MockedRun;
    let three: MockedRun;
    let ten: MockedRun;
    before(async () => {
        one = await runMocked({ stack: "dev", values: scaled(1, 1) });
        three = await runMocked({ stack: "dev", values: scaled(3, 3) });
        ten = await runMocked({ stack: "dev", values: scaled(10, 10) });
    });

    it("grows every resource type linearly with N and keeps the security-group rules and groups constant", () => {
        const [c1, c3, c10] = [one, three, ten].map(countByType);
        for (const type of new Set([...c1.keys(), ...c3.keys(), ...c10.keys()])) {
            const [a, b, c] = [c1, c3, c10].map((m) => m.get(type) ?? 0);
            // Per host: (b - a) / 2 = (c - a) / 9, a whole number.
            assert.equal((b - a) * 9, (c - a) * 2, `${type}: ${a} / ${b} / ${c} is not linear in N`);
        }
        for (const type of [types.securityGroupIngressRule, types.securityGroupEgressRule, types.securityGroup, types.securityGroupRule]) {
            assert.deepEqual([c1, c3, c10].map((m) => m.get(type) ?? 0), Array(3).fill(c1.get(type) ?? 0), type);
        }
        assert.deepEqual([c1, c3, c10].map((m) => m.get(types.instance)), [2, 6, 20]);
    });

    it("gives each host its own Elastic IP, instance profile, status alarm and push units", () => {
        for (const role of ["api", "freeswitch"] as const) {
            for (let i = 0; i < 3; i++) {
                const label = hostLabel(role, i);
                const names = new Set(three.resources.map((r) => r.name));
                for (const name of [`irisx-dev-${label}-eip`, `irisx-dev-${label}-profile`, `irisx-dev-${label}-role`, `irisx-dev-alarms-StatusCheck-${label}`]) {
                    assert.ok(names.has(name), name);
                }
                assert.ok(three.resources.some((r) => r.name === `irisx-dev-${label}-firewall-apply`), `${label}: no firewall push`);
            }
        }
        const alarmed = ofType(three, types.metricAlarm).filter((a) => plain(a).metricName === "StatusCheckFailed");
        const instances = alarmed.map((a) => inputsFrom(three, a, "dimensions")[0]?.name).sort();
        assert.deepEqual(instances, [...hostsOf(three, "api"), ...hostsOf(three, "freeswitch")].map((h) => h.name).sort());
    });

    it("puts API host i in public subnet i % 2 and FreeSWITCH host i in (i + 1) % 2", () => {
        for (const role of ["api", "freeswitch"] as const) {
            for (let i = 0; i < 10; i++) {
                const instance = ten.resources.find((r) => r.name === `irisx-dev-${hostLabel(role, i)}-instance`)!;
                const [subnet] = inputsFrom(ten, instance, "subnetId");
                assert.match(subnet.name, new RegExp(`public-${hostSubnetIndex(role, i)}$`), `${role} host ${i} in ${subnet.name}`);
            }
        }
    });

    it("keeps host 0's URNs and inputs when N grows from 1 to 3: every resource but the pushes is identical", () => {
        const after = new Map(three.resources.map((r) => [r.urn, r]));
        assert.deepEqual(one.resources.filter((r) => !after.has(r.urn)).map((r) => r.name), [], "a host-0 resource was renamed or dropped");
        // The pushes connect to Elastic IPs the mock hands out in registration order; the preview below compares them as an engine would.
        const changed = one.resources
            .filter((r) => r.type !== types.remoteCommand && JSON.stringify(plain(r)) !== JSON.stringify(plain(after.get(r.urn)!)))
            .map((r) => r.name);
        assert.deepEqual(changed, []);
        const added = three.resources.filter((r) => !one.resources.some((o) => o.urn === r.urn)).map((r) => r.name);
        assert.ok(added.every((name) => /^irisx-dev-(api|freeswitch)-[12](-|$)|StatusCheck-(api|freeswitch)-[12]$/.test(name)), added.join(", "));
        // The app-port tag the pack reads stays on every API host.
        assert.ok(hostsOf(three, "api").every((h) => plain(h).tags[appPortTagKey] === "9847"));
    });

    it("previews growing an existing 1-host stack to 3 as creates only, and re-runs of exactly the pushes that list the new peers", async () => {
        const grow = await runMocked({ stack: "dev", values: scaled(3, 3), preview: true, prior: one });
        const steps = (step: string) => grow.resources.filter((r) => r.custom && r.step === step).map((r) => r.name).sort();
        assert.deepEqual(steps("update"), []);
        // api.env names every FreeSWITCH host; FreeSWITCH host 0's ACL and firewall name every API host.
        // A push is replaced when its content hash (a trigger) changes: that is how it runs again.
        assert.deepEqual(steps("replace"), ["irisx-dev-api-api-env-apply", "irisx-dev-freeswitch-firewall-apply", "irisx-dev-freeswitch-freeswitch-apply"]);
        assert.ok(steps("create").every((name) => /^irisx-dev-(api|freeswitch)-[12]-|StatusCheck-(api|freeswitch)-[12]$/.test(name)), steps("create").join(", "));
        assert.equal(steps("same").length, one.resources.filter((r) => r.custom).length - 3);
    });

    it("lists every API host's private address in every FreeSWITCH host's ESL ACL (xmllint) and firewall (nft), and nothing else", function () {
        requireCapability(this, commandsInstalled(["xmllint", "nft", "unshare"]));
        const apiIps: string[] = three.outputs.apiPrivateIps;
        const fsIps: string[] = three.outputs.freeswitchPrivateIps;
        assert.equal(new Set([...apiIps, ...fsIps]).size, 6, "addresses are distinct");
        const dir = tempDir("hosts");
        try {
            fsIps.forEach((fsIp, i) => {
                const label = hostLabel("freeswitch", i);
                const acl = path.join(dir, `${label}-acl.xml`);
                fs.writeFileSync(acl, push(three, label, "freeswitch").get(freeswitchPaths.acl)!);
                const listed = exec("xmllint", ["--xpath", "//list[@name='irisx-esl']/node/@cidr", acl]);
                assert.equal(listed.status, 0, listed.stderr);
                const cidrs = [...listed.stdout.matchAll(/cidr="([^"]+)"/g)].map((m) => m[1]);
                assert.deepEqual(cidrs, [...apiIps.map((ip) => `${ip}/32`), `${fsIp}/32`], label);

                const nftables = path.join(dir, `${label}-nftables.conf`);
                fs.writeFileSync(nftables, push(three, label, "firewall").get(firewallPath)!);
                const probe = (ip: string) => exec("unshare", ["--user", "--map-root-user", "--net", "sh", "-c", `nft -f ${nftables} && nft get element inet irisx esl_tcp_v4 '{ ${ip} }'`]).status;
                for (const ip of apiIps) assert.equal(probe(ip), 0, `${label}: ESL from API host ${ip} refused`);
                for (const ip of fsIps) assert.notEqual(probe(ip), 0, `${label}: ESL admitted from FreeSWITCH host ${ip}`);
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("names every FreeSWITCH host's ESL endpoint in every API host's api.env, host 0 first and as FREESWITCH_ESL_HOST", () => {
        const fsIps: string[] = three.outputs.freeswitchPrivateIps;
        for (let i = 0; i < 3; i++) {
            const env = push(three, hostLabel("api", i), "api-env").get(apiEnvPath)!;
            const vars = new Map(env.split("\n").filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
            assert.equal(vars.get("FREESWITCH_ESL_ENDPOINTS"), fsIps.map((ip) => `${ip}:8021`).join(","));
            assert.equal(vars.get("FREESWITCH_ESL_HOST"), fsIps[0]);
        }
    });

    it("exports each role's hosts as lists, host 0 first, and each FreeSWITCH host's SIP origination URI", () => {
        const o = three.outputs;
        for (const [list, single] of [["apiPublicIps", "apiPublicIp"], ["apiPrivateIps", "apiPrivateIp"], ["apiHostKeys", "apiHostKey"],
            ["freeswitchPublicIps", "freeswitchPublicIp"], ["freeswitchPrivateIps", "freeswitchPrivateIp"], ["freeswitchHostKeys", "freeswitchHostKey"]]) {
            assert.equal(o[list].length, 3, list);
            assert.equal(o[list][0], o[single], `${list}[0] is ${single}`);
            assert.equal(new Set(o[list]).size, 3, `${list} distinct`);
        }
        assert.deepEqual(o.freeswitchSipUris, o.freeswitchPublicIps.map((ip: string) => `sip:${ip}:5060`));
    });

    it("judges the 3-host stack clean with the pack, and shows three exposure tables per role with the one-host rows", async () => {
        const verdicts = await evaluatePolicies(three.resources);
        assert.deepEqual(verdicts.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName} ${v.urn}`), []);
        const rows = (run: MockedRun) => computeExposure(run.resources as RecordedResource[], 9847);
        const [base, grown] = [rows(one), rows(three)];
        for (const role of ["api", "freeswitch"]) {
            const tables = grown.filter((h) => h.role === role);
            assert.equal(tables.length, 3, role);
            const expected = JSON.stringify(base.find((h) => h.role === role)!.rows);
            for (const t of tables) assert.equal(JSON.stringify(t.rows), expected, `${t.host}: rows differ from host 0's`);
        }
    });

    it("previews a fresh 3-host stack with the update's resources, every provider check passing", async () => {
        const preview = await freshStackPreview("dev", scaled(3, 3));
        assert.equal(preview.status, "clean", JSON.stringify(preview.violations));
        assert.deepEqual(preview.run.resources.map((r) => r.urn).sort(), three.resources.map((r) => r.urn).sort());
    });
});
