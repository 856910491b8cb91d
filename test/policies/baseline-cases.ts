/**
 * The peer baselines (issue 11 item 6) as cases: each failing case is the compliant baseline with one
 * change and the exact message; each passing case is a legitimate neighbour. Run in process by
 * baseline-policies.test.ts and over gRPC by baseline-policies-over-grpc.test.ts.
 */
import type { Policy } from "@pulumi/policy";
import { ebsRequireEncryptedVolumes } from "../../policies/ebs-require-encrypted-volumes";
import { elasticacheRequireAuth } from "../../policies/elasticache-require-auth";
import { iamDisallowWildcardHostPolicies } from "../../policies/iam-disallow-wildcard-host-policies";
import { rdsRequireDeletionProtection } from "../../policies/rds-require-deletion-protection";
import { rdsRequireForceSsl } from "../../policies/rds-require-force-ssl";
import { s3RequireServerSideEncryption } from "../../policies/s3-require-server-side-encryption";
import { s3RequireTlsOnlyAccess } from "../../policies/s3-require-tls-only-access";
import { securityGroupDisallowMixedRuleForms } from "../../policies/security-group-disallow-mixed-rule-forms";
import { securityGroupDisallowWorldIngress } from "../../policies/security-group-disallow-world-ingress";
import { vpcRequireClosedDefaultSecurityGroup } from "../../policies/vpc-require-closed-default-security-group";
import { types } from "../../facts/resource-types";
import type { GateResource } from "../../offline/policy-gate";
import type { Expected } from "../helpers/policy-verdicts";
import {
    apiInstance, apiSg, baseline, cache, changed, database, dbParameters, defaultSg, eslFromApi, freeswitchInstance, freeswitchSg, dataSg,
    hostRole, hostRolePolicy, recordings, recordingsArn, recordingsSse, recordingsTlsOnly, resource, stackWith, urnOf, vpc, withIngress,
} from "../helpers/policy-fixtures";

export interface BaselineCase {
    readonly policy: Policy;
    readonly title: string;
    readonly stack: readonly GateResource[];
    /** Empty for a passing neighbour. */
    readonly expected: readonly Expected[];
}

const without = (...gone: GateResource[]) => baseline.filter((r) => !gone.some((g) => g.urn === r.urn));
const tcp = (port: number, more: Record<string, unknown>) => ({ protocol: "tcp", fromPort: port, toPort: port, ...more });
const addIngress = (sg: GateResource, entry: Record<string, unknown>) => withIngress(sg, [...sg.inputs.ingress, entry]);
const ingressRule = (name: string, sg: GateResource, inputs: Record<string, unknown>) =>
    resource(types.securityGroupIngressRule, name, { securityGroupId: sg.id, ...inputs }, { propertyDependencies: { securityGroupId: [sg.urn] } });
const narrow = "narrow the source to the addresses that need it or remove the rule.";
const onApi = "the API host, which takes only 80/tcp, 443/tcp from 0.0.0.0/0 or ::/0";
const onFreeswitch = "the FreeSWITCH host, which takes only 5060/tcp+udp, 5061/tcp, 16384-32768/udp from 0.0.0.0/0 or ::/0";
const onNoHost = "a group of no public host (only the API and FreeSWITCH hosts and a load balancer's group take traffic from 0.0.0.0/0 or ::/0)";

/** An untagged group attached to both instances: a rule on it reaches both hosts. */
const shared = resource(types.securityGroup, "shared", { description: "ops", ingress: [tcp(443, { cidrBlocks: ["0.0.0.0/0"] })] }, { id: "sg-05a5a5a5a5a5a5a5a" });
const attach = (host: GateResource, sg: GateResource) =>
    changed(host, { vpcSecurityGroupIds: [...host.inputs.vpcSecurityGroupIds, sg.id] }, { propertyDependencies: { vpcSecurityGroupIds: [...host.propertyDependencies.vpcSecurityGroupIds, sg.urn] } });

