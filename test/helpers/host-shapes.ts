/**
 * Every way issue 11 found to reach the API host (or to dodge the pack), each built from the
 * compliant baseline by one change, with the exact verdicts the whole pack must give; and the
 * legitimate neighbours, which must give none. Run in process (test/policies/host-model.test.ts)
 * and over gRPC (test/policies/pack-over-grpc.test.ts) from this one table.
 */
import { ports, twilioSignallingCidrs } from "../../facts/ports";
import { types } from "../../facts/resource-types";
import type { GateResource, Verdict } from "../../offline/policy-gate";
import { adminCidr, apiInstance, apiSg, changed, freeswitchInstance, freeswitchSg, instance, resource, stackWith, unknown, withIngress } from "./policy-fixtures";

export interface ExpectedVerdict {
    readonly policy: string;
    readonly level: "mandatory" | "advisory";
    readonly urn: string;
    /** The policy's own message (the line after its description). */
    readonly message: string;
}

export interface Shape {
    readonly name: string;
    readonly stack: readonly GateResource[];
    readonly verdicts: readonly ExpectedVerdict[];
}

/** A verdict as the table writes it: the policy's own message is the line after its description. */
export function asExpected(v: Verdict): ExpectedVerdict {
    return { policy: v.policyName, level: v.enforcementLevel as ExpectedVerdict["level"], urn: v.urn ?? "", message: v.message.slice(v.message.indexOf("\n") + 1) };
}

/**
 * Baseline hygiene policies (pack-baselines) also fire on these shapes, which mix inline and standalone
 * rules on one group and leave the VPC default group open; their verdicts are pinned by
 * test/policies/baseline-policies.test.ts, so this table leaves them out and pins the host model's.
 */
const judgedByBaselineTests = ["security-group-disallow-mixed-rule-forms", "vpc-require-closed-default-security-group"];

/** The host model's verdicts in a stable order (without the baseline hygiene policies'). */
export function sorted(verdicts: readonly ExpectedVerdict[]): ExpectedVerdict[] {
    return verdicts.filter((v) => !judgedByBaselineTests.includes(v.policy)).sort((a, b) => `${a.policy}${a.urn}${a.message}`.localeCompare(`${b.policy}${b.urn}${b.message}`));
}

const trunk = twilioSignallingCidrs[0];
const sipFix = "on the API host, which must accept no SIP, RTP or ESL traffic from anyone; remove the rule (these ports belong on the FreeSWITCH host's security group).";
const sipOn = (where: string, rule = `5060/udp from ${trunk}`) => `${where}: ingress[0]: ${rule} opens SIP signalling on 5060/udp ${sipFix}`;
const attached = (urn: string, message: string): ExpectedVerdict => ({ policy: "api-host-disallow-attached-ssh-sip", level: "mandatory", urn, message });
const unseenFix = "declare the list in this stack (aws.ec2.ManagedPrefixList with its entries, or ManagedPrefixListEntry resources) so each entry is judged, " +
    "or name the admin CIDRs in the rule itself.";
const sshLimitFix = "allow SSH only from the admin CIDRs (a /24 or narrower for IPv4, /56 for IPv6, or the policy's extraAdminCidrs).";
const ssh = "SSH (operators, remote commands) on 22/tcp";

/** An untagged group opening SIP to the trunk; `id` empty means preview (not known yet). */
const sipSg = (id = "sg-05050505050505050") => resource(types.securityGroup, "sip", {
    description: "SIP", ingress: [{ protocol: "udp", fromPort: ports.sip.from, toPort: ports.sip.to, cidrBlocks: [trunk] }],
}, { id });
const sip = sipSg();
const dep = (property: string, ...from: GateResource[]) => ({ [property]: from.map((r) => r.urn) });
/** The baseline's host hardening, so only the shape under test differs. */
const hardened = { metadataOptions: apiInstance.inputs.metadataOptions, rootBlockDevice: apiInstance.inputs.rootBlockDevice };
/** An instance with `tags` in groups `sgs` (by id and dependency), hardened like the baseline's. */
const host = (name: string, tags: Record<string, string> | undefined, ...sgs: GateResource[]) =>
    changed(instance(name, "", sgs[0]), { tags, vpcSecurityGroupIds: sgs.map((g) => g.id) }, { propertyDependencies: dep("vpcSecurityGroupIds", ...sgs) });
