/**
 * The VPC: two public subnets for the hosts, two private subnets for RDS and Redis, flow logs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { formatIpv4, parseCidr } from "../../facts/cidr";

export interface NetworkArgs {
    /** IPv4 CIDR of the VPC, /16 to /22 (validated in config.ts). */
    readonly cidrBlock: string;
    readonly flowLogRetentionDays: number;
    /** Tags for every child; each child's Name tag is added here. */
    readonly tags: (name: string) => Record<string, string>;
}

/** Zones that do not offer current-generation instance types. */
export const legacyZoneIds = ["use1-az3"];

export interface SubnetPlan {
    readonly public: readonly [string, string];
    readonly private: readonly [string, string];
}

/** Splits the VPC into four equal quarters: public, public, private, private. */
export function planSubnets(vpcCidr: string): SubnetPlan {
    const vpc = parseCidr(vpcCidr);
    if (!vpc || vpc.family !== 4 || vpc.prefix > 30) throw new Error(`cannot split ${vpcCidr} into four IPv4 subnets`);
    const prefix = vpc.prefix + 2;
    const size = 1n << BigInt(32 - prefix);
    const base = (vpc.address >> BigInt(32 - vpc.prefix)) << BigInt(32 - vpc.prefix);
    const quarter = (i: number) => `${formatIpv4(base + BigInt(i) * size)}/${prefix}`;
    return { public: [quarter(0), quarter(1)], private: [quarter(2), quarter(3)] };
}

/** The flow-log role may write to its own log group only (IAM.21: no "*" resources). */
export function flowLogPolicy(logGroupArn: string): string {
    // DescribeLogGroups has no per-group resource; the narrowest ARN it takes is the account's
    // log groups in this region, which is still not "*".
    const allGroupsInRegion = logGroupArn.replace(/:log-group:.*$/, ":log-group:*");
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, `${logGroupArn}:*`],
            },
            { Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: [allGroupsInRegion] },
        ],
    });
}

/** Trust for the VPC Flow Logs service, limited to our account (confused-deputy guard). */
export function flowLogTrustPolicy(accountId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    });
}

export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly flowLogGroupName: pulumi.Output<string>;
    /** The public subnets' way out: hosts depend on it so cloud-init's apt and the EIP find a route. */
    readonly internetRoute: pulumi.Resource[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:network:Network", name, {}, opts);
        const parent = { parent: this };
        const plan = planSubnets(args.cidrBlock);

        const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
            cidrBlock: args.cidrBlock,
            enableDnsSupport: true,
            // RDS and ElastiCache endpoints are DNS names: the hosts must resolve them.
            enableDnsHostnames: true,
            tags: args.tags(`${name}-vpc`),
        }, parent);

        // EC2.2: the default SG is attached to anything launched without an explicit SG. Adopting
        // it with empty rule lists removes the rules AWS creates, so nothing can rely on it.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, {
            vpcId: vpc.id,
            ingress: [],
            egress: [],
            tags: args.tags(`${name}-default-sg-closed`),
        }, parent);

        // use1-az3 is a legacy us-east-1 zone that cannot launch current instance families
        // (t3, c6i); whichever name maps to it in this account must not get a host subnet.
        // Only zones that need no opt-in: an account opted into a Local Zone group would otherwise
        // get it listed (and sorted first), and RDS, ElastiCache and our instance types are not there.
        const zones = aws.getAvailabilityZonesOutput({
            state: "available",
            excludeZoneIds: legacyZoneIds,
            filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
        }, parent).names;
        const subnet = (tier: "public" | "private", i: number, cidrBlock: string) =>
            new aws.ec2.Subnet(`${name}-${tier}-${i}`, {
                vpcId: vpc.id,
                cidrBlock,
                availabilityZone: zones.apply((names) => names[i]),
                // Hosts get their public address from an explicit EIP, never implicitly.
                mapPublicIpOnLaunch: false,
                tags: args.tags(`${name}-${tier}-${i}`),
            }, parent);
        const publicSubnets = plan.public.map((cidr, i) => subnet("public", i, cidr));
        const privateSubnets = plan.private.map((cidr, i) => subnet("private", i, cidr));

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: args.tags(`${name}-igw`) }, parent);
        // Only the public subnets get a route table with a default route; the private subnets keep
        // the VPC's main table (local routes only), so the data tier has no path to the internet.
        const publicRoutes = new aws.ec2.RouteTable(`${name}-public-rt`, {
            vpcId: vpc.id,
            routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
            tags: args.tags(`${name}-public-rt`),
        }, parent);
        const associations = publicSubnets.map((s, i) =>
            new aws.ec2.RouteTableAssociation(`${name}-public-rta-${i}`, { subnetId: s.id, routeTableId: publicRoutes.id }, parent));

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
            name: `/irisx/${name}/vpc-flow-logs`,
            retentionInDays: args.flowLogRetentionDays,
            tags: args.tags(`${name}-flow-logs`),
        }, parent);
        const role = new aws.iam.Role(`${name}-flow-logs-role`, {
            assumeRolePolicy: logGroup.arn.apply((arn) => flowLogTrustPolicy(arn.split(":")[4])),
            tags: args.tags(`${name}-flow-logs-role`),
        }, parent);
        new aws.iam.RolePolicy(`${name}-flow-logs-policy`, { role: role.id, policy: logGroup.arn.apply(flowLogPolicy) }, parent);
        new aws.ec2.FlowLog(`${name}-flow-log`, {
            vpcId: vpc.id,
            // ALL rather than REJECT: accepted flows are what an incident review needs most.
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            tags: args.tags(`${name}-flow-log`),
        }, parent);

        this.vpcId = vpc.id;
        this.vpcCidr = vpc.cidrBlock;
        this.publicSubnetIds = publicSubnets.map((s) => s.id);
        this.privateSubnetIds = privateSubnets.map((s) => s.id);
        this.flowLogGroupName = logGroup.name;
        this.internetRoute = [igw, ...associations];
        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidr: this.vpcCidr,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            flowLogGroupName: this.flowLogGroupName,
        });
    }
}
