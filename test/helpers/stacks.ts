/**
 * Shared access to mocked runs of the committed stacks: each stack runs once per mocha process,
 * whichever test file asks first.
 */
import { MockedRun, RecordedResource, runMocked, unwrapSecrets } from "../../offline/mock-run";
import { readStackValues, stackFilePath, StackValues } from "../../offline/stack-file";

export const committedStacks = ["dev", "staging", "prod"] as const;
export type StackName = (typeof committedStacks)[number];

const runs = new Map<string, Promise<MockedRun>>();

export function mockedStack(stack: StackName): Promise<MockedRun> {
    if (!runs.has(stack)) runs.set(stack, runMocked({ stack }));
    return runs.get(stack)!;
}

export function committedValues(stack: StackName): StackValues {
    return readStackValues(stackFilePath(stack));
}

export function ofType(run: MockedRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

export function one(run: MockedRun, type: string, predicate: (r: RecordedResource) => boolean = () => true): RecordedResource {
    const found = ofType(run, type).filter(predicate);
    if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
}

export function byUrn(run: MockedRun, urn: string): RecordedResource {
    const found = run.resources.find((r) => r.urn === urn);
    if (!found) throw new Error(`no resource ${urn}`);
    return found;
}

/** The resources whose outputs fed `property` of `resource` (property dependencies). */
export function inputsFrom(run: MockedRun, resource: RecordedResource, property: string): RecordedResource[] {
    return (resource.propertyDependencies[property] ?? []).map((urn) => byUrn(run, urn));
}

/** Plain inputs (secrets unwrapped). */
export function plain(resource: RecordedResource): Record<string, any> {
    return unwrapSecrets(resource.inputs);
}

export const types = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    legacyRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    flowLog: "aws:ec2/flowLog:FlowLog",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    instance: "aws:ec2/instance:Instance",
    eip: "aws:ec2/eip:Eip",
    keyPair: "aws:ec2/keyPair:KeyPair",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
    dbInstance: "aws:rds/instance:Instance",
    dbSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    dbParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    cacheSubnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
    replicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
    bucket: "aws:s3/bucket:Bucket",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    logMetricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    snsTopic: "aws:sns/topic:Topic",
    snsSubscription: "aws:sns/topicSubscription:TopicSubscription",
    remoteCommand: "command:remote:Command",
    copyToRemote: "command:remote:CopyToRemote",
    randomPassword: "random:index/randomPassword:RandomPassword",
    privateKey: "tls:index/privateKey:PrivateKey",
} as const;
