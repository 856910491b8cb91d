/**
 * edge alb under the mock runtime, as an update and as a fresh-stack preview: the load balancer,
 * its listeners, target group, access-log bucket, web ACL and alarms; the API group then takes
 * 443 from the load balancer's group only. Config: alb needs exactly one of certificateArn and
 * hostedZoneId, and every malformed edge value exits 2 naming its key.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { albHealthCheckPath, albSslPolicy } from "../../facts/edge";
import { tokenParts, types } from "../../facts/resource-types";
import { ConfigError, parseStackConfig } from "../../infra/config";
import { accessLogBucketPolicy } from "../../infra/edge/access-logs";
import { wafLogDestination } from "../../infra/edge/waf";
import { MockedRun, RecordedResource, runMocked } from "../../offline/mock-run";
import { checkProviderInputs } from "../../offline/provider-checks";
import { albCertificateArn, albValues, albZoneId } from "../helpers/edge-stack";
import { committedValues, ofType, one, plain } from "../helpers/stacks";

const certificateArn = albCertificateArn;
const zoneId = albZoneId;

function problemKeys(values: Record<string, string>): string[] {
    try {
        parseStackConfig(values);
    } catch (error) {
        if (error instanceof ConfigError) return error.problems.map((p) => p.key);
        throw error;
    }
    return [];
}

describe("edge config", () => {
    it("defaults to direct, and alb with exactly one certificate source parses", () => {
        assert.equal(parseStackConfig(committedValues("dev")).edge, "direct");
        assert.equal(parseStackConfig(albValues()).hostedZoneId, zoneId);
        assert.equal(parseStackConfig(albValues({ "irisx-infra:certificateArn": certificateArn })).certificateArn, certificateArn);
    });

    it("refuses alb with neither or both of certificateArn and hostedZoneId, naming both keys", () => {
        assert.deepEqual(problemKeys(albValues({})), ["irisx-infra:certificateArn", "irisx-infra:hostedZoneId"]);
        assert.deepEqual(problemKeys(albValues({ "irisx-infra:certificateArn": certificateArn, "irisx-infra:hostedZoneId": zoneId })), ["irisx-infra:certificateArn", "irisx-infra:hostedZoneId"]);
    });

    it("refuses a malformed mode, ARN, zone id, rate limit or retention, naming the key", () => {
        const cases: [string, string][] = [
            ["edge", "nlb"],
            ["certificateArn", "arn:aws:iam::123456789012:server-certificate/irisx"],
            ["hostedZoneId", "/hostedzone/Z0123456789ABCDEFGHIJ"],
            ["wafRateLimit", "9"],
            ["wafRateLimit", "2000000001"],
            ["wafLogRetentionDays", "13"],
        ];
        for (const [key, value] of cases) {
            assert.ok(problemKeys(albValues({ "irisx-infra:hostedZoneId": zoneId, [`irisx-infra:${key}`]: value })).includes(`irisx-infra:${key}`), `${key}=${value}`);
        }
    });
});

/** Ingress of the group `name` ends with, as "port/protocol from source". */
function ingressOf(run: MockedRun, groupSuffix: string): string[] {
    const group = one(run, types.securityGroup, (g) => g.name.endsWith(groupSuffix));
    const groupNames = new Map(ofType(run, types.securityGroup).map((g) => [g.id, g.name]));
    return ofType(run, types.securityGroupIngressRule)
        .filter((r) => r.propertyDependencies.securityGroupId?.includes(group.urn))
        .map((r) => {
            const p = plain(r);
            const source = p.cidrIpv4 ?? p.cidrIpv6 ?? `sg ${groupNames.get(p.referencedSecurityGroupId) ?? "?"}`;
            return `${p.fromPort}/${p.ipProtocol} from ${source}`;
        })
        .sort();
}

