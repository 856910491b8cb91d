/**
 * The one push mechanism, as the bash script a remote command runs as root with the script on
 * stdin. The unit's files travel inside it (base64: every byte arrives as rendered) and are staged
 * only after the lock is taken, in a root-only tree on tmpfs. The host tests run this exact text.
 *
 * Layout: the unit's own section (name, tools, file table, prepare/validate/reload/prove), then
 * the file hashes and contents, then the engine shared by every unit (render/push-engine.ts):
 * validate the staged tree, journal, swap by rename, reload, prove; roll back on any failure.
 */
import { createHash } from "crypto";
import { PushUnit } from "../model";
import { hashHeader } from "./header";
import { pushEngine } from "./push-engine";

export { backupRoot, pushExit } from "./push-engine";

/** Previous copies kept per unit; secret units keep one (it holds rotated-out secrets). */
export const keepBackups = { plain: 10, secret: 1 } as const;

export function sha256(text: string): string {
    return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Where pushes before stdin delivery left plaintext staged copies (CopyToRemote as the SSH user);
 * the script removes it.
 */
export function legacyStagingDir(user: string, unit: string): string {
    return `${user === "root" ? "/root" : `/home/${user}`}/.irisx-push/${unit}`;
}

/** Where the script stages a unit's files (its tree mirrors the host's paths under it). */
export function stagingDir(unit: string): string {
    return `/run/irisx-push/${unit}`;
}

/** `/etc/nginx/nginx.conf` → `etc__nginx__nginx.conf`: one flat, collision-free name per target. */
export function stagedName(path: string): string {
    return path.replace(/^\/+/, "").split("/").join("__");
}

/**
 * For a unit's reload step: where this push keeps a target's previous content. It exists only
 * when that file changed in this push (and had a previous version).
 */
export function previousCopy(path: string): string {
    return `$bdir/${stagedName(path)}`;
}

/** For a unit's validate step: where the staged copy of a target is (`$tree` is the staged tree). */
export function stagedPath(path: string): string {
    return `$tree${path}`;
}

/** The command line of the remote Command (and of the host tests); the script comes on stdin. */
export function pushCommand(user: string): string {
    return user === "root" ? "bash -s" : "sudo -n bash -s";
}

/** Hash over everything the unit puts on the host: the Command's trigger. */
export function unitHash(unit: PushUnit): string {
    return sha256(JSON.stringify(unit.files.map((f) => [f.path, f.mode, f.group, sha256(f.content)])));
}

function shellWord(text: string): string {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function indent(snippet: string): string {
    return snippet.trim().split("\n").map((line) => `    ${line}`).join("\n");
}

/** The unit's own part of its push script: everything but the file contents and the engine. */
export function renderUnitSection(unit: PushUnit, user: string): string {
    for (const f of unit.files) {
        if (!f.path.startsWith("/") || /[\s|'"\\$`]/.test(f.path)) throw new Error(`${unit.name}: bad target path ${f.path}`);
    }
    const list = (items: readonly string[]) => items.map(shellWord).join(" ");
    return `unit=${shellWord(unit.name)}
secret=${unit.secret ? 1 : 0}
keep=${unit.secret ? keepBackups.secret : keepBackups.plain}
legacy_stage=${shellWord(legacyStagingDir(user, unit.name))}
requires=(${list(unit.requires)})
# live directories the validator reads beside the unit's files, copied into the staged tree first
tree_dirs=(${list(unit.tree)})
# staged name | target | mode | group
files=(
${unit.files.map((f) => `    "${stagedName(f.path)}|${f.path}|${f.mode}|${f.group}"`).join("\n")}
)

prepare() {
${indent(unit.prepare)}
}
# $tree: the staged tree, each new file at $tree<its path>
validate() {
${indent(unit.validate)}
}
reload() {
${indent(unit.reload)}
}
prove() {
${indent(unit.prove ?? "true")}
}
`;
}

/** The files' hashes and contents, in the order of the file table. */
export function renderContentSection(unit: PushUnit): string {
    return `# sha256 and content (base64) of each file, in the order of files
sha256=(
${unit.files.map((f) => `    ${sha256(f.content)}`).join("\n")}
)
payload=(
${unit.files.map((f) => `    '${Buffer.from(f.content, "utf8").toString("base64")}'`).join("\n")}
)
`;
}

export function renderPushScript(unit: PushUnit, user: string): string {
    return `#!/bin/bash
${hashHeader("provisioning/render/push-script.ts")}# push unit "${unit.name}": ${unit.files.length} file(s); stage, validate the staged tree, swap, reload, prove; roll back on failure.
set -uo pipefail
umask 077
${renderUnitSection(unit, user)}
${renderContentSection(unit)}
${pushEngine}
main </dev/null
`;
}
