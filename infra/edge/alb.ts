/**
 * edge alb: the API's public face. An internet-facing Application Load Balancer in the two public
 * subnets behind its own security group (infra/network/security-groups.ts, from the ingress plan),
 * listener 80 only redirecting to HTTPS, listener 443 with a TLS 1.2+1.3 policy, a target group
 * speaking HTTPS to every API host's nginx, access logs to their own bucket, and the web ACL.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { albHealthCheckPath, albSslPolicy } from "../../facts/edge";
import { ports } from "../../facts/ports";
import { AccessLogBucket, accessLogPrefix } from "./access-logs";
import { BlockListRef, WebFirewall } from "./waf";

export interface EdgeArgs {
    readonly domain: string;
    readonly vpcId: pulumi.Input<string>;
    readonly publicSubnetIds: pulumi.Input<string>[];
    readonly securityGroupId: pulumi.Input<string>;
    /** Every API host's instance id: one target-group attachment each, named by index. */
    readonly apiInstanceIds: readonly pulumi.Input<string>[];
    /** Exactly one: an ACM certificate for `domain`, or the zone to request and validate one in. */
    readonly certificateArn?: string;
    readonly hostedZoneId?: string;
    readonly wafRateLimit: number;
    readonly wafLogRetentionDays: number;
    readonly accessLogExpireDays: number;
    readonly blockedRequestsThreshold: number;
    /** fail2ban's WAF IP set (WafBlockList, created before the hosts whose role may update it). */
    readonly blockList: BlockListRef;
    readonly alarmTopicArn: pulumi.Input<string>;
    readonly tags: (name: string) => Record<string, string>;
}

/** The 80 listener's only action: a permanent redirect to the same URL over HTTPS. */
export const httpsRedirect = { type: "redirect", redirect: { protocol: "HTTPS", port: String(ports.https.from), statusCode: "HTTP_301" } };

export class Edge extends pulumi.ComponentResource {
    readonly dnsName: pulumi.Output<string>;
    readonly loadBalancerArn: pulumi.Output<string>;
    readonly accessLogBucketName: pulumi.Output<string>;

    constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("irisx:edge:Edge", name, {}, opts);
        const parent = { parent: this };

        const logs = new AccessLogBucket(`${name}-access-logs`, { expireDays: args.accessLogExpireDays, tags: args.tags }, parent);
        const certificateArn = args.certificateArn ?? this.dnsValidatedCertificate(name, args);

        const lbName = `${name}-alb`;
        const lb = new aws.lb.LoadBalancer(lbName, {
            loadBalancerType: "application",
            internal: false,
            subnets: args.publicSubnetIds,
            securityGroups: [args.securityGroupId],
            // Requests with header names that are not valid HTTP are dropped, not passed to nginx.
            dropInvalidHeaderFields: true,
            // Requests the load balancer cannot parse safely are refused (AWS's "defensive" default, said explicitly).
            desyncMitigationMode: "defensive",
            accessLogs: { bucket: logs.bucketName, prefix: accessLogPrefix, enabled: true },
            tags: args.tags(lbName),
        }, { ...parent, dependsOn: [logs.policy] });

        const targetsName = `${name}-api`;
        const targets = new aws.lb.TargetGroup(targetsName, {
            vpcId: args.vpcId,
            targetType: "instance",
            protocol: "HTTPS",
            port: ports.https.from,
            // nginx answers the path itself, so a host is healthy when nginx is, app or not.
            healthCheck: { enabled: true, protocol: "HTTPS", path: albHealthCheckPath, matcher: "200", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
            deregistrationDelay: 30,
            tags: args.tags(targetsName),
        }, parent);
        args.apiInstanceIds.forEach((instanceId, i) =>
            new aws.lb.TargetGroupAttachment(`${targetsName}-${i}`, { targetGroupArn: targets.arn, targetId: instanceId, port: ports.https.from }, parent));

        new aws.lb.Listener(`${lbName}-http`, {
            loadBalancerArn: lb.arn,
            port: ports.http.from,
            protocol: "HTTP",
            defaultActions: [httpsRedirect],
            tags: args.tags(`${lbName}-http`),
        }, parent);
        new aws.lb.Listener(`${lbName}-https`, {
            loadBalancerArn: lb.arn,
            port: ports.https.from,
            protocol: "HTTPS",
            sslPolicy: albSslPolicy,
            certificateArn,
            defaultActions: [{ type: "forward", targetGroupArn: targets.arn }],
            tags: args.tags(`${lbName}-https`),
        }, parent);

        if (args.hostedZoneId) {
            // The zone is the stack's to write in: `domain` points at the load balancer (alias, no TTL to wait out).
            new aws.route53.Record(`${name}-domain`, {
                zoneId: args.hostedZoneId,
                name: args.domain,
                type: "A",
                aliases: [{ name: lb.dnsName, zoneId: lb.zoneId, evaluateTargetHealth: true }],
            }, parent);
        }

        new WebFirewall(`${name}-waf`, {
            blockList: args.blockList,
            loadBalancerArn: lb.arn,
            rateLimit: args.wafRateLimit,
            logRetentionDays: args.wafLogRetentionDays,
            blockedRequestsThreshold: args.blockedRequestsThreshold,
            alarmTopicArn: args.alarmTopicArn,
            tags: args.tags,
        }, parent);

        this.dnsName = lb.dnsName;
        this.loadBalancerArn = lb.arn;
        this.accessLogBucketName = logs.bucketName;
        this.registerOutputs({ dnsName: this.dnsName, loadBalancerArn: this.loadBalancerArn, accessLogBucketName: this.accessLogBucketName });
    }

    /** An ACM certificate for `domain`, validated by the DNS records ACM asks for in the stack's zone. */
    private dnsValidatedCertificate(name: string, args: EdgeArgs): pulumi.Output<string> {
        const parent = { parent: this };
        const certName = `${name}-certificate`;
        const certificate = new aws.acm.Certificate(certName, {
            domainName: args.domain,
            validationMethod: "DNS",
            tags: args.tags(certName),
        }, parent);
        // One name only (no SANs): ACM asks for exactly one CNAME, known only after the certificate exists.
        const option = certificate.domainValidationOptions.apply((options) => options[0]);
        const record = new aws.route53.Record(`${certName}-validation`, {
            zoneId: args.hostedZoneId!,
            name: option.resourceRecordName,
            type: option.resourceRecordType,
            records: [option.resourceRecordValue],
            ttl: 300,
            allowOverwrite: true,
        }, parent);
        const validation = new aws.acm.CertificateValidation(`${certName}-validation`, {
            certificateArn: certificate.arn,
            validationRecordFqdns: [record.fqdn],
        }, parent);
        // The listener takes the ARN once validation has finished (ISSUED), not before.
        return validation.certificateArn;
    }
}
