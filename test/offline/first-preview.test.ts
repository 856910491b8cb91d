/**
 * The previews `pulumi up` runs first, under mocks as the engine runs them, against the providers'
 * own input checks (offline/provider-checks.ts): a fresh stack, and a secretsRotation change.
 */
import { strict as assert } from "assert";
import { freshStackPreview, rotationPreview } from "../../offline/first-preview";
import { violationText } from "../../offline/provider-checks";
import { committedStacks, committedValues, mockedStack } from "../helpers/stacks";

for (const stack of committedStacks) {
    describe(`the first previews of ${stack}`, () => {
        it("pass every provider check as a fresh stack, with every computed value unknown", async () => {
            const { status, violations } = await freshStackPreview(stack);
            assert.deepEqual(violations.map(violationText), []);
            assert.equal(status, "clean");
        });

        it("pass every provider check after a secretsRotation change, with the new random values unknown", async () => {
            const { run, status, violations } = await rotationPreview(await mockedStack(stack), committedValues(stack));
            assert.ok(run.resources.some((r) => r.step === "replace"), "the rotation replaced nothing");
            assert.deepEqual(violations.map(violationText), []);
            assert.equal(status, "clean");
        });
    });
}
