// mocha's loader: the same one as `npm run plan` (bin/register.js: SWC, cached by content, no type
// check here: `npm run typecheck` is the type gate). `pulumi up` does not use it: see ARCHITECTURE.md.
require("../../bin/register.js");
