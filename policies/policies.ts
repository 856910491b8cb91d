/**
 * The pack's policies, in the order the CLI lists them. index.ts hands this list to
 * `new PolicyPack`; tests and offline/policy-gate.ts import it without starting a server.
 */
import type { Policies } from "@pulumi/policy";
import { albListenerRequireHttpsRedirect } from "./alb-listener-require-https-redirect";
import { albListenerRequireModernTls } from "./alb-listener-require-modern-tls";
import { albRequireDropInvalidHeaders } from "./alb-require-drop-invalid-headers";
import { apiHostRequireLoadBalancerWebSource } from "./api-host-require-load-balancer-web-source";
import { apiHostDisallowAttachedSshSip } from "./api-host-disallow-attached-ssh-sip";
import { apiHostDisallowBroadSsh } from "./api-host-disallow-broad-ssh";
import { apiHostDisallowCommonAppPort } from "./api-host-disallow-common-app-port";
import { apiHostDisallowSipIngress } from "./api-host-disallow-sip-ingress";
import { ebsRequireEncryptedVolumes } from "./ebs-require-encrypted-volumes";
import { ec2RequireImdsv2 } from "./ec2-require-imdsv2";
import { elasticacheRequireAuth } from "./elasticache-require-auth";
import { elasticacheRequireEncryption } from "./elasticache-require-encryption";
import { freeswitchHostDisallowWorldSip } from "./freeswitch-host-disallow-world-sip";
import { iamDisallowAccessKeys } from "./iam-disallow-access-keys";
import { iamDisallowWildcardHostPolicies } from "./iam-disallow-wildcard-host-policies";
import { networkResourceDisallowUnmodelledProvider } from "./network-resource-disallow-unmodelled-provider";
import { prefixListDisallowUnseenSshSource } from "./prefix-list-disallow-unseen-ssh-source";
import { prefixListDisallowWorldSsh } from "./prefix-list-disallow-world-ssh";
import { rdsDisallowPublicAccess } from "./rds-disallow-public-access";
import { rdsRequireBackupRetention } from "./rds-require-backup-retention";
import { rdsRequireDeletionProtection } from "./rds-require-deletion-protection";
import { rdsRequireForceSsl } from "./rds-require-force-ssl";
import { rdsRequireStorageEncryption } from "./rds-require-storage-encryption";
import { resourceDisallowAmbiguousRoleTag } from "./resource-disallow-ambiguous-role-tag";
import { s3RequirePublicAccessBlock } from "./s3-require-public-access-block";
import { s3RequireServerSideEncryption } from "./s3-require-server-side-encryption";
import { s3RequireTlsOnlyAccess } from "./s3-require-tls-only-access";
import { securityGroupDisallowCidrToDataPorts } from "./security-group-disallow-cidr-to-data-ports";
import { securityGroupDisallowEslFromCidr } from "./security-group-disallow-esl-from-cidr";
import { securityGroupDisallowMixedRuleForms } from "./security-group-disallow-mixed-rule-forms";
import { securityGroupDisallowWorldIngress } from "./security-group-disallow-world-ingress";
import { securityGroupDisallowWorldSsh } from "./security-group-disallow-world-ssh";
import { vpcRequireClosedDefaultSecurityGroup } from "./vpc-require-closed-default-security-group";

export const packName = "irisx-infra-guardrails";

export const policies: Policies = [
    apiHostDisallowBroadSsh,
    apiHostDisallowSipIngress,
    apiHostDisallowAttachedSshSip,
    securityGroupDisallowWorldSsh,
    securityGroupDisallowEslFromCidr,
    securityGroupDisallowCidrToDataPorts,
    securityGroupDisallowWorldIngress,
    securityGroupDisallowMixedRuleForms,
    vpcRequireClosedDefaultSecurityGroup,
    prefixListDisallowWorldSsh,
    resourceDisallowAmbiguousRoleTag,
    networkResourceDisallowUnmodelledProvider,
    rdsDisallowPublicAccess,
    rdsRequireStorageEncryption,
    rdsRequireBackupRetention,
    rdsRequireForceSsl,
    rdsRequireDeletionProtection,
    s3RequirePublicAccessBlock,
    s3RequireServerSideEncryption,
    s3RequireTlsOnlyAccess,
    elasticacheRequireEncryption,
    elasticacheRequireAuth,
    ec2RequireImdsv2,
    ebsRequireEncryptedVolumes,
    iamDisallowAccessKeys,
    iamDisallowWildcardHostPolicies,
    apiHostDisallowCommonAppPort,
    freeswitchHostDisallowWorldSip,
    prefixListDisallowUnseenSshSource,
    albListenerRequireHttpsRedirect,
    albListenerRequireModernTls,
    albRequireDropInvalidHeaders,
    apiHostRequireLoadBalancerWebSource,
];
