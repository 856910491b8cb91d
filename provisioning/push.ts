/**
 * The one push mechanism in Pulumi terms: for a unit, a 0700 staging directory, one
 * CopyToRemote per file (StringAsset, re-copied when its content hash changes), then one
 * remote.Command that runs the rendered push script (render/push-script.ts) as root.
 */
import * as pulumi from "@pulumi/pulumi";
import { remote, types } from "@pulumi/command";
import { hostKeyType } from "../facts/ssh";
import { PushUnit } from "./model";
import { pushCommand, renderPushScript, sha256, stagedName, stagingCommand, stagingDir, unitHash } from "./render/push-script";

/** A host that is still booting refuses SSH for a while: retry for ~10 minutes, 20 s per dial. */
export const dialPolicy = { dialErrorLimit: 30, perDialTimeout: 20 } as const;

export interface SshTarget {
    /** The host's Elastic IP. */
    readonly host: pulumi.Input<string>;
    /** OpenSSH private key (secret). */
    readonly privateKey: pulumi.Input<string>;
    /** Login user; "admin" on Debian's AMIs. Known at plan time: it names the staging directory. */
    readonly user: string;
    /** The host's SSH public key ("ssh-ed25519 AAAA…"): the connection talks to this host only. */
    readonly hostKey: pulumi.Input<string>;
    /**
     * The EC2 instance ID. An Elastic IP survives an instance replacement, so the address alone
     * would not tell the commands that a fresh host needs everything again.
     */
    readonly instanceId?: pulumi.Input<string>;
}

/** What a pinned host key must look like: an authorized_keys line of the one host key type. */
export function checkedHostKey(key: string | undefined): string {
    const line = (key ?? "").trim();
    if (!new RegExp(`^${hostKeyType} [A-Za-z0-9+/]+=*( .*)?$`).test(line)) {
        throw new Error(`SSH connection refused: hostKey must be the host's ${hostKeyType} public key, got ${line ? `"${line.slice(0, 24)}…"` : "none"}`);
    }
    return line;
}

/**
 * The provider parses hostKey with ssh.ParseAuthorizedKey and verifies the server with
 * ssh.FixedHostKey, offering only that key's algorithm; without hostKey it would accept any host
 * (pulumi-command v1.2.1 provider/pkg/provider/remote/connection.go, SSHConfig). A mismatch fails
 * the dial with "ssh: handshake failed: ssh: host key mismatch", before any command or file.
 */
export function connectionArgs(target: SshTarget): types.input.remote.ConnectionArgs {
    if (target.hostKey === undefined) checkedHostKey(undefined);
    return {
        host: target.host,
        user: target.user,
        privateKey: pulumi.secret(target.privateKey),
        hostKey: pulumi.output(target.hostKey).apply(checkedHostKey),
        ...dialPolicy,
    };
}

export interface PushUnitArgs {
    readonly target: SshTarget;
    /** The unit as known at plan time: names, paths, commands, secrecy. Contents may differ. */
    readonly shape: PushUnit;
    /** The unit with its real contents (secret when `shape.secret`). */
    readonly unit: pulumi.Output<PushUnit>;
    readonly dependsOn?: pulumi.CustomResourceOptions["dependsOn"];
}

function checkedAgainst(shape: PushUnit) {
    return (unit: PushUnit): PushUnit => {
        const paths = (u: PushUnit) => u.files.map((f) => f.path).join(" ");
        if (unit.name !== shape.name || paths(unit) !== paths(shape)) {
            throw new Error(`push unit ${shape.name}: planned files [${paths(shape)}] but rendered [${paths(unit)}]`);
        }
        return unit;
    };
}

/** Pushes one unit; returns the Command whose stdout says "updated …" or "unchanged". */
export function pushUnit(name: string, args: PushUnitArgs, parent: pulumi.Resource): remote.Command {
    const { target, shape } = args;
    const connection = connectionArgs(target);
    const unit = args.unit.apply(checkedAgainst(shape));
    const stage = stagingDir(target.user, shape.name);

    const staging = new remote.Command(
        `${name}-staging`,
        {
            connection,
            create: stagingCommand(target.user, shape.name),
            triggers: [target.instanceId ?? ""],
            addPreviousOutputInEnv: false,
        },
        { parent, dependsOn: args.dependsOn },
    );
    const copies = shape.files.map((file) => {
        const content = unit.apply((u) => u.files.find((f) => f.path === file.path)!.content);
        return new remote.CopyToRemote(
            `${name}-${stagedName(file.path)}`,
            {
                connection,
                source: content.apply((text) => new pulumi.asset.StringAsset(text)),
                remotePath: `${stage}/${stagedName(file.path)}`,
                triggers: [content.apply(sha256), target.instanceId ?? ""],
            },
            // The asset of a secret unit stays secret in the state whatever the provider reports back.
            { parent, dependsOn: [staging], additionalSecretOutputs: shape.secret ? ["source"] : [] },
        );
    });
    return new remote.Command(
        `${name}-apply`,
        {
            connection,
            create: pushCommand(target.user),
            stdin: unit.apply((u) => renderPushScript(u, target.user)),
            triggers: [unit.apply(unitHash), target.instanceId ?? ""],
            // Validator messages of a secret unit could quote a secret line: log nothing, keep
            // stdout/stderr secret in the state.
            logging: shape.secret ? "none" : "stdoutAndStderr",
            addPreviousOutputInEnv: false,
        },
        { parent, dependsOn: copies, additionalSecretOutputs: shape.secret ? ["stdout", "stderr"] : [] },
    );
}