describe("edge alb under mocks (update)", function () {
    this.timeout(120_000);
    let run: MockedRun;
    before(async () => (run = await runMocked({ stack: "dev", values: albValues() })));

    it("puts an internet-facing ALB in both public subnets behind its own group, dropping invalid headers, logging to its bucket", () => {
        const lb = plain(one(run, types.loadBalancer));
        assert.equal(lb.loadBalancerType, "application");
        assert.equal(lb.internal, false);
        assert.equal(lb.dropInvalidHeaderFields, true);
        const publicSubnets = ofType(run, types.subnet).filter((s) => s.name.includes("public")).map((s) => s.id).sort();
        assert.deepEqual([...lb.subnets].sort(), publicSubnets);
        const albGroup = one(run, types.securityGroup, (g) => g.name.endsWith("-sg-alb"));
        assert.deepEqual(lb.securityGroups, [albGroup.id]);
        const bucket = one(run, types.bucket, (b) => b.name.includes("access-logs"));
        assert.deepEqual([lb.accessLogs.bucket, lb.accessLogs.enabled], [bucket.id, true]);
    });

    it("listens on 80 only to redirect to HTTPS (301) and on 443 with the TLS 1.2+1.3 policy", () => {
        const listeners = ofType(run, types.listener).map(plain);
        const http = listeners.find((l) => l.port === 80)!;
        assert.deepEqual(http.defaultActions, [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        const https = listeners.find((l) => l.port === 443)!;
        assert.deepEqual([https.protocol, https.sslPolicy], ["HTTPS", albSslPolicy]);
        const validation = one(run, types.certificateValidation);
        assert.equal(https.certificateArn, plain(validation).certificateArn);
        const targets = one(run, types.targetGroup);
        assert.deepEqual(https.defaultActions, [{ type: "forward", targetGroupArn: targets.id }]);
    });

    it("sends HTTPS to every API host's nginx, health-checked on the path nginx answers itself", () => {
        const targets = plain(one(run, types.targetGroup));
        assert.deepEqual([targets.protocol, targets.port, targets.healthCheck.protocol, targets.healthCheck.path], ["HTTPS", 443, "HTTPS", albHealthCheckPath]);
        const apiInstances = ofType(run, types.instance).filter((i) => plain(i).tags["irisx:role"] === "api").map((i) => i.id).sort();
        assert.deepEqual(ofType(run, types.targetGroupAttachment).map((a) => plain(a).targetId).sort(), apiInstances);
    });

    it("lets the world reach the ALB on 80/443 only, and the API hosts' 443 only from the ALB's group", () => {
        assert.deepEqual(ingressOf(run, "-sg-alb"), ["443/tcp from 0.0.0.0/0", "80/tcp from 0.0.0.0/0"]);
        assert.deepEqual(ingressOf(run, "-sg-api"), ["22/tcp from 203.0.113.10/32", "443/tcp from sg irisx-dev-sg-alb"]);
        const albGroup = one(run, types.securityGroup, (g) => g.name.endsWith("-sg-alb"));
        const egress = ofType(run, types.securityGroupEgressRule).filter((r) => plain(r).securityGroupId === albGroup.id).map(plain);
        const apiGroup = one(run, types.securityGroup, (g) => g.name.endsWith("-sg-api"));
        assert.deepEqual(egress.map((e) => [e.ipProtocol, e.fromPort, e.toPort, e.referencedSecurityGroupId, e.cidrIpv4]), [["tcp", 443, 443, apiGroup.id, undefined]]);
    });

    it("locks the access-log bucket down like the recordings bucket, with SSE-S3 and the ELB delivery grant", () => {
        const bucket = one(run, types.bucket, (b) => b.name.includes("access-logs"));
        const of = (type: string) => plain(one(run, type, (r) => plain(r).bucket === bucket.id));
        assert.deepEqual(of("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"), { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        assert.equal(of("aws:s3/bucketOwnershipControls:BucketOwnershipControls").rule.objectOwnership, "BucketOwnerEnforced");
        assert.equal(of("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
        const policy = JSON.parse(of("aws:s3/bucketPolicy:BucketPolicy").policy);
        assert.deepEqual(policy.Statement.map((s: any) => [s.Effect, s.Principal]), [["Deny", "*"], ["Allow", { AWS: "arn:aws:iam::127311923021:root" }]]);
        assert.equal(policy.Statement[1].Resource, `arn:aws:s3:::${bucket.id}/alb/AWSLogs/123456789012/*`);
    });

    it("associates a REGIONAL web ACL: block list first, the four managed groups, the per-IP rate limit from config", () => {
        const acl = plain(one(run, types.webAcl));
        assert.equal(acl.scope, "REGIONAL");
        assert.deepEqual(acl.rules.map((r: any) => r.name), [
            "fail2ban-block-list", "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet",
            "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet", "per-ip-rate-limit",
        ]);
        const ipSet = one(run, types.ipSet);
        assert.deepEqual([plain(ipSet).scope, plain(ipSet).ipAddressVersion], ["REGIONAL", "IPV4"]);
        assert.deepEqual(acl.rules[0], { name: "fail2ban-block-list", priority: 0, action: { block: {} }, statement: { ipSetReferenceStatement: { arn: ipSet.outputs!.arn } }, visibilityConfig: acl.rules[0].visibilityConfig });
        assert.deepEqual(acl.rules[5].statement.rateBasedStatement, { aggregateKeyType: "IP", limit: 2000, evaluationWindowSec: 300 });
        const association = plain(one(run, types.webAclAssociation));
        assert.deepEqual([association.webAclArn, association.resourceArn], [one(run, types.webAcl).outputs!.arn, one(run, types.loadBalancer).outputs!.arn]);
        assert.deepEqual(run.outputs.publicEdge.wafBlockList, { id: ipSet.id, name: plain(ipSet).name, arn: ipSet.outputs!.arn });
    });

    it("logs the web ACL to aws-waf-logs-<prefix> with the configured retention, by the ARN WAF accepts", () => {
        const group = plain(one(run, types.logGroup, (g) => plain(g).name.startsWith("aws-waf-logs-")));
        assert.deepEqual([group.name, group.retentionInDays], ["aws-waf-logs-irisx-dev-waf", 30]);
        const logging = plain(one(run, types.webAclLoggingConfiguration));
        assert.deepEqual(logging.logDestinationConfigs, [`arn:aws:logs:us-east-1:123456789012:log-group:${group.name}`]);
        assert.equal(wafLogDestination(`arn:aws:logs:us-east-1:123456789012:log-group:${group.name}:*`), logging.logDestinationConfigs[0]);
    });

    it("alarms to the stack's topic on bursts of blocked requests", () => {
        const alarm = plain(one(run, types.metricAlarm, (a) => plain(a).namespace === "AWS/WAFV2"));
        const topic = one(run, "aws:sns/topic:Topic");
        assert.deepEqual([alarm.metricName, alarm.dimensions.WebACL, alarm.dimensions.Rule, alarm.threshold, alarm.alarmActions], ["BlockedRequests", "irisx-dev-waf", "ALL", 1000, [topic.id]]);
    });

    it("with hostedZoneId, validates an ACM certificate by DNS and aliases domain to the ALB", () => {
        const records = ofType(run, types.route53Record).map(plain);
        const alias = records.find((r) => r.aliases)!;
        const lb = one(run, types.loadBalancer).outputs!;
        assert.deepEqual([alias.zoneId, alias.name, alias.type, alias.aliases[0].name, alias.aliases[0].zoneId], [zoneId, "api.dev.irisx.example", "A", lb.dnsName, lb.zoneId]);
        const certificate = one(run, types.certificate);
        assert.deepEqual([plain(certificate).domainName, plain(certificate).validationMethod], ["api.dev.irisx.example", "DNS"]);
        const validation = records.find((r) => r.records)!;
        assert.equal(validation.name, certificate.outputs!.domainValidationOptions[0].resourceRecordName);
    });
});

describe("edge alb under mocks (fresh-stack preview and certificateArn)", function () {
    this.timeout(120_000);

    it("previews a fresh stack clean against the provider checks", async () => {
        const preview = await runMocked({ stack: "dev", values: albValues(), preview: true });
        assert.ok(ofType(preview, types.loadBalancer).length === 1);
        assert.deepEqual((await checkProviderInputs(preview.resources)).map((v) => `${v.resource} ${v.input}: ${v.reason}`), []);
    });

    it("with certificateArn, serves that certificate and writes no DNS", async () => {
        const run = await runMocked({ stack: "dev", values: albValues({ "irisx-infra:certificateArn": certificateArn }) });
        const https = ofType(run, types.listener).map(plain).find((l) => l.port === 443)!;
        assert.equal(https.certificateArn, certificateArn);
        for (const type of [types.certificate, types.certificateValidation, types.route53Record]) assert.deepEqual(ofType(run, type), [], type);
    });

    it("in direct mode registers no load balancer, and the API host takes 80/443 from the world as before", async () => {
        const run = await runMocked({ stack: "dev" });
        const edgeTokens: string[] = Object.values(types).filter((t) => ["lb", "alb", "wafv2", "acm", "route53"].includes(tokenParts(t).module));
        assert.deepEqual(run.resources.filter((r: RecordedResource) => edgeTokens.includes(r.type)), []);
        assert.deepEqual(ingressOf(run, "-sg-api"), ["22/tcp from 203.0.113.10/32", "443/tcp from 0.0.0.0/0", "80/tcp from 0.0.0.0/0"]);
        assert.deepEqual(run.outputs.publicEdge, { mode: "direct" });
    });

    it("attaches every API instance it is given, one attachment each named by index, in update and preview", async () => {
        const program = path.join(__dirname, "..", "offline", "programs", "edge-three-api-hosts.ts");
        for (const preview of [false, true]) {
            const fixture = await runMocked({ stack: "dev", program, preview });
            const attachments = ofType(fixture, types.targetGroupAttachment);
            assert.deepEqual(attachments.map((a) => a.name), ["irisx-dev-api-0", "irisx-dev-api-1", "irisx-dev-api-2"]);
            const instanceOf = (urn: string) => ofType(fixture, types.instance).find((i) => i.urn === urn)?.name;
            assert.deepEqual(attachments.map((a) => a.propertyDependencies.targetId.map(instanceOf)), [["api-0"], ["api-1"], ["api-2"]]);
        }
    });

    it("builds the log-delivery policy on exactly the prefix the ALB writes", () => {
        const policy = JSON.parse(accessLogBucketPolicy("arn:aws:s3:::logs", "arn:aws:iam::127311923021:root", "111122223333"));
        assert.equal(policy.Statement[1].Resource, "arn:aws:s3:::logs/alb/AWSLogs/111122223333/*");
    });
});
