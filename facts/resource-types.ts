/**
 * Pulumi type tokens the pack judges, written out so the pack does not load @pulumi/aws at start-up
 * (it would add seconds to every preview). test/policies/resource-types.test.ts checks each one
 * against `__pulumiType` in the installed @pulumi/aws.
 */
export const types = {
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    instance: "aws:ec2/instance:Instance",
    rdsInstance: "aws:rds/instance:Instance",
    replicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketSse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketSseV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    accessKey: "aws:iam/accessKey:AccessKey",
    // Baselines (issue 11 item 6).
    securityGroupEgressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    vpc: "aws:ec2/vpc:Vpc",
    ebsVolume: "aws:ebs/volume:Volume",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    launchConfiguration: "aws:ec2/launchConfiguration:LaunchConfiguration",
    spotInstanceRequest: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
    rdsParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    iamRole: "aws:iam/role:Role",
    iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamPolicy: "aws:iam/policy:Policy",
    iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    iamInstanceProfile: "aws:iam/instanceProfile:InstanceProfile",
    autoscalingGroup: "aws:autoscaling/group:Group",
    spotFleetRequest: "aws:ec2/spotFleetRequest:SpotFleetRequest",
    fleet: "aws:ec2/fleet:Fleet",
    networkInterface: "aws:ec2/networkInterface:NetworkInterface",
    networkInterfaceAttachment: "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment",
    networkInterfaceSecurityGroupAttachment: "aws:ec2/networkInterfaceSecurityGroupAttachment:NetworkInterfaceSecurityGroupAttachment",
    managedPrefixList: "aws:ec2/managedPrefixList:ManagedPrefixList",
    managedPrefixListEntry: "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry",
} as const;

/**
 * What the offline cost estimate (offline/cost/) prices: every resource type that carries a
 * monthly charge of its own, besides the instance, database and cache tokens in `types`.
 */
export const costTypes = {
    eip: "aws:ec2/eip:Eip",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logMetricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    topicSubscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

/** Resources that carry their own `ingress` list. */
export const securityGroupTypes: readonly string[] = [types.securityGroup, types.defaultSecurityGroup];
/** Every resource type that can grant ingress to a security group. */
export const ingressTypes: readonly string[] = [...securityGroupTypes, types.securityGroupRule, types.securityGroupIngressRule];
/** Standalone rules of either direction: each fights a group's inline `ingress`/`egress` over its rule set. */
export const standaloneRuleTypes: readonly string[] = [types.securityGroupRule, types.securityGroupIngressRule, types.securityGroupEgressRule];
export const bucketTypes: readonly string[] = [types.bucket, types.bucketV2];
export const bucketSseTypes: readonly string[] = [types.bucketSse, types.bucketSseV2];
/** Everything that launches (or describes how to launch) instances, and so has security groups applied. */
export const hostTypes: readonly string[] = [
    types.instance, types.spotInstanceRequest, types.launchTemplate, types.launchConfiguration,
    types.autoscalingGroup, types.spotFleetRequest, types.fleet,
];
