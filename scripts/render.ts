/**
 * npm run render -- <stack> <dir>
 * Writes every file each host would receive as <dir>/api/<absolute path> and
 * <dir>/freeswitch/<absolute path>, plus the push script of each unit under
 * <dir>/<host>/.push/<unit>.sh, with secrets replaced by obviously fake values.
 */
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../infra/config";
import { previewHosts } from "../provisioning/preview";
import { renderPushScript } from "../provisioning/render/push-script";
import { configSource, readStackValues, stackFilePath } from "./lib/stack-file";

function main(args: string[]): number {
    const [stack, dir] = args;
    if (!stack || !dir) {
        console.error("usage: npm run render -- <stack> <dir>");
        return 2;
    }
    const config = parseStackConfig(configSource(readStackValues(stackFilePath(stack))));
    const hosts = previewHosts(config);
    let count = 0;
    for (const [host, units] of Object.entries(hosts)) {
        for (const unit of units) {
            for (const file of unit.files) {
                const target = path.join(dir, host, file.path);
                fs.mkdirSync(path.dirname(target), { recursive: true });
                fs.writeFileSync(target, file.content);
                count++;
            }
            const script = path.join(dir, host, ".push", `${unit.name}.sh`);
            fs.mkdirSync(path.dirname(script), { recursive: true });
            fs.writeFileSync(script, renderPushScript(unit, "admin"));
        }
    }
    console.log(`${stack}: wrote ${count} files for ${Object.keys(hosts).join(", ")} under ${dir} (secrets are FAKE-...-NOT-A-SECRET)`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
