/** `npm run promote`: config and plan diff on the real staging → prod, on a dangerous made-up pair, and the CLI step. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { resolveStack } from "../../offline/plan/plan-stack";
import { promotionDiagram } from "../../offline/plan/diagram";
import { renderMarkdown } from "../../offline/plan/diagram-mermaid";
import { comparePromotion, Promotion } from "../../offline/plan/promotion";
import { parseMermaid } from "../helpers/mermaid";
import { renderPromotion } from "../../offline/plan/render-promotion";
import { runCli, stackYaml, tempStacks } from "./cli";
import { types } from "../../facts/resource-types";

const keysOf = (p: Promotion, cls: "expected" | "review") => p.config.differences.filter((d) => d.class === cls).map((d) => d.key.replace("irisx-infra:", ""));

describe("promote staging → prod (committed stacks)", () => {
    let promotion: Promotion;
    before(async () => {
        promotion = await comparePromotion(resolveStack("staging"), resolveStack("prod"));
    });

    it("sends the VPC range and the CORS origins to a reviewer", () => {
        assert.deepStrictEqual(keysOf(promotion, "review"), ["corsOrigins", "vpcCidr"]);
    });

    it("calls sizes, Multi-AZ, deletion protection, app port and retention expected", () => {
        const expected = keysOf(promotion, "expected");
        for (const key of ["appPort", "multiAz", "deletionProtection", "dbInstanceClass", "apiInstanceType", "backupRetentionDays", "environment", "domain", "logRetentionDays", "alarms", "wafLogRetentionDays"]) {
            assert.ok(expected.includes(key), `${key} not expected: ${expected.join(", ")}`);
        }
    });

    it("finds the same resources in both stacks but prod's second Redis node's memory alarm and final-snapshot suffix", () => {
        assert.deepStrictEqual(promotion.plan.added.map((r) => r.name), ["irisx-{env}-alarms-RedisMemory-2", "irisx-{env}-db-final-snapshot"]);
        assert.deepStrictEqual(promotion.plan.removed, []);
        assert.ok(promotion.plan.changed.length > 0);
    });

    it("reports changed resources by type and env-free name with the inputs that differ", () => {
        const db = promotion.plan.changed.find((r) => r.type === types.rdsInstance);
        assert.strictEqual(db?.name, "irisx-{env}-db");
        for (const input of ["multiAz", "deletionProtection", "instanceClass"]) assert.ok(db?.inputs.includes(input), `${input} missing`);
        // References to other resources' ids differ per stack by nature and are not changes.
        assert.ok(!promotion.plan.changed.some((r) => r.type === types.securityGroup));
    });

    it("changes no exposure row: the same rules, named for their environment", () => {
        assert.deepStrictEqual(promotionDiagram(promotion).edges.filter((e) => e.change !== undefined), []);
        assert.match(renderPromotion(promotion), /^Exposure differences: 0 row\(s\) added, 0 removed$/m);
    });

    it("passes the policy gate on prod", () => {
        assert.strictEqual(promotion.gateExitCode, 0);
        assert.match(renderPromotion(promotion), /Policy gate on prod: 0 mandatory violation\(s\)/);
    });
});

describe("promote a made-up pair with a dangerous difference", () => {
    const stacks = tempStacks({
        before: stackYaml(["203.0.113.10/32"]),
        after: stackYaml(["203.0.113.0/24"], ["irisx-infra:sipSignallingPeers:", "  - 198.51.100.0/24", "irisx-infra:apiInstanceType: t3.large"]),
    });
    let promotion: Promotion;
    before(async () => {
        promotion = await comparePromotion(resolveStack(undefined, stacks.file("before")), resolveStack(undefined, stacks.file("after")));
    });
    after(() => stacks.remove());

    it("flags the widened admin CIDR and the new SIP peers for review, saying they admit new addresses", () => {
        assert.deepStrictEqual(keysOf(promotion, "review"), ["adminCidrs", "sipSignallingPeers"]);
        assert.ok(promotion.config.differences.filter((d) => d.class === "review").every((d) => d.widens === true));
        assert.deepStrictEqual(keysOf(promotion, "expected"), ["apiInstanceType"]);
        const text = renderPromotion(promotion);
        assert.match(text, /REVIEW +irisx-infra:adminCidrs: before \["203\.0\.113\.10\/32"\] → after \["203\.0\.113\.0\/24"\]/);
        assert.match(text, /added 203\.0\.113\.0\/24; removed 203\.0\.113\.10\/32; ADMITS NEW ADDRESSES/);
    });

    it("shows the rules the change adds and removes", () => {
        const added = promotion.plan.added.map((r) => r.name);
        const removed = promotion.plan.removed.map((r) => r.name);
        assert.ok(added.includes("irisx-{env}-api-ssh-tcp-from-203-0-113-0-24"), added.join("\n"));
        assert.ok(added.includes("irisx-{env}-freeswitch-sip-udp-from-198-51-100-0-24"), added.join("\n"));
        assert.ok(removed.includes("irisx-{env}-api-ssh-tcp-from-203-0-113-10-32"), removed.join("\n"));
        assert.ok(removed.includes("irisx-{env}-freeswitch-sip-tcp-from-54-172-60-0-30"), removed.join("\n"));
    });
});

describe("exposure diagram of a promotion with a dangerous difference", () => {
    const stacks = tempStacks({
        before: stackYaml(["203.0.113.10/32"]),
        after: stackYaml(["203.0.113.0/24"], ["irisx-infra:sipSignallingPeers:", "  - 198.51.100.0/24"]),
    });
    let promotion: Promotion;
    before(async () => {
        promotion = await comparePromotion(resolveStack(undefined, stacks.file("before")), resolveStack(undefined, stacks.file("after")));
    });
    after(() => stacks.remove());

    it("adds the new peer's SIP edge, removes Twilio's and swaps the admin range on both SSH edges", () => {
        const changes = promotionDiagram(promotion).edges.filter((e) => e.change).map((e) => [e.change, e.from, e.to, e.port, (e.addedSources ?? []).join(), (e.removedSources ?? []).join()]);
        assert.deepStrictEqual(changes, [
            ["changed", "range_admin_ranges", "role_api", "22", "203.0.113.0/24", "203.0.113.10/32"],
            ["changed", "range_admin_ranges", "role_freeswitch", "22", "203.0.113.0/24", "203.0.113.10/32"],
            ["added", "range_SIP_signalling_peers", "role_freeswitch", "5060", "198.51.100.0/24", ""],
            ["removed", "range_Twilio_signalling", "role_freeswitch", "5060", "", promotion.origin.exposure.find((h) => h.role === "freeswitch")!.rows.filter((r) => r.fromPort === 5060).map((r) => r.source).join()],
        ]);
        assert.match(renderPromotion(promotion), /^Exposure differences: 3 row\(s\) added, 10 removed$/m);
    });

    it("writes Markdown whose Mermaid block Mermaid parses, the added edge thick and the removed one dotted", async () => {
        const markdown = renderMarkdown(promotionDiagram(promotion));
        const parsed = await parseMermaid(markdown.split("```mermaid\n")[1].split("\n```")[0]);
        const drawn = (stroke: string) => parsed.edges.filter((e) => e.stroke === stroke && !e.start.startsWith("legend_")).map((e) => `${e.start} -> ${e.end}`);
        assert.deepStrictEqual(drawn("thick"), ["range_SIP_signalling_peers -> role_freeswitch"]);
        assert.deepStrictEqual(drawn("dotted"), ["range_Twilio_signalling -> role_freeswitch"]);
        assert.match(markdown, /^\| \+ \| FreeSWITCH host \| 5060 \| TCP\/UDP \| 198\.51\.100\.0\/24 \| SIP signalling \|$/m);
    });
});

describe("promote CLI (child processes)", () => {
    const work = tempStacks({});
    after(() => work.remove());

    it("stops after the offline gate with exit 3 and the commands to run when pulumi is not on PATH", () => {
        const result = runCli("promote", ["staging", "prod"], { ...process.env, PATH: path.join(work.dir, "empty") });
        assert.strictEqual(result.status, 3, result.stderr);
        assert.match(result.stdout, /The Pulumi CLI is not on PATH, so stopping here \(exit 3\)/);
        assert.match(result.stdout, /pulumi preview --stack prod --policy-pack policies/);
    });

    it("runs pulumi preview and then up with the policy pack when pulumi is on PATH and --yes is given", () => {
        const log = path.join(work.dir, "pulumi.log");
        fs.writeFileSync(path.join(work.dir, "pulumi"), `#!/bin/sh\necho "$@" >> "${log}"\n`, { mode: 0o755 });
        const result = runCli("promote", ["staging", "prod", "--yes"], { ...process.env, PATH: work.dir });
        assert.strictEqual(result.status, 0, result.stdout + result.stderr);
        assert.deepStrictEqual(fs.readFileSync(log, "utf8").trim().split("\n"), [
            "preview --stack prod --policy-pack policies",
            "up --stack prod --policy-pack policies --yes",
        ]);
    });

    it("exits 4 and never runs up when pulumi preview fails", () => {
        const dir = path.join(work.dir, "failing");
        const log = path.join(dir, "pulumi.log");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\necho "$@" >> "${log}"\nexit 7\n`, { mode: 0o755 });
        const result = runCli("promote", ["staging", "prod", "--yes"], { ...process.env, PATH: dir });
        assert.strictEqual(result.status, 4, result.stdout + result.stderr);
        assert.deepStrictEqual(fs.readFileSync(log, "utf8").trim().split("\n"), ["preview --stack prod --policy-pack policies"]);
    });

    it("exits 2 naming the stack when one does not exist", () => {
        const result = runCli("promote", ["staging", "qa"]);
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /unknown stack "qa"/);
    });
});
