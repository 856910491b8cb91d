/**
 * The stack traces Pulumi records per tracked promise: skipped during a mocked run (the SDK reads
 * them only under PULUMI_DEBUG_PROMISE_LEAKS), kept when the SDK debugs leaks, and back after the run.
 */
import { strict as assert } from "assert";
import { runMocked } from "../../offline/mock-run";
import { DebuggableModule, skipPromiseStackTraces } from "../../offline/mock-run-traces";

// The SDK's own module, the one its resource and invoke code calls through.
const debuggable: DebuggableModule = require("@pulumi/pulumi/runtime/debuggable");
const traced = (promise: Promise<unknown>) => (promise as { _debugStackTrace?: string })._debugStackTrace;

function track(): Promise<number> {
    const promise = Promise.resolve(1);
    void debuggable.debuggablePromise!(promise, "test");
    return promise;
}

describe("stack traces of Pulumi's tracked promises", () => {
    it("are empty while skipped and whole again once the SDK's function is put back", () => {
        const restore = skipPromiseStackTraces();
        try {
            assert.equal(traced(track()), "Error");
        } finally {
            restore();
        }
        assert.match(traced(track()) ?? "", /\n\s+at track /);
    });

    it("are kept when the SDK debugs promise leaks (PULUMI_DEBUG_PROMISE_LEAKS)", () => {
        const before = debuggable.debugPromiseLeaks;
        debuggable.debugPromiseLeaks = true;
        try {
            const restore = skipPromiseStackTraces();
            try {
                assert.match(traced(track()) ?? "", /\n\s+at track /);
            } finally {
                restore();
            }
        } finally {
            debuggable.debugPromiseLeaks = before;
        }
    });

    it("are skipped for the promises of a real mocked run, and kept after it", async () => {
        const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } };
        const seen: (string | undefined)[] = [];
        await runMocked({ stack: "dev", onResource: () => seen.push(...[...state.getStore().leakCandidates].map(traced)) });
        assert.ok(seen.length > 100, `only ${seen.length} tracked promises seen`);
        assert.deepEqual([...new Set(seen)], ["Error"]);
        assert.match(traced(track()) ?? "", /\n\s+at track /);
    });
});
