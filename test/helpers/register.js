// mocha's loader: the same ts-node as `npm run plan`, transpiling with SWC (no type check here:
// `npm run typecheck` is the type gate). `pulumi up` does not use this: see ARCHITECTURE.md.
require("ts-node").register({ swc: true });