const instanceWithout = (inputs: Record<string, any>, propertyDependencies: Record<string, string[]>) =>
    changed(apiInstance, { vpcSecurityGroupIds: undefined, ...inputs }, { propertyDependencies });

function eniShape(): Shape[] {
    const eni = (name: string, inputs: Record<string, any> = {}, deps: Record<string, string[]> = {}) => resource(types.networkInterface, name, {
        subnetId: "subnet-0a", securityGroups: [sip.id], ...inputs,
    }, { id: `eni-${name}`, propertyDependencies: { ...dep("securityGroups", sip), ...deps } });
    const second = eni("api-second");
    const attachment = resource(types.networkInterfaceAttachment, "api-second", { instanceId: apiInstance.id, networkInterfaceId: second.id, deviceIndex: 1 }, {
        propertyDependencies: { ...dep("instanceId", apiInstance), ...dep("networkInterfaceId", second) },
    });
    const both = eni("api-both", { attachments: [{ instance: apiInstance.id, deviceIndex: 1 }] }, dep("attachments", apiInstance));
    const world = resource(types.securityGroup, "world-sip", { description: "w", ingress: [{ protocol: "udp", fromPort: 5060, toPort: 5060, cidrBlocks: ["0.0.0.0/0"] }] }, { id: "sg-0d0d0d0d0d0d0d0d1" });
    const primaryAttach = resource(types.networkInterfaceSecurityGroupAttachment, "api-primary-world", { securityGroupId: world.id, networkInterfaceId: unknown }, {
        propertyDependencies: { ...dep("securityGroupId", world), ...dep("networkInterfaceId", apiInstance) },
    });
    const previewSip = sipSg("");
    const primaryEni = resource(types.networkInterface, "api-primary", { subnetId: "subnet-0a", securityGroups: [unknown] }, { propertyDependencies: dep("securityGroups", previewSip) });
    return [
        { name: "a second ENI attached with NetworkInterfaceAttachment whose group opens SIP", stack: stackWith(sip, second, attachment), verdicts: [
            attached(sip.urn, sipOn("security group 'sip' (on network interface 'api-second' attached to instance 'api' by 'api-second')")),
        ] },
        { name: "a second ENI attached through NetworkInterface.attachments whose group opens SIP", stack: stackWith(sip, both), verdicts: [
            attached(sip.urn, sipOn("security group 'sip' (on network interface 'api-both' attached to instance 'api')")),
        ] },
        { name: "NetworkInterfaceSecurityGroupAttachment adding a world-open SIP group to the API instance's primary ENI", stack: stackWith(world, primaryAttach), verdicts: [
            attached(world.urn, sipOn("security group 'world-sip' (attached to the primary network interface of instance 'api' by 'api-primary-world')", "5060/udp from 0.0.0.0/0")),
        ] },
        { name: "an instance built on primaryNetworkInterface during preview (ids unknown)", stack: stackWith(previewSip, primaryEni, instanceWithout(
            { primaryNetworkInterface: { networkInterfaceId: unknown } }, dep("primaryNetworkInterface", primaryEni))), verdicts: [
            attached(previewSip.urn, sipOn("security group 'sip' (on network interface 'api-primary' of instance 'api')")),
        ] },
        { name: "an instance built on networkInterfaces[0] during preview (ids unknown)", stack: stackWith(previewSip, primaryEni, instanceWithout(
            { networkInterfaces: [{ networkInterfaceId: unknown, deviceIndex: 0 }] }, dep("networkInterfaces", primaryEni))), verdicts: [
            attached(previewSip.urn, sipOn("security group 'sip' (on network interface 'api-primary' of instance 'api')")),
        ] },
    ];
}

