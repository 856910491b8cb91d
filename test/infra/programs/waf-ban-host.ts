/**
 * A fixture program: the API host as edge alb builds it, with the WAF IP set's ARN handed in
 * (the edge component owns the set), so the tests can read the role's policy and run the pack.
 */
import { Host } from "../../../infra/compute/host";
import { renderUserData } from "../../../infra/compute/user-data";
import { roleTagKey } from "../../../facts/ports";

export const wafIpSetArn = "arn:aws:wafv2:us-east-1:123456789012:regional/ipset/irisx-dev-banned/0b1f6a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

new Host("irisx-dev-api", {
    role: "api",
    ami: "ami-0123456789abcdef0",
    instanceType: "t3.small",
    subnetId: "subnet-0123456789abcdef0",
    securityGroupId: "sg-0123456789abcdef0",
    keyName: "irisx-dev-admin",
    userData: (hostKey) => renderUserData({ role: "api", edge: "alb", hostname: "irisx-dev-api", hostKey }),
    rootVolumeGb: 20,
    recordingsBucketArn: "arn:aws:s3:::irisx-dev-recordings",
    logGroupArns: ["arn:aws:logs:us-east-1:123456789012:log-group:/irisx/dev/nginx"],
    wafIpSetArn,
    tags: (name) => ({ Name: name, [roleTagKey]: "api" }),
});
