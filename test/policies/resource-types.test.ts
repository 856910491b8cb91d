import * as assert from "assert";
import * as path from "path";
import { invokes, isProviderType, tokenParts, types } from "../../facts/resource-types";
import { runMocked } from "../../offline/mock-run";

// Loaded here only: the pack itself never imports the provider SDKs (start-up time).
const sdks: Record<string, any> = {
    aws: require("@pulumi/aws"),
    command: require("@pulumi/command"),
    random: require("@pulumi/random"),
    tls: require("@pulumi/tls"),
};
/** Tokens the engine itself owns, against the constant @pulumi/pulumi spells them with. */
const engineTokens: Record<string, string> = { [types.stack]: require("@pulumi/pulumi/runtime/stack").rootPulumiStackTypeName };

/** The class a resource token names (`aws:ec2/vpc:Vpc` → aws.ec2.Vpc), or undefined. */
function classOf(token: string): { __pulumiType?: string } | undefined {
    const { pkg, module, name } = tokenParts(token);
    const sdk = sdks[pkg];
    return (module === "index" ? sdk : sdk?.[module])?.[name];
}

describe("the resource type table (facts/resource-types.ts)", () => {
    it("names, for every entry, a class of the installed SDK whose __pulumiType is that very token", () => {
        const wrong = Object.entries(types)
            .filter(([, token]) => (engineTokens[token] ?? classOf(token)?.__pulumiType) !== token)
            .map(([key, token]) => `${key}: ${token} (the SDK has ${classOf(token)?.__pulumiType ?? "no such class"})`);
        assert.deepStrictEqual(wrong, []);
    });

    it("holds each token once, so no two keys can drift apart", () => {
        const seen = new Map<string, string>();
        for (const [key, token] of Object.entries(types)) {
            assert.ok(!seen.has(token), `${key} repeats ${seen.get(token)}: ${token}`);
            seen.set(token, key);
        }
    });

    it("spells the invokes, the provider type and the stack type as the SDK sends them under the mock runtime", async () => {
        // The fixture program calls the SDK function each invoke token names and registers an explicit provider.
        const run = await runMocked({ stack: "dev", program: path.join(__dirname, "programs", "token-calls.ts"), values: { "aws:region": "us-east-1" } });
        assert.deepStrictEqual(run.calls.map((c) => c.token).sort(), Object.values(invokes).sort());
        const provider = run.resources.find((r) => r.name === "explicit");
        assert.ok(provider && isProviderType(provider.type), provider?.type);
        assert.ok(!run.resources.some((r) => r.name !== "explicit" && isProviderType(r.type)));
        assert.ok(run.stackUrn.includes(`::${types.stack}::`), run.stackUrn);
    });
});