function launchShapes(): Shape[] {
    const template = (name: string, inputs: Record<string, any>, property: string) =>
        resource(types.launchTemplate, name, { imageId: "ami-0d3b1e2a4c5f60718", metadataOptions: hardened.metadataOptions, ...inputs }, { id: `lt-${name}`, propertyDependencies: dep(property, sip) });
    const byIds = template("api-ids", { vpcSecurityGroupIds: [sip.id] }, "vpcSecurityGroupIds");
    const byEni = template("api-eni", { networkInterfaces: [{ deviceIndex: 0, securityGroups: [sip.id] }] }, "networkInterfaces");
    const untagged = template("plain", { vpcSecurityGroupIds: [sip.id] }, "vpcSecurityGroupIds");
    const viaTemplate = (t: GateResource) => changed(apiInstance, { launchTemplate: { id: t.id } }, { propertyDependencies: { ...apiInstance.propertyDependencies, ...dep("launchTemplate", t) } });
    const asgTags = [{ key: "irisx:role", value: "api", propagateAtLaunch: true }];
    const asg = resource(types.autoscalingGroup, "api", { maxSize: 1, minSize: 1, launchTemplate: { id: untagged.id }, tags: asgTags }, { propertyDependencies: dep("launchTemplate", untagged) });
    const mixed = resource(types.autoscalingGroup, "api-mixed", {
        maxSize: 1, minSize: 1, tags: asgTags,
        mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { launchTemplateId: untagged.id }, overrides: [{ instanceType: "t3.small" }] } },
    }, { propertyDependencies: dep("mixedInstancesPolicy", untagged) });
    const spot = resource(types.spotInstanceRequest, "api-spot", { ami: "ami-0d3b1e2a4c5f60718", instanceType: "t3.small", ...hardened, tags: { "irisx:role": "api" }, vpcSecurityGroupIds: [sip.id] }, {
        propertyDependencies: dep("vpcSecurityGroupIds", sip),
    });
    const config = resource(types.launchConfiguration, "api", { imageId: "ami-0d3b1e2a4c5f60718", instanceType: "t3.small", ...hardened, securityGroups: [sip.id] }, {
        id: "api-lc", propertyDependencies: dep("securityGroups", sip),
    });
    const asgConfig = resource(types.autoscalingGroup, "api-lc", { maxSize: 1, minSize: 1, launchConfiguration: config.id, tags: asgTags }, { propertyDependencies: dep("launchConfiguration", config) });
    const spotFleet = resource(types.spotFleetRequest, "api-fleet", {
        iamFleetRole: "arn:aws:iam::123456789012:role/fleet", targetCapacity: 1, tags: { "irisx:role": "api" },
        launchSpecifications: [{ ami: "ami-0d3b1e2a4c5f60718", instanceType: "t3.small", vpcSecurityGroupIds: [sip.id] }],
    }, { propertyDependencies: dep("launchSpecifications", sip) });
    const fleet = resource(types.fleet, "api-ec2-fleet", {
        tags: { "irisx:role": "api" }, targetCapacitySpecification: { defaultTargetCapacityType: "on-demand", totalTargetCapacity: 1 },
        launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: untagged.id, version: "$Latest" } }],
    }, { propertyDependencies: dep("launchTemplateConfigs", untagged) });
    const inTemplate = (t: GateResource, host: string) => `security group 'sip' (in launch template '${t.name}' of ${host})`;
    return [
        { name: "an instance whose launchTemplate sets vpcSecurityGroupIds", stack: stackWith(sip, byIds, viaTemplate(byIds)), verdicts: [
            attached(sip.urn, sipOn(`${inTemplate(byIds, "instance 'api'")}`)),
        ] },
        { name: "an instance whose launchTemplate sets networkInterfaces[].securityGroups", stack: stackWith(sip, byEni, viaTemplate(byEni)), verdicts: [
            attached(sip.urn, sipOn(`${inTemplate(byEni, "instance 'api'")}`)),
        ] },
        { name: "an auto scaling group tagged irisx:role=api (propagateAtLaunch)", stack: stackWith(sip, untagged, asg), verdicts: [
            attached(sip.urn, sipOn(inTemplate(untagged, "auto scaling group 'api'"))),
        ] },
        { name: "an auto scaling group with a mixed-instances policy, tagged api", stack: stackWith(sip, untagged, mixed), verdicts: [
            attached(sip.urn, sipOn(inTemplate(untagged, "auto scaling group 'api-mixed'"))),
        ] },
        { name: "an auto scaling group tagged api launching from a LaunchConfiguration", stack: stackWith(sip, config, asgConfig), verdicts: [
            attached(sip.urn, sipOn("security group 'sip' (in launch configuration 'api' of auto scaling group 'api-lc')")),
        ] },
        { name: "a SpotFleetRequest tagged api whose launch specification names the group", stack: stackWith(sip, spotFleet), verdicts: [
            attached(sip.urn, sipOn("security group 'sip' (attached to spot fleet request 'api-fleet')")),
        ] },
        { name: "an EC2 fleet tagged api launching from a template", stack: stackWith(sip, untagged, fleet), verdicts: [
            attached(sip.urn, sipOn(inTemplate(untagged, "EC2 fleet 'api-ec2-fleet'"))),
        ] },
        { name: "a SpotInstanceRequest tagged api", stack: stackWith(sip, spot), verdicts: [
            attached(sip.urn, sipOn("security group 'sip' (attached to spot instance request 'api-spot')")),
        ] },
    ];
}

