/**
 * Imported first by index.ts, before the program loads any SDK: `pulumi up` runs it on whatever `node`
 * is on PATH, and @pulumi/pulumi 3.249+ declares Node.js >= 22 (its runner still starts on 20 and
 * reports this error as the program's: test/infra/node-version.test.ts).
 */
import * as fs from "fs";
import * as path from "path";

/** The Node.js line we run on; `.nvmrc` is its one declaration (engines and CI follow it). */
export const requiredNodeMajor = Number(fs.readFileSync(path.join(__dirname, "..", ".nvmrc"), "utf8").trim());

/** Why Node.js `version` (at `execPath`) cannot run the program, or undefined when it can. */
export function nodeVersionProblem(version: string, execPath: string, required = requiredNodeMajor): string | undefined {
    if (Number(version.split(".")[0]) >= required) return undefined;
    return `irisx-infra needs Node.js ${required} or newer, but ${execPath} is Node.js ${version}: ` +
        "install it (`nvm install` in the repository reads .nvmrc) and put it first on PATH";
}

const problem = nodeVersionProblem(process.versions.node, process.execPath);
if (problem !== undefined) throw new Error(problem);
