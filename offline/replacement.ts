/**
 * Which inputs name a resource physically, and which inputs make the provider replace it. A
 * resource whose physical name the program sets is replaced delete-before-replace by
 * pulumi-terraform-bridge (pkg/tfbridge/schema.go, nameRequiresDeleteBeforeReplace: an autonameable
 * property "with a value that was not populated by the autonamer"), which fails while dependents
 * still use it; an autonamed one is created anew beside the old. test/infra/physical-names.test.ts
 * uses these tables to pin which resources keep a fixed name and why that is safe.
 */
import type { RecordedResource } from "./mock-run";
import { types } from "../facts/resource-types";

/** Type → the inputs that carry its physical name (a name, or a prefix the provider completes). */
export const physicalNameInputs: Readonly<Record<string, readonly string[]>> = {
    [types.securityGroup]: ["name", "namePrefix"],
    [types.rdsInstance]: ["identifier", "identifierPrefix"],
    [types.rdsSubnetGroup]: ["name", "namePrefix"],
    [types.rdsParameterGroup]: ["name", "namePrefix"],
    [types.replicationGroup]: ["replicationGroupId"],
    [types.elasticacheSubnetGroup]: ["name"],
    [types.logGroup]: ["name", "namePrefix"],
    [types.logMetricFilter]: ["name"],
    [types.metricAlarm]: ["name"],
    [types.snsTopic]: ["name", "namePrefix"],
    [types.iamRole]: ["name", "namePrefix"],
    [types.iamInstanceProfile]: ["name", "namePrefix"],
    [types.iamRolePolicy]: ["name", "namePrefix"],
    [types.keyPair]: ["keyName", "keyNamePrefix"],
    [types.bucket]: ["bucket", "bucketPrefix"],
    [types.ipSet]: ["name", "namePrefix"],
    [types.webAcl]: ["name", "namePrefix"],
    [types.loadBalancer]: ["name", "namePrefix"],
    [types.targetGroup]: ["name", "namePrefix"],
};

const tfAws = "hashicorp/terraform-provider-aws";

/** For the types the program names explicitly: the inputs whose change replaces the resource (ForceNew). */
export const replacementInputs: Readonly<Record<string, { readonly inputs: readonly string[]; readonly source: string }>> = {
    [types.logGroup]: { inputs: ["name", "namePrefix", "logGroupClass"], source: `${tfAws} internal/service/logs/group.go` },
    [types.logMetricFilter]: { inputs: ["name", "logGroupName"], source: `${tfAws} internal/service/logs/metric_filter.go` },
    [types.metricAlarm]: { inputs: ["name"], source: `${tfAws} internal/service/cloudwatch/metric_alarm.go (alarm_name)` },
    [types.snsTopic]: { inputs: ["name", "namePrefix", "fifoTopic"], source: `${tfAws} internal/service/sns/topic.go` },
    // edge alb: fail2ban's action and the alarm's WebACL dimension need the names; both derive from the stack prefix only.
    [types.ipSet]: { inputs: ["name", "namePrefix", "scope", "ipAddressVersion"], source: `${tfAws} internal/service/wafv2/ip_set.go (ForceNew attributes)` },
    [types.webAcl]: { inputs: ["name", "namePrefix", "scope"], source: `${tfAws} internal/service/wafv2/web_acl.go (ForceNew attributes)` },
    [types.rdsInstance]: {
        inputs: [
            "identifier", "identifierPrefix", "availabilityZone", "characterSetName", "customIamInstanceProfile", "dbName", "engine",
            "kmsKeyId", "ncharCharacterSetName", "restoreToPointInTime", "s3Import", "snapshotIdentifier", "storageEncrypted", "timezone", "username",
        ],
        source: `${tfAws} internal/service/rds/instance.go (ForceNew attributes)`,
    },
};

export interface NamedResource {
    readonly resource: RecordedResource;
    /** The physical-name inputs the program set. */
    readonly nameInputs: readonly string[];
}

/** The resources whose physical name the program sets rather than leaving to Pulumi's autonaming. */
export function explicitlyNamed(resources: readonly RecordedResource[]): NamedResource[] {
    return resources.flatMap((resource) => {
        const nameInputs = (physicalNameInputs[resource.type] ?? []).filter((key) => resource.inputs[key] !== undefined);
        return nameInputs.length > 0 ? [{ resource, nameInputs }] : [];
    });
}