function groupShapes(): Shape[] {
    const defaultSg = resource(types.defaultSecurityGroup, "default", { vpcId: "vpc-0a", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] }, { id: "sg-0default00000000" });
    const foreign = "sg-0123456789abcdef0";
    const foreignRule = resource(types.securityGroupIngressRule, "looked-up-sip", { securityGroupId: foreign, ipProtocol: "udp", fromPort: 5060, toPort: 5060, cidrIpv4: trunk });
    const worker = host("worker", undefined, apiSg, sip);
    const everything = "SIP signalling on 5060/tcp+udp, SIP over TLS on 5061/tcp+udp, RTP media on 16384-32768/udp, FreeSWITCH event socket (ESL) on 8021/tcp";
    return [
        { name: "an API instance with no groups, in the VPC default group this stack manages", stack: stackWith(defaultSg, instanceWithout({}, {})), verdicts: [
            attached(defaultSg.urn, "security group 'default' (the VPC default group of instance 'api', which names no group): ingress[0]: all traffic (protocol -1) from the group itself (self) " +
                `opens ${everything} ${sipFix}`),
        ] },
        { name: "a looked-up group id on the API instance with rules managed in this stack", stack: stackWith(foreignRule, changed(apiInstance, { vpcSecurityGroupIds: [apiSg.id, foreign] })), verdicts: [
            attached(foreignRule.urn, `SecurityGroupIngressRule 'looked-up-sip' on security group ${foreign} outside this stack (attached to instance 'api'): 5060/udp from ${trunk} ` +
                `opens SIP signalling on 5060/udp ${sipFix}`),
        ] },
        { name: "an untagged host sharing the API group, with a SIP group of its own", stack: stackWith(sip, worker), verdicts: [
            attached(sip.urn, sipOn("security group 'sip' (attached to instance 'worker' (untagged; shares security group 'api' with the API host))")),
        ] },
    ];
}

