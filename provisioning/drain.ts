/**
 * The FreeSWITCH host's drain step: a remote.Command with only a `delete` command, so creating or
 * updating it runs nothing, and deleting it (the host leaves the stack, or `pulumi destroy`) runs
 * the drain script (render/drain.ts) on the host before the host's resources go.
 *
 * Provider behaviour relied on (pulumi/pulumi-command v1.2.1): Create returns at once when
 * `create` is unset, Update runs neither command when both `update` and `create` are unset, and
 * Delete runs `delete` from the stored state with its stored connection and stdin
 * (provider/pkg/provider/remote/commandController.go; stdin: commandOutputs.go, run). Only
 * `triggers` forces a replacement (provider/pkg/provider/common/inputs.go, replaceOnChanges), and
 * the step has none, so a replaced instance or a new bound updates it in place without draining.
 * It depends on the host's Elastic IP (its connection), which depends on the instance: the engine
 * deletes dependents first, so the drain runs while the instance still exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { remote } from "@pulumi/command";
import { connectionArgs, SshTarget } from "./push";
import { pushCommand } from "./render/push-script";
import { drainPollSeconds, renderDrainScript } from "./render/drain";

/** A gone host should fail the delete in a minute, not after the pushes' ten minutes of retries. */
export const drainDialPolicy = { dialErrorLimit: 3, perDialTimeout: 20 } as const;

export interface DrainStepArgs {
    readonly target: SshTarget;
    /** drainTimeoutSeconds. */
    readonly boundSeconds: number;
    readonly dependsOn?: pulumi.CustomResourceOptions["dependsOn"];
}

export function drainStep(name: string, args: DrainStepArgs, parent: pulumi.Resource): remote.Command {
    return new remote.Command(`${name}-drain`, {
        connection: { ...connectionArgs(args.target), ...drainDialPolicy },
        delete: pushCommand(args.target.user),
        stdin: renderDrainScript({ boundSeconds: args.boundSeconds, pollSeconds: drainPollSeconds }),
        logging: "stdoutAndStderr",
        addPreviousOutputInEnv: false,
    }, { parent, dependsOn: args.dependsOn });
}
