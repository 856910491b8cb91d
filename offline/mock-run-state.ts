/**
 * What the mocked cloud answers: realistic ids, ARNs, addresses and lookups, so that everything
 * downstream of the program (policies, provisioning, the offline plan) sees plausible values.
 * Deterministic (derived from URNs), so two runs of one stack produce the same answers.
 */
import * as crypto from "crypto";
import { formatIpv4, parseCidr } from "../facts/cidr";
import { invokes, tokenParts, types } from "../facts/resource-types";

export const mockAccountId = "123456789012";
export const mockAmiId = "ami-0d3b1e2a4c5f60718";

export interface MockContext {
    readonly region: string;
    /** State of an already-created resource by id (e.g. a subnet, to place an instance in it). */
    readonly stateById: (id: string) => Record<string, any> | undefined;
    /** How many resources of this type were created before, for address allocation. */
    readonly ordinal: number;
}

export function hex(seed: string, length: number): string {
    return crypto.createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** The engine's auto-naming: the logical name plus a 7-character random suffix. */
function autoName(name: string, urn: string): string {
    return `${name}-${hex(urn, 7)}`;
}

function hostInCidr(cidrText: string | undefined, offset: number): string | undefined {
    const cidr = cidrText ? parseCidr(cidrText) : undefined;
    if (!cidr || cidr.family !== 4) return undefined;
    const base = (cidr.address >> BigInt(32 - cidr.prefix)) << BigInt(32 - cidr.prefix);
    const address = base + BigInt(offset);
    return formatIpv4(address);
}

function randomString(seed: string, length: number, alphabet: string): string {
    let out = "";
    for (let i = 0; out.length < length; i++) {
        for (const byte of crypto.createHash("sha256").update(`${seed}:${i}`).digest()) {
            if (out.length < length) out += alphabet[byte % alphabet.length];
        }
    }
    return out;
}

/** Computed state (beyond the inputs) and the id for a newly created resource. */
export function mockResourceState(type: string, name: string, urn: string, inputs: Record<string, any>, ctx: MockContext): { id: string; state: Record<string, any> } {
    const h = (n: number) => hex(urn, n);
    const arn = (service: string, resource: string, region = ctx.region) => `arn:aws:${service}:${region}:${mockAccountId}:${resource}`;
    const simple = (prefix: string, service = "ec2", kind = prefix) => {
        const id = `${prefix}-${h(17)}`;
        return { id, state: { arn: arn(service, `${kind}/${id}`), ownerId: mockAccountId } };
    };
    switch (type) {
        case types.vpc: {
            const r = simple("vpc");
            return { id: r.id, state: { ...r.state, defaultSecurityGroupId: `sg-${hex(urn + "default", 17)}`, mainRouteTableId: `rtb-${hex(urn + "main", 17)}` } };
        }
        case types.subnet: return simple("subnet");
        case types.internetGateway: return simple("igw", "ec2", "internet-gateway");
        case types.routeTable: return simple("rtb", "ec2", "route-table");
        case types.routeTableAssociation: return { id: `rtbassoc-${h(17)}`, state: {} };
        case types.securityGroup:
        case types.defaultSecurityGroup: return simple("sg", "ec2", "security-group");
        case types.securityGroupIngressRule:
        case types.securityGroupEgressRule: {
            const r = simple("sgr", "ec2", "security-group-rule");
            return { id: r.id, state: { ...r.state, securityGroupRuleId: r.id } };
        }
        case types.flowLog: return simple("fl", "ec2", "vpc-flow-log");
        case types.keyPair: {
            const keyName = inputs.keyName ?? autoName(name, urn);
            return { id: keyName, state: { keyName, keyPairId: `key-${h(17)}`, arn: arn("ec2", `key-pair/${keyName}`), fingerprint: h(32) } };
        }
        case types.instance: {
            const r = simple("i", "ec2", "instance");
            const subnet = typeof inputs.subnetId === "string" ? ctx.stateById(inputs.subnetId) : undefined;
            // .0-.3 are reserved by AWS in every subnet; hosts start at .10.
            const privateIp = hostInCidr(subnet?.cidrBlock, 10 + ctx.ordinal) ?? `10.0.0.${10 + ctx.ordinal}`;
            return {
                id: r.id,
                state: {
                    ...r.state,
                    privateIp,
                    privateDns: `ip-${privateIp.replace(/\./g, "-")}.ec2.internal`,
                    publicIp: inputs.associatePublicIpAddress ? `192.0.2.${10 + ctx.ordinal}` : undefined,
                    availabilityZone: subnet?.availabilityZone,
                    primaryNetworkInterfaceId: `eni-${h(17)}`,
                    instanceState: "running",
                },
            };
        }
        case types.eip: {
            const id = `eipalloc-${h(17)}`;
            const instance = typeof inputs.instance === "string" ? ctx.stateById(inputs.instance) : undefined;
            return {
                id,
                state: {
                    allocationId: id,
                    associationId: inputs.instance ? `eipassoc-${h(17)}` : undefined,
                    // TEST-NET-2: a plausible public address that is never routable.
                    publicIp: `198.51.100.${10 + ctx.ordinal}`,
                    privateIp: instance?.privateIp,
                    arn: arn("ec2", `elastic-ip/${id}`),
                },
            };
        }
        case types.iamRole:
        case types.iamInstanceProfile: {
            const roleName = inputs.name ?? autoName(name, urn);
            const kind = type.endsWith("Role") ? "role" : "instance-profile";
            return { id: roleName, state: { name: roleName, arn: `arn:aws:iam::${mockAccountId}:${kind}/${roleName}`, uniqueId: `AROA${h(17).toUpperCase()}` } };
        }
        case types.iamRolePolicy: return { id: `${inputs.role}:${inputs.name ?? autoName(name, urn)}`, state: {} };
        case types.iamRolePolicyAttachment: return { id: `${inputs.role}-${h(20)}`, state: {} };
        case types.logGroup: {
            const groupName = inputs.name ?? autoName(name, urn);
            return { id: groupName, state: { name: groupName, arn: arn("logs", `log-group:${groupName}`) } };
        }
        case types.snsTopic: {
            const topicName = inputs.name ?? autoName(name, urn);
            const topicArn = arn("sns", topicName);
            return { id: topicArn, state: { name: topicName, arn: topicArn } };
        }
        case types.rdsInstance: {
            const identifier = inputs.identifier ?? autoName(name, urn);
            const port = inputs.port ?? 5432;
            const address = `${identifier}.c${hex(ctx.region, 11)}.${ctx.region}.rds.amazonaws.com`;
            return {
                id: `db-${h(26).toUpperCase()}`,
                state: { identifier, address, port, endpoint: `${address}:${port}`, arn: arn("rds", `db:${identifier}`), engineVersionActual: `${inputs.engineVersion ?? "16"}.4` },
            };
        }
        case types.rdsSubnetGroup:
        case types.rdsParameterGroup:
        case types.elasticacheSubnetGroup: {
            const groupName = inputs.name ?? autoName(name, urn).toLowerCase();
            const kind = type === types.rdsSubnetGroup ? "subgrp" : type === types.rdsParameterGroup ? "pg" : "subnetgroup";
            return { id: groupName, state: { name: groupName, arn: arn(tokenParts(type).module, `${kind}:${groupName}`) } };
        }
        case types.replicationGroup: {
            const id = inputs.replicationGroupId ?? autoName(name, urn);
            const zone = `${hex(ctx.region, 6)}.${ctx.region.replace(/-(\w)\w*-(\d)$/, "$1$2")}.cache.amazonaws.com`;
            return {
                id,
                state: {
                    arn: arn("elasticache", `replicationgroup:${id}`),
                    primaryEndpointAddress: `master.${id}.${zone}`,
                    readerEndpointAddress: `replica.${id}.${zone}`,
                    port: inputs.port ?? 6379,
                    memberClusters: Array.from({ length: inputs.numCacheClusters ?? 1 }, (_, i) => `${id}-00${i + 1}`),
                },
            };
        }
        case types.bucket: {
            const bucket = inputs.bucket ?? autoName(name, urn);
            return {
                id: bucket,
                state: { bucket, arn: `arn:aws:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com`, bucketRegionalDomainName: `${bucket}.s3.${ctx.region}.amazonaws.com`, region: ctx.region },
            };
        }
        case types.randomPassword: {
            const specials = inputs.special === false ? "" : (inputs.overrideSpecial ?? "!@#$%&*()-_=+[]{}<>:?");
            const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + specials;
            // Like the provider: new keepers replace the resource, and a replacement draws a new value.
            const result = randomString(urn + JSON.stringify(inputs.keepers ?? {}), inputs.length ?? 16, alphabet);
            return { id: "none", state: { result, bcryptHash: `$2a$10$${h(53)}` } };
        }
        case types.randomId: {
            const bytes = crypto.createHash("sha256").update(urn + JSON.stringify(inputs.keepers ?? {})).digest().subarray(0, inputs.byteLength ?? 8);
            const b64Url = bytes.toString("base64url");
            return { id: b64Url, state: { hex: bytes.toString("hex"), b64Url, b64Std: bytes.toString("base64"), dec: BigInt(`0x${bytes.toString("hex")}`).toString() } };
        }
        case types.privateKey: {
            const body = Buffer.from(`mock-ed25519-${h(32)}`).toString("base64");
            return {
                id: h(40),
                state: {
                    privateKeyOpenssh: `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`,
                    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`,
                    privateKeyPemPkcs8: `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`,
                    publicKeyOpenssh: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${Buffer.from(h(32)).toString("base64").slice(0, 43)}\n`,
                    publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----\n`,
                    publicKeyFingerprintSha256: `SHA256:${Buffer.from(h(32), "hex").toString("base64")}`,
                },
            };
        }
        // The ALB + WAF edge (infra/edge/): ARNs and names in the forms the services issue.
        case types.loadBalancer: {
            const lbName = inputs.name ?? autoName(name, urn).slice(-32).replace(/^-+/, "");
            const suffix = `app/${lbName}/${h(16)}`;
            const lbArn = arn("elasticloadbalancing", `loadbalancer/${suffix}`);
            // Z35SXDOTRQ7X7K: the canonical hosted zone of us-east-1's load balancers (a fixed answer is enough here).
            return { id: lbArn, state: { arn: lbArn, arnSuffix: suffix, name: lbName, dnsName: `${lbName}-${parseInt(h(8), 16)}.${ctx.region}.elb.amazonaws.com`, zoneId: "Z35SXDOTRQ7X7K" } };
        }
        case types.targetGroup: {
            const tgName = inputs.name ?? autoName(name, urn).slice(-32).replace(/^-+/, "");
            const suffix = `targetgroup/${tgName}/${h(16)}`;
            const tgArn = arn("elasticloadbalancing", suffix);
            return { id: tgArn, state: { arn: tgArn, arnSuffix: suffix, name: tgName } };
        }
        case types.listener: {
            const lbPart = String(inputs.loadBalancerArn ?? "").replace(/^.*:loadbalancer\//, "");
            const listenerArn = arn("elasticloadbalancing", `listener/${lbPart}/${h(16)}`);
            return { id: listenerArn, state: { arn: listenerArn } };
        }
        case types.targetGroupAttachment: return { id: `${inputs.targetGroupArn}-${h(20)}`, state: {} };
        case types.ipSet:
        case types.webAcl: {
            const aclName = inputs.name ?? autoName(name, urn);
            const id = `${h(8)}-${h(12).slice(0, 4)}-${h(16).slice(0, 4)}-${h(20).slice(0, 4)}-${h(32).slice(-12)}`;
            const kind = type.endsWith("IpSet") ? "ipset" : "webacl";
            return { id, state: { name: aclName, arn: arn("wafv2", `regional/${kind}/${aclName}/${id}`), lockToken: h(36), ...(kind === "webacl" ? { capacity: 1200 } : {}) } };
        }
        case types.webAclAssociation: return { id: `${inputs.webAclArn},${inputs.resourceArn}`, state: {} };
        case types.webAclLoggingConfiguration: return { id: String(inputs.resourceArn), state: {} };
        case types.certificate: {
            const certArn = arn("acm", `certificate/${h(8)}-${h(12).slice(8)}-${h(16).slice(12)}-${h(20).slice(16)}-${h(32).slice(20)}`);
            const domain = String(inputs.domainName ?? "example.invalid");
            return {
                id: certArn,
                state: {
                    arn: certArn,
                    status: "PENDING_VALIDATION",
                    domainValidationOptions: [{ domainName: domain, resourceRecordName: `_${h(32)}.${domain}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${hex(urn + "value", 32)}.acm-validations.aws.` }],
                },
            };
        }
        case types.certificateValidation: return { id: String(inputs.certificateArn), state: {} };
        case types.route53Record: {
            const fqdn = String(inputs.name ?? "").replace(/\.$/, "");
            return { id: `${inputs.zoneId}_${fqdn}_${inputs.type}`, state: { fqdn } };
        }
        default:
            if (tokenParts(type).module === "s3") return { id: String(inputs.bucket ?? autoName(name, urn)), state: {} };
            return { id: `${name}-${h(8)}`, state: {} };
    }
}

/** Answers for provider functions (invokes). Unknown tokens fail loudly rather than return nothing. */
export function mockCall(token: string, inputs: Record<string, any>, region: string): Record<string, any> {
    switch (token) {
        case invokes.getAmi:
            return { id: mockAmiId, imageId: mockAmiId, name: "debian-12-amd64-20250610-2136", architecture: "x86_64", ownerId: inputs.owners?.[0] ?? mockAccountId, rootDeviceName: "/dev/xvda" };
        case invokes.getAvailabilityZones: {
            const short = region.replace(/^(\w\w)-(\w)\w*-(\d)$/, "$1$2$3");
            // An account opted into a Local Zone group: AWS lists that zone too unless filtered out,
            // and its name sorts before the region's own zones.
            const zones = [
                ...["c", "a", "b"].map((letter, i) => ({ name: `${region}${letter}`, zoneId: `${short}-az${i + 3}`, optInStatus: "opt-in-not-required", zoneType: "availability-zone" })),
                { name: `${region}-bos-1a`, zoneId: `${short}-bos1-az1`, optInStatus: "opted-in", zoneType: "local-zone" },
            ];
            const attribute: Record<string, (z: (typeof zones)[number]) => string> = { "opt-in-status": (z) => z.optInStatus, "zone-type": (z) => z.zoneType };
            for (const filter of inputs.filters ?? []) {
                if (!attribute[filter.name]) throw new Error(`the mock's getAvailabilityZones has no filter ${filter.name}; add it to offline/mock-run-state.ts`);
            }
            const kept = zones
                .filter((z) => (inputs.filters ?? []).every((f: { name: string; values: string[] }) => f.values.includes(attribute[f.name](z))))
                .filter((z) => !(inputs.excludeZoneIds ?? []).includes(z.zoneId) && !(inputs.excludeNames ?? []).includes(z.name))
                .sort((a, b) => a.name.localeCompare(b.name));
            return { id: region, names: kept.map((z) => z.name), zoneIds: kept.map((z) => z.zoneId), state: inputs.state };
        }
        case invokes.getCallerIdentity:
            return { id: mockAccountId, accountId: mockAccountId, arn: `arn:aws:iam::${mockAccountId}:user/mock`, userId: "AIDAMOCKUSER" };
        case invokes.getServiceAccount: {
            // Elastic Load Balancing's log-delivery account per region (the provider's aws_elb_service_account table, AWS's "enable access logs" page).
            const accounts: Record<string, string> = { "us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980", "us-west-2": "797873946194", "eu-west-1": "156460612806", "eu-central-1": "054676820928" };
            const account = accounts[inputs.region ?? region];
            if (!account) throw new Error(`the mock's getServiceAccount knows no ELB account for ${region}; add it to offline/mock-run-state.ts`);
            return { id: account, arn: `arn:aws:iam::${account}:root`, region: inputs.region ?? region };
        }
        case invokes.getPartition:
            return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        case invokes.getRegion:
            return { id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
        default:
            throw new Error(`the mock runtime has no answer for the call ${token}; add one to offline/mock-run-state.ts`);
    }
}