function prefixListShapes(): Shape[] {
    const list = (name: string, entries: string[]) => resource(types.managedPrefixList, name, { addressFamily: "IPv4", maxEntries: 5, entries: entries.map((cidr) => ({ cidr })) }, { id: `pl-${name}` });
    const world = list("everyone", ["0.0.0.0/0"]);
    const empty = list("ops", []);
    const entry = resource(types.managedPrefixListEntry, "ops-wide", { prefixListId: empty.id, cidr: "10.0.0.0/8" }, { propertyDependencies: dep("prefixListId", empty) });
    const sshFrom = (name: string, sg: GateResource, prefixListId: string, from?: GateResource) => resource(types.securityGroupIngressRule, name, {
        securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, prefixListId,
    }, { propertyDependencies: { ...dep("securityGroupId", sg), ...(from ? dep("prefixListId", from) : {}) } });
    const fsWorld = sshFrom("fs-ssh-everyone", freeswitchSg, world.id, world);
    const apiWide = sshFrom("api-ssh-ops", apiSg, unknown, empty);
    const apiUnseen = sshFrom("api-ssh-unseen", apiSg, "pl-0aws00000000000");
    const fsUnseen = sshFrom("fs-ssh-unseen", freeswitchSg, "pl-0aws00000000000");
    const onApi = "on security group 'api' (tagged irisx:role=api, attached to instance 'api')";
    return [
        { name: "a ManagedPrefixList holding 0.0.0.0/0 as an SSH source on the FreeSWITCH group", stack: stackWith(world, fsWorld), verdicts: [{
            policy: "prefix-list-disallow-world-ssh", level: "mandatory", urn: fsWorld.urn,
            message: `22/tcp from 0.0.0.0/0 (in prefix list 'everyone') opens ${ssh} to the whole internet; allow SSH only from the admin CIDRs (irisx-infra:adminCidrs) or use SSM Session Manager.`,
        }] },
        { name: "a ManagedPrefixListEntry of 10.0.0.0/8 as an SSH source on the API group (preview: list id unknown)", stack: stackWith(empty, entry, apiWide), verdicts: [
            attached(apiWide.urn, `SecurityGroupIngressRule 'api-ssh-ops' ${onApi}: 22/tcp from 10.0.0.0/8 (in prefix list 'ops') opens ${ssh} on the API host to 10.0.0.0/8, broader than /24; ${sshLimitFix}`),
        ] },
        { name: "an SSH source on the API host that is a prefix list the pack cannot see into", stack: stackWith(apiUnseen), verdicts: [
            attached(apiUnseen.urn, `SecurityGroupIngressRule 'api-ssh-unseen' ${onApi}: 22/tcp from prefix list pl-0aws00000000000 opens ${ssh} on the API host to ` +
                `prefix list pl-0aws00000000000, which the pack cannot see into; ${unseenFix}`),
        ] },
        { name: "an SSH source elsewhere that is a prefix list the pack cannot see into (advisory)", stack: stackWith(fsUnseen), verdicts: [{
            policy: "prefix-list-disallow-unseen-ssh-source", level: "advisory", urn: fsUnseen.urn,
            message: `22/tcp from prefix list pl-0aws00000000000 opens ${ssh} to prefix list pl-0aws00000000000, which the pack cannot see into; ${unseenFix}`,
        }] },
    ];
}

