/**
 * The layers (ARCHITECTURE.md): every relative import of every source file, read with the
 * TypeScript compiler's own import scanner, goes only where its layer may go.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const root = path.resolve(__dirname, "..");

/** Which top-level folders each layer may import (its own folder always). */
export const mayImport: Readonly<Record<string, readonly string[]>> = {
    facts: [],
    policies: ["facts"],
    provisioning: ["facts"],
    infra: ["provisioning", "facts"],
    offline: ["infra", "provisioning", "policies", "facts"],
    bin: ["offline", "infra", "provisioning", "policies", "facts"],
    test: ["bin", "offline", "infra", "provisioning", "policies", "facts"],
};

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "bin" && dir === "policies" ? [] : sourceFiles(rel);
        return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [rel] : [];
    });
}

/** The repo folder a relative import from `file` lands in, or undefined for a package import. */
function targetLayer(file: string, specifier: string): string | undefined {
    if (!specifier.startsWith(".")) return undefined;
    const target = path.relative(root, path.resolve(root, path.dirname(file), specifier));
    if (target.startsWith("..")) return "<outside the repo>";
    return target.split(path.sep)[0];
}

export function wrongImports(files: readonly string[]): string[] {
    const wrong: string[] = [];
    for (const file of files) {
        const layer = file.split(path.sep)[0];
        const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
        for (const { fileName } of importedFiles) {
            const target = targetLayer(file, fileName);
            if (target === undefined || target === layer || mayImport[layer].includes(target)) continue;
            wrong.push(`${file} imports ${fileName} (${layer}/ may import ${[layer, ...mayImport[layer]].join(", ")})`);
        }
    }
    return wrong;
}

describe("layers", () => {
    const files = Object.keys(mayImport).flatMap(sourceFiles);

    it("finds the sources of every layer", () => {
        for (const layer of Object.keys(mayImport)) assert.ok(files.some((f) => f.startsWith(layer + path.sep)), `no sources under ${layer}/`);
    });

    it("every import goes only where its layer may import", () => {
        assert.deepStrictEqual(wrongImports(files), []);
    });

    it("no file of the program or the pack imports Pulumi's mock runtime (the offline runner says so through config)", () => {
        const production = files.filter((f) => ["facts", "policies", "provisioning", "infra"].includes(f.split(path.sep)[0]));
        const mocking = production.filter((f) => ts.preProcessFile(fs.readFileSync(path.join(root, f), "utf8"), true, true).importedFiles.some((i) => i.fileName.includes("runtime/mocks")));
        assert.deepStrictEqual(mocking, []);
    });

    it("reports an import against the direction, and one that leaves the repo", () => {
        const dir = fs.mkdtempSync(path.join(root, "facts", ".layers-test-"));
        try {
            const probe = path.join(dir, "probe.ts");
            fs.writeFileSync(probe, `import { x } from "../../infra/config";\nimport "../../../shared/y";\nimport * as fs from "fs";\n`);
            const rel = path.relative(root, probe);
            assert.deepStrictEqual(wrongImports([rel]).map((w) => w.split(" (")[0]), [`${rel} imports ../../infra/config`, `${rel} imports ../../../shared/y`]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
