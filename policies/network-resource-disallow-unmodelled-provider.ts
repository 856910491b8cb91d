import type { ResourceValidationPolicy } from "@pulumi/policy";

/** Type names that grant or carry ingress: a security group, its ingress rules, a network interface. */
const networkTypeName = /^(SecurityGroup|SecurityGroupIngress|NetworkInterface|NetworkInterfaceAttachment)$/;

/**
 * The pack models @pulumi/aws resources only (package "aws"). Another provider's security group,
 * ingress or ENI (aws-native first) is invisible to the host model, so it is refused, not passed.
 */
export const networkResourceDisallowUnmodelledProvider: ResourceValidationPolicy = {
    name: "network-resource-disallow-unmodelled-provider",
    description: "Prohibits security-group, ingress and network-interface resources of providers the pack does not model (aws-native and others), which it cannot judge.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        // Tokens are "<package>:<module>[/<file>]:<Name>"; components ("irisx:network:…") have no ec2/vpc module.
        const [pkg, module, name] = args.type.split(":");
        if (pkg === "aws" || pkg === "pulumi" || name === undefined) return;
        if (!/^(ec2|vpc)(\/|$)/.test(module) || !networkTypeName.test(name)) return;
        report(`${args.type} comes from the ${pkg} provider, which this pack does not model, so it cannot judge what the resource lets reach a host; ` +
            "declare it with @pulumi/aws (aws.ec2.SecurityGroup, aws.vpc.SecurityGroupIngressRule, aws.ec2.NetworkInterface) instead.");
    },
};