function spellingShapes(): Shape[] {
    const ruleOnApi = (name: string, inputs: Record<string, any>) => resource(types.securityGroupRule, name, { type: "ingress", securityGroupId: apiSg.id, ...inputs });
    const udp017 = ruleOnApi("api-sip-017", { protocol: "017", fromPort: 5060, toPort: 5060, cidrBlocks: [trunk] });
    const unreadable = ruleOnApi("api-backwards", { protocol: "tcp", fromPort: 1, toPort: -1, cidrBlocks: [adminCidr] });
    const spelled = (name: string, tags: Record<string, string>) => host(name, tags, sip);
    const ambiguous = (urn: string, path: string, key: string, value: string): ExpectedVerdict => ({
        policy: "resource-disallow-ambiguous-role-tag", level: "mandatory", urn,
        message: `${path}: ambiguous role tag ${JSON.stringify(key)}=${JSON.stringify(value)}: it names a role only after trimming or case-folding, so the pack judges the resource ` +
            `by that role; write the key exactly "irisx:role" and the value exactly one of api, freeswitch, db, cache.`,
    });
    const cases: [string, Record<string, string>][] = [["api-upper", { "irisx:role": "API" }], ["api-space", { "irisx:role": " api" }], ["api-key", { "IRISX:role": "api" }]];
    const viaTagsAll = changed(spelled("api-default-tags", {}), { tags: undefined, tagsAll: { "irisx:role": "api" } });
    const outputsDiffer = changed(apiSg, {}, { outputs: { ...apiSg.inputs, id: apiSg.id, ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }] } });
    const native = resource("aws-native:ec2:SecurityGroupIngress", "native-sip", { groupId: apiSg.id, ipProtocol: "udp", fromPort: 5060, toPort: 5060, cidrIp: "0.0.0.0/0" });
    return [
        { name: "protocol \"017\" (an integer to the provider) for SIP on the API group", stack: stackWith(udp017), verdicts: [
            attached(udp017.urn, `SecurityGroupRule 'api-sip-017' on security group 'api' (tagged irisx:role=api, attached to instance 'api'): 5060/udp (protocol 017) from ${trunk} ` +
                `opens SIP signalling on 5060/udp ${sipFix}`),
        ] },
        { name: "a tcp range of 1 to -1 on the API group, refused as unreadable", stack: stackWith(unreadable), verdicts: [
            attached(unreadable.urn, `SecurityGroupRule 'api-backwards' on security group 'api' (tagged irisx:role=api, attached to instance 'api'): unreadable ports (fromPort 1 to toPort -1)/tcp ` +
                `from ${adminCidr} is refused as unreadable: it may open SIP signalling on 5060/tcp, SIP over TLS on 5061/tcp, FreeSWITCH event socket (ESL) on 8021/tcp; ` +
                "write fromPort and toPort as whole numbers with 0 <= fromPort <= toPort <= 65535 (or protocol -1 for all traffic)."),
            ...([["security-group-disallow-esl-from-cidr", "FreeSWITCH event socket (ESL) on 8021/tcp"], ["security-group-disallow-cidr-to-data-ports", "PostgreSQL on 5432/tcp, Redis on 6379/tcp"]] as const)
                .map(([policy, opened]): ExpectedVerdict => ({ policy, level: "mandatory", urn: unreadable.urn, message: `unreadable ports (fromPort 1 to toPort -1)/tcp from ${adminCidr} ` +
                    `is refused as unreadable: it may open ${opened} to a CIDR (${adminCidr}); write fromPort and toPort as whole numbers with 0 <= fromPort <= toPort <= 65535 (or protocol -1 for all traffic).` })),
        ] },
        ...cases.map(([name, tags]): Shape => {
            const tagged = spelled(name, tags);
            const [key, value] = Object.entries(tags)[0];
            return { name: `role tag ${JSON.stringify(tags)} on an instance with a SIP group`, stack: stackWith(sip, tagged), verdicts: [
                ambiguous(tagged.urn, `tags.${key}`, key, value),
                attached(sip.urn, sipOn(`security group 'sip' (attached to instance '${name}')`)),
            ] };
        }),
        { name: "the role only in tagsAll (provider defaultTags)", stack: stackWith(sip, viaTagsAll), verdicts: [
            attached(sip.urn, sipOn("security group 'sip' (attached to instance 'api-default-tags')")),
        ] },
        { name: "outputs that differ from inputs: the API group's SSH rule widened to 10.0.0.0/8 after apply", stack: stackWith(outputsDiffer), verdicts: [
            attached(apiSg.urn, `security group 'api' (tagged irisx:role=api, attached to instance 'api'): ingress[0]: 22/tcp from 10.0.0.0/8 opens ${ssh} on the API host to 10.0.0.0/8, ` +
                `broader than /24; ${sshLimitFix}`),
        ] },
        { name: "aws-native:ec2:SecurityGroupIngress", stack: stackWith(native), verdicts: [{
            policy: "network-resource-disallow-unmodelled-provider", level: "mandatory", urn: native.urn,
            message: "aws-native:ec2:SecurityGroupIngress comes from the aws-native provider, which this pack does not model, so it cannot judge what the resource lets reach a host; " +
                "declare it with @pulumi/aws (aws.ec2.SecurityGroup, aws.vpc.SecurityGroupIngressRule, aws.ec2.NetworkInterface) instead.",
        }] },
    ];
}

