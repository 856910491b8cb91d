/**
 * One EC2 host (API or FreeSWITCH): its SSH host key, instance profile, instance, Elastic IP.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { HostKeyPair } from "./user-data";

/** The official Debian cloud team's AWS account (https://wiki.debian.org/Cloud/AmazonEC2Image). */
export const debianOwnerId = "136693071363";
export const debianAmiNamePattern = "debian-12-amd64-*";

/** Object actions each host may perform on the recordings bucket, nothing else. */
export const recordingsActions = {
    api: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
    freeswitch: ["s3:PutObject"],
} as const;

/** IAM policy allowing `actions` on the objects of one bucket (IAM.21: no "*" resources). */
export function bucketObjectPolicy(bucketArn: string, actions: readonly string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: [...actions], Resource: [`${bucketArn}/*`] }],
    });
}

/**
 * What the CloudWatch agent needs to ship files into log groups that already exist: create its
 * stream, put events. Never logs:CreateLogGroup (Pulumi owns the groups and their retention).
 */
export const logShippingActions = ["logs:CreateLogStream", "logs:PutLogEvents"] as const;

/**
 * IAM policy allowing the agent to write into these log groups only: the group's ARN (what
 * CreateLogStream is authorised against) and `<arn>:*`, its streams (PutLogEvents).
 */
export function logShippingPolicy(logGroupArns: readonly string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: [...logShippingActions], Resource: logGroupArns.flatMap((arn) => [arn, `${arn}:*`]) }],
    });
}

/**
 * What the API host's fail2ban action needs (edge alb, provisioning/render/waf-ipset.ts): read the
 * IP set with its lock token and write it back. Nothing else of WAF, and only on that set.
 */
export const wafBanActions = ["wafv2:GetIPSet", "wafv2:UpdateIPSet"] as const;

/** IAM policy allowing GetIPSet and UpdateIPSet on one WAFv2 IP set (its ARN). */
export function wafIpSetPolicy(ipSetArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: [...wafBanActions], Resource: [ipSetArn] }],
    });
}

export const ec2TrustPolicy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** EC2.8: IMDSv2 only, and a hop limit of 1 so containers on the host cannot reach the credentials. */
export const metadataOptions = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } as const;

/** Looks up the newest official Debian 12 AMI unless an id is configured. */
export function debianAmi(amiId: string | undefined, opts?: pulumi.InvokeOutputOptions): pulumi.Output<string> {
    if (amiId !== undefined) return pulumi.output(amiId);
    return aws.ec2.getAmiOutput({
        owners: [debianOwnerId],
        mostRecent: true,
        filters: [
            { name: "name", values: [debianAmiNamePattern] },
            { name: "architecture", values: ["x86_64"] },
            { name: "virtualization-type", values: ["hvm"] },
        ],
    }, opts).id;
}

export interface HostArgs {
    readonly role: "api" | "freeswitch";
    readonly ami: pulumi.Input<string>;
    readonly instanceType: string;
    readonly subnetId: pulumi.Input<string>;
    readonly securityGroupId: pulumi.Input<string>;
    readonly keyName: pulumi.Input<string>;
    /** Renders the user data around the host key this component generates (renderUserData). */
    readonly userData: (hostKey: HostKeyPair) => string;
    readonly rootVolumeGb: number;
    readonly recordingsBucketArn: pulumi.Input<string>;
    /** The log groups this host's CloudWatch agent writes to. */
    readonly logGroupArns: pulumi.Input<string>[];
    /** edge alb, API host only: the WAF IP set its fail2ban bans into (wafIpSetPolicy). */
    readonly wafIpSetArn?: pulumi.Input<string>;
    readonly tags: (name: string) => Record<string, string>;
}

export class Host extends pulumi.ComponentResource {
    readonly instanceId: pulumi.Output<string>;
    /** The Elastic IP: the address DNS, peers and the provisioning step use. */
    readonly publicIp: pulumi.Output<string>;
    readonly privateIp: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    /**
     * The host's SSH public key ("ssh-ed25519 AAAA…"), known before the instance exists: every push
     * connection pins it. The private half is a secret in state and in the user data only.
     */
    readonly hostKey: pulumi.Output<string>;

