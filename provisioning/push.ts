/**
 * The one push mechanism in Pulumi terms: per unit, one remote.Command that runs the rendered push
 * script (render/push-script.ts) as root, the unit's files inside the script on stdin.
 *
 * Why stdin and not CopyToRemote: @pulumi/command 1.2.1's CopyToRemote has its own Check
 * (provider/pkg/provider/remote/copyController.go, CopyToRemote.Check), which fails with "either
 * asset or archive must be set" when `source` is unknown at preview: infer's decoder strips an
 * unknown value to its zero value (pulumi-go-provider v1.3.0, infer/internal/ende/ende.go, the
 * IsComputed case) so neither asset nor archive is set (pulumi/pulumi-command #754, #1183; fix
 * #1184 in no release). remote.Command implements no Check (commandController.go: Create, Update,
 * Delete only), so infer.DefaultCheck decodes an unknown `stdin` (an optional *string,
 * command.go) without a failure, and Create/Update return before connecting when DryRun
 * (commandController.go). The provider's error on a failed run quotes the command line and the
 * combined stdout/stderr, never stdin (commandOutputs.go, run): the script keeps contents out of
 * its output, and the command line is a constant.
 */
import * as pulumi from "@pulumi/pulumi";
import { remote, types } from "@pulumi/command";
import { hostKeyType } from "../facts/ssh";
import { PushUnit } from "./model";
import { pushCommand, renderPushScript, unitHash } from "./render/push-script";

/** A host that is still booting refuses SSH for a while: retry for ~10 minutes, 20 s per dial. */
export const dialPolicy = { dialErrorLimit: 30, perDialTimeout: 20 } as const;

export interface SshTarget {
    /** The host's Elastic IP. */
    readonly host: pulumi.Input<string>;
    /** OpenSSH private key (secret). */
    readonly privateKey: pulumi.Input<string>;
    /** Login user; "admin" on Debian's AMIs. Known at plan time: it names the old staging directory the script removes. */
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
    const unit = args.unit.apply(checkedAgainst(shape));
    return new remote.Command(
        `${name}-apply`,
        {
            connection: connectionArgs(target),
            create: pushCommand(target.user),
            // Secret when the unit is: the Output carries the secrecy of its contents into the state.
            stdin: unit.apply((u) => renderPushScript(u, target.user)),
            triggers: [unit.apply(unitHash), target.instanceId ?? ""],
            // Validator messages of a secret unit could quote a secret line: log nothing, keep
            // stdout/stderr secret in the state.
            logging: shape.secret ? "none" : "stdoutAndStderr",
            addPreviousOutputInEnv: false,
        },
        // The provider echoes its inputs as outputs: stdin (the contents) stays secret there too.
        { parent, dependsOn: args.dependsOn, additionalSecretOutputs: shape.secret ? ["stdin", "stdout", "stderr"] : [] },
    );
}
