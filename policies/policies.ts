/**
 * The pack's policies, in the order the CLI lists them. index.ts hands this list to
 * `new PolicyPack`; tests and offline/policy-gate.ts import it without starting a server.
 */
import type { Policies } from "@pulumi/policy";
import { apiHostDisallowAttachedSshSip } from "./api-host-disallow-attached-ssh-sip";
import { apiHostDisallowBroadSsh } from "./api-host-disallow-broad-ssh";
import { apiHostDisallowCommonAppPort } from "./api-host-disallow-common-app-port";
import { apiHostDisallowSipIngress } from "./api-host-disallow-sip-ingress";
import { ec2RequireEncryptedRootVolume } from "./ec2-require-encrypted-root-volume";
import { ec2RequireImdsv2 } from "./ec2-require-imdsv2";
import { elasticacheRequireEncryption } from "./elasticache-require-encryption";
import { freeswitchHostDisallowWorldSip } from "./freeswitch-host-disallow-world-sip";
import { iamDisallowAccessKeys } from "./iam-disallow-access-keys";
import { networkResourceDisallowUnmodelledProvider } from "./network-resource-disallow-unmodelled-provider";
import { prefixListDisallowUnseenSshSource } from "./prefix-list-disallow-unseen-ssh-source";
import { prefixListDisallowWorldSsh } from "./prefix-list-disallow-world-ssh";
import { rdsDisallowPublicAccess } from "./rds-disallow-public-access";
import { rdsRequireBackupRetention } from "./rds-require-backup-retention";
import { rdsRequireStorageEncryption } from "./rds-require-storage-encryption";
import { resourceDisallowAmbiguousRoleTag } from "./resource-disallow-ambiguous-role-tag";
import { s3RequirePublicAccessBlock } from "./s3-require-public-access-block";
import { s3RequireServerSideEncryption } from "./s3-require-server-side-encryption";
import { securityGroupDisallowCidrToDataPorts } from "./security-group-disallow-cidr-to-data-ports";
import { securityGroupDisallowEslFromCidr } from "./security-group-disallow-esl-from-cidr";
import { securityGroupDisallowWorldSsh } from "./security-group-disallow-world-ssh";

export const packName = "irisx-infra-guardrails";

export const policies: Policies = [
    apiHostDisallowBroadSsh,
    apiHostDisallowSipIngress,
    apiHostDisallowAttachedSshSip,
    securityGroupDisallowWorldSsh,
    securityGroupDisallowEslFromCidr,
    securityGroupDisallowCidrToDataPorts,
    prefixListDisallowWorldSsh,
    resourceDisallowAmbiguousRoleTag,
    networkResourceDisallowUnmodelledProvider,
    rdsDisallowPublicAccess,
    rdsRequireStorageEncryption,
    rdsRequireBackupRetention,
    s3RequirePublicAccessBlock,
    s3RequireServerSideEncryption,
    elasticacheRequireEncryption,
    ec2RequireImdsv2,
    ec2RequireEncryptedRootVolume,
    iamDisallowAccessKeys,
    apiHostDisallowCommonAppPort,
    freeswitchHostDisallowWorldSip,
    prefixListDisallowUnseenSshSource,
];
