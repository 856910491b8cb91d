/**
 * The loader of the npm scripts, the benchmarks and mocha: `node -r ./bin/register.js <file>.ts`.
 * `pulumi up` / `preview` do not use it: Pulumi's runtime registers ts-node itself (ARCHITECTURE.md).
 *
 * TypeScript becomes CommonJS with SWC and the options `ts-node --swc` derives from tsconfig.json,
 * without a type check (`npm run typecheck` is the type gate). Each output is kept in
 * node_modules/.cache/irisx-ts under a hash of the source, its path, this file and SWC's version:
 * an edited source has a new key, so a stale output is never used; SWC is loaded only on a miss.
 * Node's compile cache (V8 code, checked by Node against each module's source) is turned on, and
 * stack frames in our files are mapped back to the TypeScript lines, lazily, when a stack is printed.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

const cacheDir = path.join(__dirname, "..", "node_modules", ".cache", "irisx-ts");

// What ts-node 10 passes to swc.transformSync for this tsconfig.json (dist/transpilers/swc.js,
// createSwcOptions: target ES2022, module commonjs, esModuleInterop, strict).
const swcOptions = {
    sourceMaps: true,
    module: { type: "commonjs", noInterop: false, strictMode: true, ignoreDynamic: false },
    swcrc: false,
    jsc: {
        parser: { syntax: "typescript", tsx: false, dynamicImport: true, importAssertions: true },
        target: "es2022",
        transform: { legacyDecorator: true, react: { throwIfNamespace: false, useBuiltins: false }, useDefineForClassFields: true },
        keepClassNames: true,
        experimental: { keepImportAttributes: true, emitAssertForImportAttributes: true },
    },
};

const salt = crypto
    .createHash("sha256")
    .update(fs.readFileSync(__filename))
    .update(require("@swc/core/package.json").version)
    .digest();

let swc;
/** Transpiled file → its source map's cache file; read and parsed only when a stack is printed. */
const sourceMaps = new Map();

function transpiled(source, filename) {
    const key = crypto.createHash("sha256").update(salt).update(filename).update("\0").update(source).digest("hex");
    const js = path.join(cacheDir, `${key}.js`);
    const map = path.join(cacheDir, `${key}.map`);
    sourceMaps.set(filename, map);
    try {
        return fs.readFileSync(js, "utf8");
    } catch {
        // a miss: transpile and store below
    }
    swc ??= require("@swc/core");
    const out = swc.transformSync(source, { ...swcOptions, filename });
    try {
        // Written aside then renamed: a concurrent reader sees the whole file or none.
        fs.mkdirSync(cacheDir, { recursive: true });
        const tmp = `.${key}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
        fs.writeFileSync(path.join(cacheDir, tmp + ".map"), out.map);
        fs.renameSync(path.join(cacheDir, tmp + ".map"), map);
        fs.writeFileSync(path.join(cacheDir, tmp + ".js"), out.code);
        fs.renameSync(path.join(cacheDir, tmp + ".js"), js);
    } catch {
        // A read-only checkout still runs, transpiling every time.
    }
    return out.code;
}

const nodeTs = Module._extensions[".ts"];
Module._extensions[".ts"] = function (module, filename) {
    // Like ts-node: what is installed under node_modules is not ours to transpile.
    if (filename.split(path.sep).includes("node_modules") && nodeTs) return nodeTs(module, filename);
    module._compile(transpiled(fs.readFileSync(filename, "utf8"), filename), filename);
};

const parsedMaps = new Map();
function original(file, line, column) {
    const mapFile = sourceMaps.get(file);
    if (mapFile === undefined) return undefined;
    if (!parsedMaps.has(file)) {
        let map;
        try {
            map = new Module.SourceMap(JSON.parse(fs.readFileSync(mapFile, "utf8")));
        } catch {
            map = undefined;
        }
        parsedMaps.set(file, map);
    }
    const entry = parsedMaps.get(file)?.findEntry(line - 1, column - 1);
    return entry && entry.originalLine !== undefined ? { line: entry.originalLine + 1, column: entry.originalColumn + 1 } : undefined;
}

/** V8's own frame text, with the position in a transpiled file replaced by the TypeScript one. */
function frameText(frame) {
    const text = String(frame);
    const file = frame.getFileName();
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    if (!file || !line || !column) return text;
    const at = original(file, line, column);
    const position = `${file}:${line}:${column}`;
    const i = text.lastIndexOf(position);
    if (!at || i < 0) return text;
    return text.slice(0, i) + `${file}:${at.line}:${at.column}` + text.slice(i + position.length);
}

// Node's default format (lib/internal/errors.js, defaultPrepareStackTrace): the error's
// toString, then one "    at" line per frame.
Error.prepareStackTrace = (error, frames) => {
    let head;
    try {
        head = Error.prototype.toString.call(error);
    } catch {
        head = "<error>";
    }
    return frames.length === 0 ? head : `${head}\n    at ${frames.map(frameText).join("\n    at ")}`;
};

// Off with NODE_DISABLE_COMPILE_CACHE=1; NODE_COMPILE_CACHE=<dir> moves it (default: under os.tmpdir()).
Module.enableCompileCache?.();
