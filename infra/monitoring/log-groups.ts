/**
 * One CloudWatch log group per kind of host log (log-sources.ts), created before the hosts so the
 * agent finds them and the hosts' roles can be granted exactly these groups.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HostRole, LogKind, logGroupName, logSources, logSourcesFor } from "../../facts/log-sources";

export interface HostLogGroupsArgs {
    readonly environment: string;
    readonly retentionDays: number;
    readonly tags: (name: string) => Record<string, string>;
}

export class HostLogGroups extends pulumi.ComponentResource {
    readonly names: Readonly<Record<LogKind, pulumi.Output<string>>>;
    readonly arns: Readonly<Record<LogKind, pulumi.Output<string>>>;

    constructor(name: string, args: HostLogGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:monitoring:HostLogGroups", name, {}, opts);
        const names: Partial<Record<LogKind, pulumi.Output<string>>> = {};
        const arns: Partial<Record<LogKind, pulumi.Output<string>>> = {};
        for (const source of logSources) {
            const group = new aws.cloudwatch.LogGroup(`${name}-${source.kind}`, {
                name: logGroupName(args.environment, source.kind),
                retentionInDays: args.retentionDays,
                tags: args.tags(`${name}-${source.kind}`),
            }, { parent: this });
            names[source.kind] = group.name;
            arns[source.kind] = group.arn;
        }
        this.names = names as Record<LogKind, pulumi.Output<string>>;
        this.arns = arns as Record<LogKind, pulumi.Output<string>>;
        this.registerOutputs({ names: this.names });
    }

    /** The groups a host of this role ships to (its IAM grant). */
    arnsFor(role: HostRole): pulumi.Output<string>[] {
        return logSourcesFor(role).map((source) => this.arns[source.kind]);
    }
}
