import * as assert from "assert";
import { ambiguousRoleTags, roleOf, tagValue } from "../../policies/lib/tags";
import { unknown } from "../helpers/policy-fixtures";

describe("role tags (policies/lib/tags.ts)", () => {
    it("reads the role from tags, tagsAll, an ASG's tag list, a launch template's tagSpecifications and a spot fleet's launch specifications", () => {
        assert.strictEqual(roleOf({ tags: { "irisx:role": "api" } }), "api");
        assert.strictEqual(roleOf({ tags: { Name: "x" }, tagsAll: { "irisx:role": "freeswitch" } }), "freeswitch");
        assert.strictEqual(roleOf({ tags: [{ key: "irisx:role", value: "api", propagateAtLaunch: true }] }), "api");
        assert.strictEqual(roleOf({ tagSpecifications: [{ resourceType: "instance", tags: { "irisx:role": "api" } }] }), "api");
        assert.strictEqual(roleOf({ launchSpecifications: [{ tags: { "irisx:role": "api" } }] }), "api");
        assert.strictEqual(roleOf({ tags: { Name: "x" } }), undefined);
    });

    it("reads case-folded or padded spellings as the role, and lists them as ambiguous with where they are", () => {
        for (const tags of [{ "irisx:role": "API" }, { "irisx:role": " api" }, { "IRISX:role": "api" }, { " irisx:role ": "Api " }]) {
            assert.strictEqual(roleOf({ tags }), "api", JSON.stringify(tags));
            const [key] = Object.keys(tags);
            assert.deepStrictEqual(ambiguousRoleTags({ tags }).map((t) => t.path), [["tags", key]], JSON.stringify(tags));
        }
        assert.deepStrictEqual(ambiguousRoleTags({ tags: [{ key: "irisx:role", value: "API", propagateAtLaunch: true }] }).map((t) => t.path), [["tags", 0, "value"]]);
        assert.deepStrictEqual(ambiguousRoleTags({ tags: { "irisx:role": "api", Name: "API" } }), [], "exact role tags and other keys are not ambiguous");
        assert.deepStrictEqual(ambiguousRoleTags({ tags: { "irisx:role": "bastion" } }), [], "an unknown role is not a spelling of one");
    });

    it("prefers the exact key over an ambiguous duplicate", () => {
        assert.strictEqual(roleOf({ tags: { "irisx:role": "freeswitch", "IRISX:ROLE": "api" } }), "freeswitch");
    });

    it("is unknown while tags or the role value are unknown, but not for an unknown tagsAll", () => {
        assert.strictEqual(roleOf({ tags: unknown }), "unknown");
        assert.strictEqual(roleOf({ tags: { "irisx:role": unknown } }), "unknown");
        assert.strictEqual(roleOf({ tags: { Name: "x" }, tagsAll: unknown }), undefined);
        assert.strictEqual(tagValue({ tags: { "irisx:app-port": "9847" } }, "irisx:app-port"), "9847");
    });
});
