/**
 * The schema table is the one list of config keys: the parser reads exactly its keys, and README's
 * config reference and Pulumi.yaml's config block are rendered from it (UPDATE_DOCS=1 rewrites them).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { fullKey, parseStackConfig } from "../../infra/config";
import { renderConfigReference, renderPulumiYamlConfig } from "../../infra/config/docs";
import { configKeys } from "../../infra/config/schema";
import { repoRoot } from "../../offline/stack-file";
import { committedValues } from "../helpers/stacks";

const update = process.env.UPDATE_DOCS === "1";
const readme = path.join(repoRoot, "README.md");
const project = path.join(repoRoot, "Pulumi.yaml");
const marker = /(<!-- config-reference: [^\n]*-->\n)([\s\S]*?)(<!-- config-reference:end -->)/;

describe("config schema table, README and Pulumi.yaml in sync", () => {
    it("README's Stack config reference is the table rendered", () => {
        const text = fs.readFileSync(readme, "utf8");
        assert.match(text, marker);
        if (update) fs.writeFileSync(readme, text.replace(marker, (_, start, _body, end) => `${start}${renderConfigReference()}${end}`));
        assert.equal(marker.exec(fs.readFileSync(readme, "utf8"))![2], renderConfigReference());
    });

    it("Pulumi.yaml's config block is the table rendered, and declares the table's required keys with their types", () => {
        const text = fs.readFileSync(project, "utf8");
        const at = text.search(/^config:$/m);
        assert.ok(at > 0, "Pulumi.yaml has no config: block");
        if (update) fs.writeFileSync(project, text.slice(0, at) + renderPulumiYamlConfig());
        const current = fs.readFileSync(project, "utf8");
        assert.equal(current.slice(current.search(/^config:$/m)), renderPulumiYamlConfig());
        const declared = (yaml.load(current) as { config: Record<string, { type: string }> }).config;
        const types: Record<string, string> = { string: "string", integer: "integer", boolean: "boolean", list: "array", map: "object" };
        assert.deepEqual(
            Object.entries(declared).map(([key, d]) => [key, d.type]),
            configKeys.filter((e) => e.declared).map((e) => [e.key, types[e.type]]),
        );
    });

    it("the parser reads exactly the table's keys, each once declared in it", () => {
        const read = new Set<string>();
        const values: Record<string, string> = {
            ...committedValues("dev"),
            [fullKey("sshPublicKey")]: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPGTsPP0GFc0ZRmKTtQXRwCGsbsW8Cq9+iEU4bgXSfK ops@irisx",
            [fullKey("sshPrivateKey")]: "-----BEGIN OPENSSH PRIVATE KEY-----\nRkFLRS1OT1QtQS1LRVk=\n-----END OPENSSH PRIVATE KEY-----\n",
        };
        const watched = new Proxy(values, {
            get: (target, key) => (typeof key === "string" && read.add(key), target[key as string]),
            getOwnPropertyDescriptor: (target, key) => (typeof key === "string" && read.add(key), Reflect.getOwnPropertyDescriptor(target, key)),
        });
        parseStackConfig(watched);
        assert.deepEqual([...read].sort(), configKeys.map((e) => fullKey(e.key)).sort());
    });
});
