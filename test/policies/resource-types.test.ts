import * as assert from "assert";
import { costTypes, types } from "../../facts/resource-types";

describe("the pack's resource type tokens", () => {
    it("match __pulumiType of the installed @pulumi/aws classes", () => {
        // Loaded here only: the pack itself never imports @pulumi/aws (start-up time).
        const aws = require("@pulumi/aws");
        const classes: Record<keyof typeof types, { __pulumiType: string }> = {
            securityGroup: aws.ec2.SecurityGroup,
            defaultSecurityGroup: aws.ec2.DefaultSecurityGroup,
            securityGroupRule: aws.ec2.SecurityGroupRule,
            securityGroupIngressRule: aws.vpc.SecurityGroupIngressRule,
            instance: aws.ec2.Instance,
            rdsInstance: aws.rds.Instance,
            replicationGroup: aws.elasticache.ReplicationGroup,
            bucket: aws.s3.Bucket,
            bucketV2: aws.s3.BucketV2,
            bucketPublicAccessBlock: aws.s3.BucketPublicAccessBlock,
            bucketSse: aws.s3.BucketServerSideEncryptionConfiguration,
            bucketSseV2: aws.s3.BucketServerSideEncryptionConfigurationV2,
            accessKey: aws.iam.AccessKey,
            securityGroupEgressRule: aws.vpc.SecurityGroupEgressRule,
            vpc: aws.ec2.Vpc,
            ebsVolume: aws.ebs.Volume,
            launchTemplate: aws.ec2.LaunchTemplate,
            launchConfiguration: aws.ec2.LaunchConfiguration,
            spotInstanceRequest: aws.ec2.SpotInstanceRequest,
            rdsParameterGroup: aws.rds.ParameterGroup,
            bucketPolicy: aws.s3.BucketPolicy,
            iamRole: aws.iam.Role,
            iamRolePolicy: aws.iam.RolePolicy,
            iamPolicy: aws.iam.Policy,
            iamRolePolicyAttachment: aws.iam.RolePolicyAttachment,
            iamInstanceProfile: aws.iam.InstanceProfile,
            autoscalingGroup: aws.autoscaling.Group,
            spotFleetRequest: aws.ec2.SpotFleetRequest,
            fleet: aws.ec2.Fleet,
            networkInterface: aws.ec2.NetworkInterface,
            networkInterfaceAttachment: aws.ec2.NetworkInterfaceAttachment,
            networkInterfaceSecurityGroupAttachment: aws.ec2.NetworkInterfaceSecurityGroupAttachment,
            managedPrefixList: aws.ec2.ManagedPrefixList,
            managedPrefixListEntry: aws.ec2.ManagedPrefixListEntry,
        };
        for (const [key, cls] of Object.entries(classes)) assert.strictEqual(types[key as keyof typeof types], cls.__pulumiType, key);
    });

    it("match for the types the cost estimate prices", () => {
        const aws = require("@pulumi/aws");
        const classes: Record<keyof typeof costTypes, { __pulumiType: string }> = {
            eip: aws.ec2.Eip,
            loadBalancer: aws.lb.LoadBalancer,
            albLoadBalancer: aws.alb.LoadBalancer,
            webAcl: aws.wafv2.WebAcl,
            metricAlarm: aws.cloudwatch.MetricAlarm,
            logGroup: aws.cloudwatch.LogGroup,
            logMetricFilter: aws.cloudwatch.LogMetricFilter,
            topicSubscription: aws.sns.TopicSubscription,
        };
        for (const [key, cls] of Object.entries(classes)) assert.strictEqual(costTypes[key as keyof typeof costTypes], cls.__pulumiType, key);
    });
});