export const failingShapes: readonly Shape[] = [...eniShape(), ...launchShapes(), ...groupShapes(), ...prefixListShapes(), ...spellingShapes()];

/** Legitimate neighbours of the shapes above: the whole pack gives no verdict at all. */
export function passingNeighbours(): Shape[] {
    const ssh = { ipProtocol: "tcp", fromPort: 22, toPort: 22 };
    const admins = resource(types.managedPrefixList, "admins", { addressFamily: "IPv4", maxEntries: 5, entries: [{ cidr: adminCidr }] }, { id: "pl-admins" });
    const ops = resource(types.securityGroup, "ops", { description: "ops", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [adminCidr] }] }, { id: "sg-0e0e0e0e0e0e0e0e1" });
    const onApi = (name: string, inputs: Record<string, any>) => resource(types.securityGroupIngressRule, name, { securityGroupId: apiSg.id, ...inputs }, { propertyDependencies: dep("securityGroupId", apiSg) });
    const fsEni = resource(types.networkInterface, "fs-sip", { subnetId: "subnet-0a", securityGroups: [freeswitchSg.id], attachments: [{ instance: freeswitchInstance.id, deviceIndex: 1 }] }, {
        propertyDependencies: { ...dep("securityGroups", freeswitchSg), ...dep("attachments", freeswitchInstance) },
    });
    const withOps = (host: GateResource, sg: GateResource) => changed(host, { vpcSecurityGroupIds: [sg.id, ops.id] }, { propertyDependencies: dep("vpcSecurityGroupIds", sg, ops) });
    return [
        { name: "admin /32 for SSH by every rule form: inline, SecurityGroupRule, SecurityGroupIngressRule, a declared prefix list", stack: stackWith(
            resource(types.securityGroupRule, "api-ssh-rule", { type: "ingress", securityGroupId: apiSg.id, protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [adminCidr] }),
            onApi("api-ssh-ingress-rule", { ...ssh, cidrIpv4: adminCidr }),
            admins, onApi("api-ssh-list", { ...ssh, prefixListId: admins.id }),
        ), verdicts: [] },
        { name: "443 from ::/0 and ICMP echo from 0.0.0.0/0 on the API group", stack: stackWith(withIngress(apiSg, [
            ...apiSg.inputs.ingress, { protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }, { protocol: "icmp", fromPort: 8, toPort: -1, cidrBlocks: ["0.0.0.0/0"] },
        ])), verdicts: [] },
        { name: "egress of everything to 0.0.0.0/0 from the API group", stack: stackWith(
            resource(types.securityGroupRule, "api-egress", { type: "egress", securityGroupId: apiSg.id, protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }),
        ), verdicts: [] },
        { name: "SIP and ESL into FreeSWITCH, also through a second ENI on the FreeSWITCH instance", stack: stackWith(fsEni), verdicts: [] },
        { name: "a shared ops group with an admin /32 on both the API and FreeSWITCH instances", stack: stackWith(ops, withOps(apiInstance, apiSg), withOps(freeswitchInstance, freeswitchSg)), verdicts: [] },
    ];
}