export const worldIngressCases: BaselineCase[] = [
    { policy: securityGroupDisallowWorldIngress, title: "accepts the baseline: HTTP and HTTPS from the world on the API host, SIP/RTP from named peers", stack: baseline, expected: [] },
    { policy: securityGroupDisallowWorldIngress, title: "accepts 443/tcp from ::/0 and ICMP from 0.0.0.0/0 on the API host", stack: stackWith(addIngress(addIngress(apiSg, tcp(443, { ipv6CidrBlocks: ["::/0"] })), { protocol: "icmp", fromPort: 3, toPort: 4, cidrBlocks: ["0.0.0.0/0"] })), expected: [] },
    { policy: securityGroupDisallowWorldIngress, title: "leaves SIP from 0.0.0.0/0 on FreeSWITCH to the advisory policy and SSH from 0.0.0.0/0 to security-group-disallow-world-ssh", stack: stackWith(addIngress(addIngress(freeswitchSg, { protocol: "udp", fromPort: 5060, toPort: 5060, cidrBlocks: ["0.0.0.0/0"] }), tcp(22, { cidrBlocks: ["0.0.0.0/0"] }))), expected: [] },
    { policy: securityGroupDisallowWorldIngress, title: "accepts RDP from an admin /32", stack: stackWith(addIngress(dataSg, tcp(3389, { cidrBlocks: ["203.0.113.10/32"] }))), expected: [] },
    {
        policy: securityGroupDisallowWorldIngress, title: "rejects the app port 9847/tcp from 0.0.0.0/0 on the API host's group",
        stack: stackWith(addIngress(apiSg, tcp(9847, { cidrBlocks: ["0.0.0.0/0"] }))),
        expected: [{ urn: apiSg.urn, message: `security group 'api': ingress[3]: 9847/tcp from 0.0.0.0/0 opens 9847/tcp to the whole internet on ${onApi}: ${narrow}` }],
    },
    {
        policy: securityGroupDisallowWorldIngress, title: "rejects RDP 3389/tcp from ::/0 through a SecurityGroupIngressRule on the data group",
        stack: stackWith(ingressRule("rdp", dataSg, { ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv6: "::/0" })),
        expected: [{ urn: urnOf(types.securityGroupIngressRule, "rdp"), message: `SecurityGroupIngressRule 'rdp': 3389/tcp from ::/0 opens 3389/tcp to the whole internet on ${onNoHost}: ${narrow}` }],
    },
    {
        policy: securityGroupDisallowWorldIngress, title: "rejects all traffic (protocol -1) from 0.0.0.0/0 on the FreeSWITCH group",
        stack: stackWith(addIngress(freeswitchSg, { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] })),
        expected: [{ urn: freeswitchSg.urn, message: `security group 'freeswitch': ingress[5]: all traffic (protocol -1) from 0.0.0.0/0 opens every port and protocol to the whole internet on ${onFreeswitch}: ${narrow}` }],
    },
    {
        policy: securityGroupDisallowWorldIngress, title: "rejects 443/tcp from 0.0.0.0/0 on an untagged group shared by the API and FreeSWITCH instances (it must suit both)",
        stack: stackWith(shared, attach(apiInstance, shared), attach(freeswitchInstance, shared)),
        expected: [{ urn: shared.urn, message: `security group 'shared': ingress[0]: 443/tcp from 0.0.0.0/0 opens 443/tcp to the whole internet on ${onFreeswitch}: ${narrow}` }],
    },
    {
        policy: securityGroupDisallowWorldIngress, title: "rejects a range 8000-8100/tcp from 0.0.0.0/0 on the API group, naming the part beyond ESL (which its own policy refuses)",
        stack: stackWith(addIngress(apiSg, { protocol: "6", fromPort: 8000, toPort: 8100, cidrBlocks: ["0.0.0.0/0"] })),
        expected: [{ urn: apiSg.urn, message: `security group 'api': ingress[3]: 8000-8100/tcp (protocol 6) from 0.0.0.0/0 opens 8000-8020/tcp, 8022-8100/tcp to the whole internet on ${onApi}: ${narrow}` }],
    },
];

/** A group with no inline rules whose outputs (after a refresh) list its standalone rule: judged by what the program declared. */
const refreshed = (() => {
    const sg = resource(types.securityGroup, "refreshed", { description: "standalone only", ingress: [tcp(8443, { cidrBlocks: ["10.0.0.0/16"] })] }, { id: "sg-0b0b0b0b0b0b0b0b0" });
    const { ingress: _, ...declared } = sg.propertyDependencies;
    return { ...sg, propertyDependencies: declared };
})();
const egressOnly = resource(types.securityGroup, "egress-only", { description: "no egress", egress: [] }, { id: "sg-0c0c0c0c0c0c0c0c0" });
const mixedFix = "the two forms overwrite each other's rules on every update: move the inline rules to aws.vpc.SecurityGroupIngressRule/SecurityGroupEgressRule resources and drop";

