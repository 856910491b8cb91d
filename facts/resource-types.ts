/**
 * Every Pulumi type token the repo names (the pack, the mock runtime, the offline plan, the tests),
 * written out so the pack does not load @pulumi/aws at start-up (it would add seconds to every
 * preview). test/policies/resource-types.test.ts checks each one against the installed packages.
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
    // What the program registers besides the above (issue 15 item 4: one table).
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    flowLog: "aws:ec2/flowLog:FlowLog",
    eip: "aws:ec2/eip:Eip",
    keyPair: "aws:ec2/keyPair:KeyPair",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logMetricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    snsTopic: "aws:sns/topic:Topic",
    snsSubscription: "aws:sns/topicSubscription:TopicSubscription",
    rdsSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    elasticacheSubnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
    bucketOwnershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    remoteCommand: "command:remote:Command",
    copyToRemote: "command:remote:CopyToRemote",
    randomPassword: "random:index/randomPassword:RandomPassword",
    randomId: "random:index/randomId:RandomId",
    privateKey: "tls:index/privateKey:PrivateKey",
    stack: "pulumi:pulumi:Stack",
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
    // The ALB + WAF edge (issue 16 item 3, facts/edge.ts).
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    targetGroupAttachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    // The deprecated aws.alb.* aliases register their own tokens: the pack reads both spellings.
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    albListener: "aws:alb/listener:Listener",
    albListenerRule: "aws:alb/listenerRule:ListenerRule",
    albTargetGroupAttachment: "aws:alb/targetGroupAttachment:TargetGroupAttachment",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    webAclLoggingConfiguration: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    ipSet: "aws:wafv2/ipSet:IpSet",
    certificate: "aws:acm/certificate:Certificate",
    certificateValidation: "aws:acm/certificateValidation:CertificateValidation",
    route53Record: "aws:route53/record:Record",
} as const;

/** Provider functions (invokes) the program calls and the mock runtime answers. */
export const invokes = {
    getAmi: "aws:ec2/getAmi:getAmi",
    getAvailabilityZones: "aws:index/getAvailabilityZones:getAvailabilityZones",
    getCallerIdentity: "aws:index/getCallerIdentity:getCallerIdentity",
    getPartition: "aws:index/getPartition:getPartition",
    getRegion: "aws:index/getRegion:getRegion",
    getServiceAccount: "aws:elb/getServiceAccount:getServiceAccount",
} as const;

/** A token's parts: `aws:s3/bucketPolicy:BucketPolicy` → package aws, module s3, name BucketPolicy. */
export function tokenParts(token: string): { pkg: string; module: string; name: string } {
    const [pkg = "", path = "", name = ""] = token.split(":");
    return { pkg, module: path.split("/")[0], name };
}

/** An explicit or default provider instance (`pulumi:providers:aws`): registered, but no cloud resource. */
export const isProviderType = (type: string): boolean => type.startsWith("pulumi:providers:");

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

export const loadBalancerTypes: readonly string[] = [types.loadBalancer, types.albLoadBalancer];
export const listenerTypes: readonly string[] = [types.listener, types.albListener];
export const listenerRuleTypes: readonly string[] = [types.listenerRule, types.albListenerRule];
export const targetGroupAttachmentTypes: readonly string[] = [types.targetGroupAttachment, types.albTargetGroupAttachment];
