/**
 * The plan names the hosts a change adds and removes: real mocked runs of dev at several host
 * counts compared by the plan's host diff, and the plan CLI's path for a `--stack-file` of a
 * committed stack.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MockedRun, runMocked } from "../../offline/mock-run";
import { diffHosts, hostChangeLines } from "../../offline/plan/host-changes";
import { planStack } from "../../offline/plan/plan-stack";
import { renderText } from "../../offline/plan/render-text";
import { committedValues, mockedStack } from "../helpers/stacks";
import { stackFilePath } from "../../offline/stack-file";

const scaled = (freeswitch: number, drain = "60") => ({
    ...committedValues("dev"),
    "irisx-infra:freeswitchHosts": String(freeswitch),
    "irisx-infra:drainTimeoutSeconds": drain,
});

describe("the plan's host changes", function () {
    this.timeout(300_000);
    let three: MockedRun;
    let one: MockedRun;
    before(async () => {
        three = await runMocked({ stack: "dev", values: scaled(3, "240") });
        one = await runMocked({ stack: "dev", values: scaled(1) });
    });

    it("going from freeswitchHosts 3 to 1 lists hosts 1 and 2 as removed, each drained first with the bound its state holds", () => {
        const changes = diffHosts({ file: "Pulumi.dev.yaml", resources: three.resources, drainTimeoutSeconds: 240 }, one.resources);
        assert.deepEqual(changes.added, []);
        assert.deepEqual(changes.removed, [
            { role: "freeswitch", host: "irisx-dev-freeswitch-1", drainSeconds: 240 },
            { role: "freeswitch", host: "irisx-dev-freeswitch-2", drainSeconds: 240 },
        ]);
        const text = hostChangeLines(changes).join("\n");
        assert.match(text, /Hosts against Pulumi\.dev\.yaml: 0 added, 2 removed/);
        assert.match(text, /- freeswitch host irisx-dev-freeswitch-2: drained first \(fsctl pause, then up to 240 s/);
    });

    it("going from 1 to 3 lists hosts 1 and 2 as added, and no change prints nothing", () => {
        const changes = diffHosts({ file: "Pulumi.dev.yaml", resources: one.resources, drainTimeoutSeconds: 60 }, three.resources);
        assert.deepEqual(changes.added.map((h) => h.host), ["irisx-dev-freeswitch-1", "irisx-dev-freeswitch-2"]);
        assert.deepEqual(changes.removed, []);
        assert.deepEqual(hostChangeLines(diffHosts({ file: "x", resources: one.resources, drainTimeoutSeconds: 60 }, one.resources)), []);
    });

    it("says nothing of the drain for a removed API host, which has none", async () => {
        const api = await runMocked({ stack: "dev", values: { ...committedValues("dev"), "irisx-infra:apiHosts": "2" } });
        const changes = diffHosts({ file: "Pulumi.dev.yaml", resources: api.resources, drainTimeoutSeconds: 60 }, (await mockedStack("dev")).resources);
        assert.deepEqual(changes.removed, [{ role: "api", host: "irisx-dev-api-1" }]);
        assert.doesNotMatch(hostChangeLines(changes).join("\n"), /drained/);
    });

    it("is part of the plan of a --stack-file for a committed stack, against the committed file, and absent from the committed plan", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "irisx-host-changes-"));
        try {
            const file = path.join(dir, "Pulumi.dev.yaml");
            fs.writeFileSync(file, fs.readFileSync(stackFilePath("dev"), "utf8") + '  irisx-infra:freeswitchHosts: "2"\n');
            const report = await planStack({ stack: "dev", file });
            assert.deepEqual(report.hostChanges?.added.map((h) => h.host), ["irisx-dev-freeswitch-1"]);
            assert.equal(report.hostChanges?.base, "Pulumi.dev.yaml");
            assert.match(renderText(report), /Hosts against Pulumi\.dev\.yaml: 1 added, 0 removed\n  \+ freeswitch host irisx-dev-freeswitch-1/);
            const committed = await planStack({ stack: "dev", file: stackFilePath("dev") });
            assert.equal(committed.hostChanges, undefined);
            assert.doesNotMatch(renderText(committed), /^Hosts against/m);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