export const mixedRuleCases: BaselineCase[] = [
    { policy: securityGroupDisallowMixedRuleForms, title: "accepts the baseline: inline rules only", stack: baseline, expected: [] },
    {
        policy: securityGroupDisallowMixedRuleForms, title: "accepts a group that declares no inline rules though its refreshed outputs list its standalone rule",
        stack: stackWith(refreshed, ingressRule("refreshed-8443", refreshed, { ipProtocol: "tcp", fromPort: 8443, toPort: 8443, cidrIpv4: "10.0.0.0/16" })), expected: [],
    },
    {
        policy: securityGroupDisallowMixedRuleForms, title: "rejects the FreeSWITCH group's inline ingress plus a standalone ESL SecurityGroupIngressRule on it",
        stack: stackWith(eslFromApi),
        expected: [{ urn: freeswitchSg.urn, message: `security group 'freeswitch' declares inline ingress and is also the target of SecurityGroupIngressRule 'freeswitch-esl-from-api'; ${mixedFix} ingress from the group.` }],
    },
    {
        policy: securityGroupDisallowMixedRuleForms, title: "rejects egress: [] declared inline next to a SecurityGroupEgressRule and a SecurityGroupRule on the same group",
        stack: stackWith(egressOnly,
            resource(types.securityGroupEgressRule, "egress-https", { securityGroupId: egressOnly.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }, { propertyDependencies: { securityGroupId: [egressOnly.urn] } }),
            resource(types.securityGroupRule, "egress-dns", { type: "egress", securityGroupId: egressOnly.id, protocol: "udp", fromPort: 53, toPort: 53, cidrBlocks: ["10.0.0.2/32"] })),
        expected: [{ urn: egressOnly.urn, message: `security group 'egress-only' declares inline egress and is also the target of SecurityGroupEgressRule 'egress-https', SecurityGroupRule 'egress-dns'; ${mixedFix} egress from the group.` }],
    },
];

export const defaultGroupCases: BaselineCase[] = [
    { policy: vpcRequireClosedDefaultSecurityGroup, title: "accepts the baseline: the VPC's default group adopted with ingress: [] and egress: []", stack: baseline, expected: [] },
    { policy: vpcRequireClosedDefaultSecurityGroup, title: "accepts a default group adopted without rule lists (the provider strips AWS's rules on adoption)", stack: stackWith(changed(defaultSg, { ingress: undefined, egress: undefined })), expected: [] },
    {
        policy: vpcRequireClosedDefaultSecurityGroup, title: "rejects a VPC whose default group is not adopted",
        stack: without(defaultSg),
        expected: [{ urn: vpc.urn, message: "VPC 'vpc' leaves its default security group as AWS made it (all traffic from its members, all egress); adopt it with an aws.ec2.DefaultSecurityGroup with vpcId: vpc.id, ingress: [] and egress: []." }],
    },
    {
        policy: vpcRequireClosedDefaultSecurityGroup, title: "rejects a default group that keeps AWS's self-referencing ingress rule",
        stack: stackWith(changed(defaultSg, { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] })),
        expected: [{ urn: defaultSg.urn, message: "the VPC default security group 'default' is not closed: it has 1 ingress rule; set ingress: [] and egress: [] and put the rules on a group of their own." }],
    },
    {
        policy: vpcRequireClosedDefaultSecurityGroup, title: "rejects a standalone SecurityGroupIngressRule on the default group",
        stack: stackWith(ingressRule("default-https", defaultSg, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16" })),
        expected: [{ urn: defaultSg.urn, message: "the VPC default security group 'default' is not closed: it has standalone rule 'default-https'; set ingress: [] and egress: [] and put the rules on a group of their own." }],
    },
];

const volume = (inputs: Record<string, unknown>) => resource(types.ebsVolume, "data", { availabilityZone: "us-east-1a", size: 100, ...inputs });
const template = (mappings: Record<string, unknown>[]) => resource(types.launchTemplate, "api-template", { imageId: "ami-0d3b1e2a4c5f60718", blockDeviceMappings: mappings });

export const ebsCases: BaselineCase[] = [
    {
        policy: ebsRequireEncryptedVolumes, title: "accepts encrypted data volumes, an encrypted aws.ebs.Volume and a launch template whose EBS mapping is encrypted next to an instance-store one",
        stack: stackWith(changed(apiInstance, { ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true, volumeSize: 50 }] }), volume({ encrypted: true }),
            template([{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 20 } }, { deviceName: "/dev/sdb", virtualName: "ephemeral0" }])),
        expected: [],
    },
    {
        policy: ebsRequireEncryptedVolumes, title: "rejects an unencrypted data volume in ebsBlockDevices",
        stack: stackWith(changed(apiInstance, { ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: false, volumeSize: 50 }] })),
        expected: [{ urn: apiInstance.urn, message: "data volume /dev/sdf is not encrypted (ebsBlockDevices.0.encrypted is false); set encrypted: true on every ebsBlockDevices entry (the instance is replaced)." }],
    },
    {
        policy: ebsRequireEncryptedVolumes, title: "rejects an aws.ebs.Volume without encrypted",
        stack: stackWith(volume({})),
        expected: [{ urn: urnOf(types.ebsVolume, "data"), message: "the EBS volume is not encrypted (encrypted is not set); set encrypted: true (optionally kmsKeyId); an existing volume must be re-created from an encrypted snapshot copy." }],
    },
    {
        policy: ebsRequireEncryptedVolumes, title: 'rejects a launch template block device with encrypted "false"',
        stack: stackWith(template([{ deviceName: "/dev/xvda", ebs: { encrypted: "false", volumeSize: 20 } }])),
        expected: [{ urn: urnOf(types.launchTemplate, "api-template"), message: 'block device /dev/xvda of the launch template is not encrypted (blockDeviceMappings.0.ebs.encrypted is "false"); set ebs: { encrypted: "true" } on every EBS mapping.' }],
    },
];