    constructor(name: string, args: HostArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:compute:Host", name, {}, opts);
        const parent = { parent: this };

        const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: ec2TrustPolicy, tags: args.tags(`${name}-role`) }, parent);
        const partition = aws.getPartitionOutput({}, parent).partition;
        // SSM.1: Session Manager and patching, without opening anything inbound.
        new aws.iam.RolePolicyAttachment(`${name}-ssm`, {
            role: role.name,
            policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
        }, parent);
        new aws.iam.RolePolicy(`${name}-recordings`, {
            role: role.id,
            policy: pulumi.output(args.recordingsBucketArn).apply((arn) => bucketObjectPolicy(arn, recordingsActions[args.role])),
        }, parent);
        new aws.iam.RolePolicy(`${name}-logs`, {
            role: role.id,
            policy: pulumi.all(args.logGroupArns).apply((arns) => logShippingPolicy(arns)),
        }, parent);
        if (args.wafIpSetArn !== undefined) {
            if (args.role !== "api") throw new Error(`${name}: only the API host bans into the WAF IP set (wafIpSetArn)`);
            new aws.iam.RolePolicy(`${name}-waf-ban`, {
                role: role.id,
                policy: pulumi.output(args.wafIpSetArn).apply((arn) => wafIpSetPolicy(arn)),
            }, parent);
        }
        // cloud-init installs this key at first boot (user-data.ts), so the first push can already
        // verify the host. Replacing it replaces the instance (replaceWith below): README, "Host identity".
        const hostKey = new tls.PrivateKey(`${name}-host-key`, { algorithm: "ED25519" }, parent);
        const userData = pulumi
            .all([hostKey.privateKeyOpenssh, hostKey.publicKeyOpenssh])
            .apply(([privateKeyOpenssh, publicKeyOpenssh]) => args.userData({ privateKeyOpenssh, publicKeyOpenssh }));

        const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name, tags: args.tags(`${name}-profile`) }, parent);

        const instance = new aws.ec2.Instance(`${name}-instance`, {
            ami: args.ami,
            instanceType: args.instanceType,
            subnetId: args.subnetId,
            vpcSecurityGroupIds: [args.securityGroupId],
            iamInstanceProfile: profile.name,
            keyName: args.keyName,
            // cloud-init installs packages at first boot, before the EIP is attached; without an
            // address at launch apt would fail. The EIP replaces this address once associated.
            associatePublicIpAddress: true,
            metadataOptions,
            rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: args.rootVolumeGb, deleteOnTermination: true },
            // Secret end to end: the state keeps the input encrypted, and the AWS provider stores only
            // a SHA-1 of it as the output (terraform-provider-aws internal/service/ec2/ec2_instance.go,
            // user_data's StateFunc userDataHashSum).
            userData: pulumi.secret(userData),
            tags: args.tags(`${name}-instance`),
            volumeTags: args.tags(`${name}-root`),
        }, {
            ...parent,
            // Children do not inherit a component's dependsOn: the caller's (the internet route) is
            // what cloud-init's first apt run needs, so the instance waits for it itself.
            dependsOn: opts?.dependsOn,
            // A newer Debian AMI must not silently replace a running host on the next `up`;
            // roll hosts deliberately with `pulumi up --replace`.
            ignoreChanges: ["ami"],
            // cloud-init writes host keys once per instance: a new key only reaches a new instance
            // (pulumi/pulumi#20693; needs a Pulumi CLI with ReplaceWith support).
            replaceWith: [hostKey],
            additionalSecretOutputs: ["userData"],
        });
        const eip = new aws.ec2.Eip(`${name}-eip`, { domain: "vpc", instance: instance.id, tags: args.tags(`${name}-eip`) }, parent);

        this.instanceId = instance.id;
        this.publicIp = eip.publicIp;
        this.privateIp = instance.privateIp;
        this.roleArn = role.arn;
        this.hostKey = hostKey.publicKeyOpenssh;
        this.registerOutputs({ instanceId: this.instanceId, publicIp: this.publicIp, privateIp: this.privateIp, roleArn: this.roleArn, hostKey: this.hostKey });
    }
}
