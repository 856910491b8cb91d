/**
 * Which inputs name a resource physically, and which inputs make the provider replace it. A
 * resource whose physical name the program sets is replaced delete-before-replace by
 * pulumi-terraform-bridge (pkg/tfbridge/schema.go, nameRequiresDeleteBeforeReplace: an autonameable
 * property "with a value that was not populated by the autonamer"), which fails while dependents
 * still use it; an autonamed one is created anew beside the old. test/infra/physical-names.test.ts
 * uses these tables to pin which resources keep a fixed name and why that is safe.
 */
import type { RecordedResource } from "./mock-run";

/** Type → the inputs that carry its physical name (a name, or a prefix the provider completes). */
export const physicalNameInputs: Readonly<Record<string, readonly string[]>> = {
    "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix"],
    "aws:rds/instance:Instance": ["identifier", "identifierPrefix"],
    "aws:rds/subnetGroup:SubnetGroup": ["name", "namePrefix"],
    "aws:rds/parameterGroup:ParameterGroup": ["name", "namePrefix"],
    "aws:elasticache/replicationGroup:ReplicationGroup": ["replicationGroupId"],
    "aws:elasticache/subnetGroup:SubnetGroup": ["name"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": ["name"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["name"],
    "aws:sns/topic:Topic": ["name", "namePrefix"],
    "aws:iam/role:Role": ["name", "namePrefix"],
    "aws:iam/instanceProfile:InstanceProfile": ["name", "namePrefix"],
    "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix"],
    "aws:ec2/keyPair:KeyPair": ["keyName", "keyNamePrefix"],
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix"],
    "aws:wafv2/ipSet:IpSet": ["name", "namePrefix"],
    "aws:wafv2/webAcl:WebAcl": ["name", "namePrefix"],
    "aws:lb/loadBalancer:LoadBalancer": ["name", "namePrefix"],
    "aws:lb/targetGroup:TargetGroup": ["name", "namePrefix"],
};

const tfAws = "hashicorp/terraform-provider-aws";

/** For the types the program names explicitly: the inputs whose change replaces the resource (ForceNew). */
export const replacementInputs: Readonly<Record<string, { readonly inputs: readonly string[]; readonly source: string }>> = {
    "aws:cloudwatch/logGroup:LogGroup": { inputs: ["name", "namePrefix", "logGroupClass"], source: `${tfAws} internal/service/logs/group.go` },
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": { inputs: ["name", "logGroupName"], source: `${tfAws} internal/service/logs/metric_filter.go` },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { inputs: ["name"], source: `${tfAws} internal/service/cloudwatch/metric_alarm.go (alarm_name)` },
    "aws:sns/topic:Topic": { inputs: ["name", "namePrefix", "fifoTopic"], source: `${tfAws} internal/service/sns/topic.go` },
    // edge alb: fail2ban's action and the alarm's WebACL dimension need the names; both derive from the stack prefix only.
    "aws:wafv2/ipSet:IpSet": { inputs: ["name", "namePrefix", "scope", "ipAddressVersion"], source: `${tfAws} internal/service/wafv2/ip_set.go (ForceNew attributes)` },
    "aws:wafv2/webAcl:WebAcl": { inputs: ["name", "namePrefix", "scope"], source: `${tfAws} internal/service/wafv2/web_acl.go (ForceNew attributes)` },
    "aws:rds/instance:Instance": {
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
