/**
 * Unknown keys are errors (with the nearest known key), numbers and booleans are read exactly,
 * and a stack file's YAML reaches the program as the strings the Pulumi CLI would pass.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig } from "../../infra/config";
import { awsProviderKeys } from "../../infra/config/unknown-keys";
import { readStackValues } from "../../offline/stack-file";
import { committedValues } from "../helpers/stacks";
import { tempDir } from "../provisioning/fixtures";

function problemsOf(values: Record<string, string>): { key: string; message: string }[] {
    try {
        parseStackConfig(values);
    } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        return [...error.problems];
    }
    return [];
}

const dev = () => committedValues("dev");

describe("unknown config keys", () => {
    const typos: readonly (readonly [string, string, string, string])[] = [
        ["list", "irisx-infra:sipSignalingPeers", '["198.51.100.0/30"]', "sipSignallingPeers"],
        ["boolean", "irisx-infra:provisionhost", "false", "provisionHosts"],
        ["number", "irisx-infra:dbSlowStatementMS", "1000", "dbSlowStatementMs"],
        ["string", "irisx-infra:domian", "api.irisx.example", "domain"],
        ["map", "irisx-infra:alarm", '{"sshAuthFailures":3}', "alarms"],
        ["aws", "aws:regoin", "us-east-2", "aws:region"],
    ];
    for (const [type, key, value, nearest] of typos) {
        it(`refuses a mistyped ${type} key ${key}, naming it and the nearest known key ${nearest}`, () => {
            const problems = problemsOf({ ...dev(), [key]: value });
            assert.deepEqual(problems.map((p) => p.key), [key]);
            assert.match(problems[0].message, new RegExp(`did you mean ${nearest}\\?`));
        });
    }

    it("refuses a mistyped alarm threshold inside the alarms map, naming the nearest one", () => {
        const problems = problemsOf({ ...dev(), "irisx-infra:alarms": '{"sshAuthFailure":3}' });
        assert.deepEqual(problems.map((p) => p.key), ["irisx-infra:alarms.sshAuthFailure"]);
        assert.match(problems[0].message, /did you mean sshAuthFailures\?/);
    });

    it("accepts every aws: key the provider declares, and keys of other namespaces", () => {
        assert.ok(awsProviderKeys.includes("region") && awsProviderKeys.includes("defaultTags") && awsProviderKeys.length >= 30, awsProviderKeys.join(" "));
        assert.deepEqual(problemsOf({ ...dev(), "aws:profile": "irisx", "aws:skipRequestingAccountId": "true", "random:anything": "x" }), []);
    });
});

describe("numbers and booleans read exactly", () => {
    for (const [key, value] of [["appPort", " 9847"], ["appPort", "9847\n"], ["appPort", "0x2677"], ["appPort", "+9847"], ["dbAllocatedStorageGb", "1e2"], ["dbAllocatedStorageGb", "020"]] as const) {
        it(`refuses ${JSON.stringify(value)} for ${key}`, () => {
            assert.deepEqual(problemsOf({ ...dev(), [`irisx-infra:${key}`]: value }).map((p) => p.key), [`irisx-infra:${key}`]);
        });
    }
    for (const value of ["True", "yes", " true", "1"]) {
        it(`refuses ${JSON.stringify(value)} for a boolean (sipTls)`, () => {
            assert.deepEqual(problemsOf({ ...dev(), "irisx-infra:sipTls": value }).map((p) => p.key), ["irisx-infra:sipTls"]);
        });
    }
    it("refuses an alarm threshold written with spaces", () => {
        assert.deepEqual(problemsOf({ ...dev(), "irisx-infra:alarms": '{"sshAuthFailures":" 3"}' }).map((p) => p.key), ["irisx-infra:alarms.sshAuthFailures"]);
    });
});

describe("stack files read as the Pulumi CLI reads them (yaml.v3, config values as strings)", () => {
    // What the CLI passes for each unquoted scalar: yaml.v3 v3.0.1 resolve.go, then pulumi's
    // config/object.go MarshalString (see offline/stack-file.ts).
    const cases: readonly (readonly [string, string])[] = [
        ["2026-11-01", "2026-11-01 00:00:00 +0000 UTC"],
        ["2026-11-01T10:00:00Z", "2026-11-01 10:00:00 +0000 UTC"],
        ["yes", "yes"],
        ["on", "on"],
        ["True", "true"],
        ["0777", "511"],
        ["0o17", "15"],
        ["0x1F", "31"],
        ["1_000", "1000"],
        ["1e3", "1000"],
        ["1.50", "1.5"],
        ["08", "8"],
        ["null", "null"],
        ["~", "null"],
        ["'0777'", "0777"],
        ['"2026-11-01"', "2026-11-01"],
    ];
    let dir: string;
    before(() => (dir = tempDir("yaml")));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const [yamlText, expected] of cases) {
        it(`passes ${yamlText} to the program as ${JSON.stringify(expected)}`, () => {
            const file = path.join(dir, "Pulumi.yaml-case.yaml");
            fs.writeFileSync(file, `config:\n  irisx-infra:secretsRotation: ${yamlText}\n  bare: ${yamlText}\n`);
            const values = readStackValues(file);
            assert.deepEqual(values, { "irisx-infra:secretsRotation": expected, "irisx-infra:bare": expected });
            // What the program receives: the values go to the runtime as the CLI's do, and the
            // program reads them through pulumi.Config.
            pulumi.runtime.setAllConfig(values);
            assert.equal(new pulumi.Config("irisx-infra").get("secretsRotation"), expected);
        });
    }

    it("refuses an unquoted date as secretsRotation (the CLI would pass Go's time text), naming the key", () => {
        const file = path.join(dir, "Pulumi.date.yaml");
        const text = fs.readFileSync(path.join(__dirname, "../../Pulumi.dev.yaml"), "utf8").replace(/secretsRotation: .*/, "secretsRotation: 2026-11-01");
        fs.writeFileSync(file, text);
        assert.deepEqual(problemsOf(readStackValues(file)).map((p) => p.key), ["irisx-infra:secretsRotation"]);
    });

    it("sorts map keys and resolves scalars inside lists and maps, as Go's encoding/json does", () => {
        const file = path.join(dir, "Pulumi.nested.yaml");
        fs.writeFileSync(file, "config:\n  irisx-infra:alarms: {z: 0x10, a: yes}\n  irisx-infra:l: [1e3, '1e3', ~]\n");
        assert.deepEqual(readStackValues(file), { "irisx-infra:alarms": '{"a":"yes","z":16}', "irisx-infra:l": '[1000,"1e3",null]' });
    });
});