export const redisAuthCases: BaselineCase[] = [
    { policy: elasticacheRequireAuth, title: "accepts the baseline: an AUTH token (a secret) with transit encryption", stack: baseline, expected: [] },
    { policy: elasticacheRequireAuth, title: "accepts RBAC user groups instead of a token", stack: stackWith(changed(cache, { authToken: undefined, userGroupIds: ["irisx-users"] })), expected: [] },
    { policy: elasticacheRequireAuth, title: "leaves a group without transit encryption to elasticache-require-encryption", stack: stackWith(changed(cache, { authToken: undefined, transitEncryptionEnabled: false })), expected: [] },
    {
        policy: elasticacheRequireAuth, title: "rejects transit encryption with neither authToken nor userGroupIds",
        stack: stackWith(changed(cache, { authToken: undefined })),
        expected: [{ urn: cache.urn, message: 'Redis accepts any client that reaches it: neither authToken (AUTH) nor userGroupIds (RBAC) is set; set authToken from a generated secret (authTokenUpdateStrategy: "ROTATE" to change it later) or userGroupIds naming an ElastiCache user group.' }],
    },
];

const sseFix = 'set applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } (or "AES256") in it.';
const denyTls = '{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, "<bucket ARN>/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }';
const bucketPolicy = (statement: Record<string, unknown>) => changed(recordingsTlsOnly, { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
const tlsDeny = JSON.parse(recordingsTlsOnly.inputs.policy).Statement[0];

export const s3Cases: BaselineCase[] = [
    { policy: s3RequireServerSideEncryption, title: "accepts a rule naming AES256", stack: stackWith(changed(recordingsSse, { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] })), expected: [] },
    {
        policy: s3RequireServerSideEncryption, title: "rejects an encryption rule with bucketKeyEnabled alone (no algorithm)",
        stack: stackWith(changed(recordingsSse, { rules: [{ bucketKeyEnabled: true }] })),
        expected: [{ urn: recordings.urn, message: `bucket 'recordings': encryption configuration 'recordings' has a rule that names no algorithm (rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is not set); ${sseFix}` }],
    },
    {
        policy: s3RequireServerSideEncryption, title: "rejects an empty encryption rule",
        stack: stackWith(changed(recordingsSse, { rules: [{}] })),
        expected: [{ urn: recordings.urn, message: `bucket 'recordings': encryption configuration 'recordings' has a rule that names no algorithm (rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is not set); ${sseFix}` }],
    },
    { policy: s3RequireTlsOnlyAccess, title: "accepts the baseline: the recordings bucket's policy denies aws:SecureTransport false", stack: baseline, expected: [] },
    {
        policy: s3RequireTlsOnlyAccess, title: "accepts Principal { AWS: \"*\" }, a lower-case condition key and a boolean false",
        stack: stackWith(bucketPolicy({ ...tlsDeny, Principal: { AWS: "*" }, Condition: { Bool: { "aws:securetransport": false } } })), expected: [],
    },
    {
        policy: s3RequireTlsOnlyAccess, title: "rejects the recordings bucket without a bucket policy",
        stack: without(recordingsTlsOnly),
        expected: [{ urn: recordings.urn, message: `bucket 'recordings' has no bucket policy denying requests without TLS; add an aws.s3.BucketPolicy with bucket: recordings.id and a statement ${denyTls}.` }],
    },
    {
        policy: s3RequireTlsOnlyAccess, title: "rejects a bucket whose outputs carry an empty policy and no BucketPolicy, as one without a policy",
        stack: [...without(recordingsTlsOnly, recordings), changed(recordings, { policy: "" })],
        expected: [{ urn: recordings.urn, message: `bucket 'recordings' has no bucket policy denying requests without TLS; add an aws.s3.BucketPolicy with bucket: recordings.id and a statement ${denyTls}.` }],
    },
    {
        policy: s3RequireTlsOnlyAccess, title: "rejects a deny that covers the objects but not the bucket itself",
        stack: stackWith(bucketPolicy({ ...tlsDeny, Resource: `${recordingsArn}/*` })),
        expected: [{ urn: recordings.urn, message: `bucket 'recordings': bucket policy 'recordings-tls-only' has no statement denying requests without TLS; add ${denyTls}.` }],
    },
    {
        policy: s3RequireTlsOnlyAccess, title: "rejects a deny conditioned on aws:SecureTransport true",
        stack: stackWith(bucketPolicy({ ...tlsDeny, Condition: { Bool: { "aws:SecureTransport": "true" } } })),
        expected: [{ urn: recordings.urn, message: `bucket 'recordings': bucket policy 'recordings-tls-only' has no statement denying requests without TLS; add ${denyTls}.` }],
    },
];

const prodDb = changed(database, { tags: { Environment: "prod" }, deletionProtection: false });
const prodStackDb = { ...database, urn: database.urn.replace("urn:pulumi:test::", "urn:pulumi:prod::") };

export const rdsCases: BaselineCase[] = [
    { policy: rdsRequireForceSsl, title: "accepts the baseline: the database's parameter group sets rds.force_ssl 1", stack: baseline, expected: [] },
    { policy: rdsRequireForceSsl, title: "leaves a MySQL database alone (its setting is require_secure_transport)", stack: stackWith(changed(database, { engine: "mysql", parameterGroupName: undefined })), expected: [] },
    {
        policy: rdsRequireForceSsl, title: 'rejects rds.force_ssl "0"',
        stack: stackWith(changed(dbParameters, { parameters: [{ name: "rds.force_ssl", value: "0" }] })),
        expected: [{ urn: database.urn, message: `database 'db' accepts connections without TLS: its parameter group 'db' sets rds.force_ssl to "0"; set { name: "rds.force_ssl", value: "1" } in its parameters.` }],
    },
    {
        policy: rdsRequireForceSsl, title: "rejects a parameter group without rds.force_ssl",
        stack: stackWith(changed(dbParameters, { parameters: [{ name: "log_connections", value: "1" }] })),
        expected: [{ urn: database.urn, message: `database 'db' accepts connections without TLS: its parameter group 'db' does not set rds.force_ssl; set { name: "rds.force_ssl", value: "1" } in its parameters.` }],
    },
    {
        policy: rdsRequireForceSsl, title: "rejects a database on the engine's default parameter group",
        stack: stackWith(changed(database, { parameterGroupName: undefined })),
        expected: [{ urn: database.urn, message: `database 'db' uses the engine's default parameter group, which this stack cannot pin rds.force_ssl in; give it an aws.rds.ParameterGroup whose parameters include { name: "rds.force_ssl", value: "1" } (applyMethod "pending-reboot") and set parameterGroupName to its name.` }],
    },
    { policy: rdsRequireDeletionProtection, title: "accepts deletion protection off outside prod", stack: stackWith(changed(database, { deletionProtection: false })), expected: [] },
    {
        policy: rdsRequireDeletionProtection, title: "rejects a database tagged Environment=prod with deletionProtection false",
        stack: stackWith(prodDb),
        expected: [{ urn: database.urn, message: "the prod database (tagged Environment=prod) can be deleted by one update (deletionProtection is false); set deletionProtection: true (irisx-infra:deletionProtection)." }],
    },
    {
        policy: rdsRequireDeletionProtection, title: "rejects an untagged database in stack 'prod' without deletionProtection",
        stack: [...without(database), prodStackDb],
        expected: [{ urn: prodStackDb.urn, message: "the prod database (in stack 'prod') can be deleted by one update (deletionProtection is not set); set deletionProtection: true (irisx-infra:deletionProtection)." }],
    },
];

const document = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const adminPolicy = resource(types.iamPolicy, "ops", { policy: document({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::irisx-recordings-test" }) }, { id: "arn:aws:iam::123456789012:policy/ops" });
const attachPolicy = (policyArn: string, deps: string[]) => resource(types.iamRolePolicyAttachment, "api-ops", { role: hostRole.id, policyArn }, { propertyDependencies: { role: [hostRole.urn], policyArn: deps } });
const wildcardFix = "a host role names each action it needs and the ARNs it needs them on.";

export const iamCases: BaselineCase[] = [
    { policy: iamDisallowWildcardHostPolicies, title: "accepts the baseline: named S3 actions on the recordings objects", stack: baseline, expected: [] },
    {
        policy: iamDisallowWildcardHostPolicies, title: "accepts an AWS managed policy by ARN, a Deny of \"*\", and \"*\" on a role no host runs as",
        stack: stackWith(
            attachPolicy("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", []),
            changed(hostRolePolicy, { policy: JSON.stringify({ Version: "2012-10-17", Statement: [JSON.parse(hostRolePolicy.inputs.policy).Statement[0], { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }) }),
            resource(types.iamRole, "deployer", { assumeRolePolicy: document({ Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" }), inlinePolicies: [{ name: "all", policy: document({ Effect: "Allow", Action: "*", Resource: "*" }) }] })),
        expected: [],
    },
    { policy: iamDisallowWildcardHostPolicies, title: "accepts a host role whose outputs carry an empty inline policy block (inlinePolicies: [{}])", stack: stackWith(changed(hostRole, { inlinePolicies: [{ name: "", policy: "" }] })), expected: [] },
    {
        policy: iamDisallowWildcardHostPolicies, title: 'rejects Action "s3:*" in a host role\'s RolePolicy',
        stack: stackWith(changed(hostRolePolicy, { policy: document({ Effect: "Allow", Action: "s3:*", Resource: [`${recordingsArn}/*`] }) })),
        expected: [{ urn: hostRolePolicy.urn, message: `RolePolicy 'api-recordings' on role 'api-role': statement 0 allows action "s3:*"; ${wildcardFix}` }],
    },
    {
        policy: iamDisallowWildcardHostPolicies, title: 'rejects Resource "*" in a host role\'s RolePolicy',
        stack: stackWith(changed(hostRolePolicy, { policy: document({ Sid: "Logs", Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: "*" }) })),
        expected: [{ urn: hostRolePolicy.urn, message: `RolePolicy 'api-recordings' on role 'api-role': statement 0 (Logs) allows resource "*"; ${wildcardFix}` }],
    },
    {
        policy: iamDisallowWildcardHostPolicies, title: 'rejects a stack Policy with Action "*" attached to a host role',
        stack: stackWith(adminPolicy, attachPolicy(adminPolicy.id, [adminPolicy.urn])),
        expected: [{ urn: adminPolicy.urn, message: `Policy 'ops' (attached to role 'api-role' by 'api-ops'): statement 0 allows action "*"; ${wildcardFix}` }],
    },
];

export const allBaselineCases: BaselineCase[] = [...worldIngressCases, ...mixedRuleCases, ...defaultGroupCases, ...ebsCases, ...redisAuthCases, ...s3Cases, ...rdsCases, ...iamCases];
