/**
 * A compliant baseline stack for the policy tests, built like offline/mock-run.ts records
 * resources. Failing cases copy it and change one thing. Ports and peers come from the port table.
 */
import { ports, roleTagKey, twilioMediaCidrs, twilioSignallingCidrs } from "../../facts/ports";
import { types } from "../../facts/resource-types";
import type { GateResource } from "../../offline/policy-gate";

export const project = "irisx-infra";
export const stackName = "test";
export const stackUrn = `urn:pulumi:${stackName}::${project}::pulumi:pulumi:Stack::${project}-${stackName}`;
/** What the engine sends for a value not known until apply. */
export { unknownStringValue as unknown } from "../../facts/unknown";

export const urnOf = (type: string, name: string): string => `urn:pulumi:${stackName}::${project}::${type}::${name}`;

/**
 * The SDK sends a property-dependency entry for every input it sets (an empty list when nothing is
 * depended on): `explicit` entries over an empty one per defined input.
 */
export function declaredDependencies(inputs: Record<string, any>, explicit: Record<string, string[]> = {}): Record<string, string[]> {
    const declared = Object.fromEntries(Object.keys(inputs).filter((k) => inputs[k] !== undefined).map((k) => [k, [] as string[]]));
    return { ...declared, ...Object.fromEntries(Object.entries(explicit).filter(([k]) => inputs[k] !== undefined)) };
}

export function resource(type: string, name: string, inputs: Record<string, any>, extra: Partial<GateResource> = {}): GateResource {
    const { propertyDependencies, ...rest } = extra;
    return {
        type, name, urn: urnOf(type, name), id: "", custom: true, inputs, parent: stackUrn, dependencies: [],
        propertyDependencies: declaredDependencies(inputs, propertyDependencies), ...rest,
    };
}

export const adminCidr = "203.0.113.10/32";
const role = (r: string) => ({ [roleTagKey]: r, Name: `irisx-${r}` });
const tcp = (p: { from: number; to: number }) => ({ protocol: "tcp", fromPort: p.from, toPort: p.to });

export const apiSg = resource(types.securityGroup, "api", {
    description: "API host",
    tags: role("api"),
    ingress: [
        { ...tcp(ports.ssh), cidrBlocks: [adminCidr], description: "SSH from admins" },
        { ...tcp(ports.http), cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], description: "HTTP" },
        { ...tcp(ports.https), cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], description: "HTTPS" },
    ],
}, { id: "sg-0a0a0a0a0a0a0a0a0" });

export const freeswitchSg = resource(types.securityGroup, "freeswitch", {
    description: "FreeSWITCH host",
    tags: role("freeswitch"),
    ingress: [
        { ...tcp(ports.ssh), cidrBlocks: [adminCidr] },
        { protocol: "udp", fromPort: ports.sip.from, toPort: ports.sip.to, cidrBlocks: [...twilioSignallingCidrs] },
        { ...tcp(ports.sip), cidrBlocks: [...twilioSignallingCidrs] },
        { protocol: "udp", fromPort: ports.rtp.from, toPort: ports.rtp.to, cidrBlocks: [...twilioMediaCidrs] },
        // ESL only from the API host's group, by reference (inline: a group takes one rule form).
        { ...tcp(ports.esl), securityGroups: [apiSg.id] },
    ],
}, { id: "sg-0f0f0f0f0f0f0f0f0", propertyDependencies: { ingress: [apiSg.urn] } });

/** ESL by reference as a standalone rule: not in the baseline (freeswitchSg has inline rules). */
export const eslFromApi = resource(types.securityGroupIngressRule, "freeswitch-esl-from-api", {
    securityGroupId: freeswitchSg.id, referencedSecurityGroupId: apiSg.id, ipProtocol: "tcp", fromPort: ports.esl.from, toPort: ports.esl.to,
}, { propertyDependencies: { securityGroupId: [freeswitchSg.urn], referencedSecurityGroupId: [apiSg.urn] } });

export const dataSg = resource(types.securityGroup, "data", {
    description: "RDS and Redis",
    tags: role("db"),
    ingress: [
        { ...tcp(ports.postgres), securityGroups: [apiSg.id, freeswitchSg.id] },
        { ...tcp(ports.redis), securityGroups: [apiSg.id, freeswitchSg.id] },
    ],
}, { id: "sg-0d0d0d0d0d0d0d0d0", propertyDependencies: { ingress: [apiSg.urn, freeswitchSg.urn] } });

