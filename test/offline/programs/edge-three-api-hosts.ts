/**
 * A fixture program: the edge component alone in front of three API instances, as infra/index.ts
 * will hand it every API host once hosts per role come from config (issue 16 item 1).
 */
import * as aws from "@pulumi/aws";
import { Edge } from "../../../infra/edge/alb";
import { WafBlockList } from "../../../infra/edge/waf";

const subnets = [0, 1].map((i) => new aws.ec2.Subnet(`public-${i}`, { vpcId: "vpc-0123456789abcdef0", cidrBlock: `10.10.${i}.0/24` }));
const group = new aws.ec2.SecurityGroup("alb", { vpcId: "vpc-0123456789abcdef0", description: "load balancer" });
const instances = [0, 1, 2].map((i) => new aws.ec2.Instance(`api-${i}`, { ami: "ami-0123456789abcdef0", instanceType: "t3.small", subnetId: subnets[i % 2].id }));

new Edge("irisx-dev", {
    domain: "api.dev.irisx.example",
    vpcId: "vpc-0123456789abcdef0",
    publicSubnetIds: subnets.map((s) => s.id),
    securityGroupId: group.id,
    apiInstanceIds: instances.map((i) => i.id),
    certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
    wafRateLimit: 2000,
    wafLogRetentionDays: 30,
    accessLogExpireDays: 30,
    blockedRequestsThreshold: 1000,
    blockList: new WafBlockList("irisx-dev-waf-block-list", { tags: (name) => ({ Name: name }) }),
    alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:irisx-dev-alarms-topic",
    tags: (name) => ({ Name: name }),
});
