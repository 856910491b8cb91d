/**
 * Stack traces during a mocked run. Pulumi's runtime gives every promise it tracks a stack trace
 * (runtime/debuggable.js, debuggablePromise: `new Error().stack`), about 9,000 per run of a stack,
 * and reads them only for its leak report under PULUMI_DEBUG_PROMISE_LEAKS (leakedPromises →
 * promiseDebugString). Capturing and formatting them was a quarter of `npm run plan`'s time.
 */

/** The part of @pulumi/pulumi/runtime/debuggable this relies on (an internal module). */
export interface DebuggableModule {
    debugPromiseLeaks?: boolean;
    debuggablePromise?: (promise: Promise<unknown>, context: unknown) => Promise<unknown>;
}

/**
 * Until the returned function is called, promises Pulumi tracks get an empty stack trace, unless
 * the SDK was started with PULUMI_DEBUG_PROMISE_LEAKS (then its leak report needs them). The SDK's
 * modules call `debuggable_1.debuggablePromise(...)` through the module object, so replacing the
 * export reaches every caller. An SDK without the export is left as it is.
 */
export function skipPromiseStackTraces(debuggable: DebuggableModule = require("@pulumi/pulumi/runtime/debuggable")): () => void {
    const original = debuggable.debuggablePromise;
    if (debuggable.debugPromiseLeaks || typeof original !== "function") return () => undefined;
    debuggable.debuggablePromise = (promise, context) => {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return original(promise, context);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    return () => {
        debuggable.debuggablePromise = original;
    };
}

/**
 * Sets aside any Error.prepareStackTrace hook for a run: the resource registrations' own stack
 * traces (Resource.callsites, one per resource, read for sourcePosition) then take V8's plain
 * format instead of being source-mapped one by one (bin/register.js, ts-node).
 */
export function plainStackTraces(): () => void {
    const prepareStackTrace = Error.prepareStackTrace;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    return () => {
        Error.prepareStackTrace = prepareStackTrace;
    };
}