export function instance(name: string, r: string, sg: GateResource, inputs: Record<string, any> = {}): GateResource {
    return resource(types.instance, name, {
        ami: "ami-0d3b1e2a4c5f60718", instanceType: "t3.small", tags: role(r),
        vpcSecurityGroupIds: [sg.id],
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" },
        rootBlockDevice: { encrypted: true, volumeSize: 20, volumeType: "gp3" },
        ...inputs,
    }, { id: `i-${name}`, propertyDependencies: { vpcSecurityGroupIds: [sg.urn] } });
}

export const apiInstance = instance("api", "api", apiSg, { tags: { ...role("api"), "irisx:app-port": "9847" } });
export const freeswitchInstance = instance("freeswitch", "freeswitch", freeswitchSg);

export const dbParameters = resource(types.rdsParameterGroup, "db", {
    family: "postgres16", name: "irisx-db-params", parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }],
}, { id: "irisx-db-params" });

export const database = resource(types.rdsInstance, "db", {
    engine: "postgres", instanceClass: "db.t4g.micro", publiclyAccessible: false, storageEncrypted: true, backupRetentionPeriod: 7,
    vpcSecurityGroupIds: [dataSg.id], parameterGroupName: dbParameters.id,
}, { id: "irisx-db", propertyDependencies: { vpcSecurityGroupIds: [dataSg.urn], parameterGroupName: [dbParameters.urn] } });

/** A secret input as the SDK sends it (the pack must never print it). */
export const secretToken = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t-redis-auth-token-0123456789" };

export const cache = resource(types.replicationGroup, "cache", {
    description: "Redis", engine: "redis", nodeType: "cache.t4g.micro", atRestEncryptionEnabled: true, transitEncryptionEnabled: true,
    authToken: secretToken,
});

export const vpc = resource(types.vpc, "vpc", { cidrBlock: "10.0.0.0/16" }, { id: "vpc-0123456789abcdef0" });
export const defaultSg = resource(types.defaultSecurityGroup, "default", { vpcId: vpc.id, ingress: [], egress: [] }, { id: "sg-0e0e0e0e0e0e0e0e0", propertyDependencies: { vpcId: [vpc.urn] } });

const ec2Trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
export const hostRole = resource(types.iamRole, "api-role", { assumeRolePolicy: ec2Trust }, { id: "api-role" });
export const hostProfile = resource(types.iamInstanceProfile, "api-profile", { role: hostRole.id }, { id: "api-profile", propertyDependencies: { role: [hostRole.urn] } });
export const hostRolePolicy = resource(types.iamRolePolicy, "api-recordings", {
    role: hostRole.id,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: ["arn:aws:s3:::irisx-recordings-test/*"] }] }),
}, { propertyDependencies: { role: [hostRole.urn] } });

export const recordings = resource(types.bucket, "recordings", { bucket: "irisx-recordings-test" }, { id: "irisx-recordings-test" });
export const recordingsBlock = resource(types.bucketPublicAccessBlock, "recordings", {
    bucket: recordings.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
}, { propertyDependencies: { bucket: [recordings.urn] } });
export const recordingsSse = resource(types.bucketSse, "recordings", {
    bucket: recordings.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
}, { propertyDependencies: { bucket: [recordings.urn] } });
export const recordingsArn = "arn:aws:s3:::irisx-recordings-test";
export const recordingsTlsOnly = resource(types.bucketPolicy, "recordings-tls-only", {
    bucket: recordings.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
            Resource: [recordingsArn, `${recordingsArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
    }),
}, { propertyDependencies: { bucket: [recordings.urn] } });

/** The compliant stack every failing case starts from. */
export const baseline: readonly GateResource[] = [
    vpc, defaultSg, apiSg, freeswitchSg, dataSg, hostRole, hostProfile, hostRolePolicy, apiInstance, freeswitchInstance,
    dbParameters, database, cache, recordings, recordingsBlock, recordingsSse, recordingsTlsOnly,
];

/** The baseline with `changed` replacing resources of the same URN and any new ones appended. */
export function stackWith(...changed: GateResource[]): GateResource[] {
    const byUrn = new Map(changed.map((r) => [r.urn, r]));
    const kept = baseline.map((r) => byUrn.get(r.urn) ?? r);
    return [...kept, ...changed.filter((r) => !baseline.some((b) => b.urn === r.urn))];
}

/** A copy of `base` with different inputs (merged shallowly) and the same URN. */
export function changed(base: GateResource, inputs: Record<string, any>, extra: Partial<GateResource> = {}): GateResource {
    const merged = { ...base.inputs, ...inputs };
    const { propertyDependencies, ...rest } = extra;
    return { ...base, inputs: merged, propertyDependencies: declaredDependencies(merged, propertyDependencies ?? base.propertyDependencies), ...rest };
}

/** `base` with its ingress list replaced. */
export function withIngress(base: GateResource, ingress: Record<string, any>[]): GateResource {
    return changed(base, { ingress });
}
