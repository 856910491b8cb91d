import type { StackValidationPolicy } from "@pulumi/policy";
import type { LinkedResource } from "./lib/hosts";
import { Statement, describeStatement, statementsOf } from "./lib/policy-documents";
import { dependencyUrns, refersTo } from "./lib/references";
import { types } from "../facts/resource-types";
import { deferToUnknown, isUnknown, knownString, read } from "./lib/unknown";

/** A role the hosts run as: it trusts EC2, or an instance profile carries it. */
function isHostRole(role: LinkedResource, profiles: readonly LinkedResource[]): boolean {
    const trust = statementsOf(read(role.props, "assumeRolePolicy"));
    if (Array.isArray(trust) && trust.some((s) => s.effect === "Allow" && s.principals.includes("ec2.amazonaws.com"))) return true;
    return profiles.some((p) => refersTo(p, "role", role, ["name", "id"]));
}

interface Document {
    /** "RolePolicy 'api-logs'", "Policy 'ops' (attached by 'api-ops')", "inline policy 'x' of role 'api-role'". */
    readonly where: string;
    readonly owner: LinkedResource;
    readonly path: readonly (string | number)[];
    readonly value: unknown;
}

/** Customer documents granted to `role`: its inline policies, RolePolicy resources, and stack Policies attached to it. */
function documentsOf(role: LinkedResource, resources: readonly LinkedResource[]): Document[] {
    const docs: Document[] = [];
    const inline = read(role.props, "inlinePolicies");
    if (Array.isArray(inline)) {
        inline.forEach((p, i) => docs.push({ where: `inline policy '${knownString(read(p, "name")) ?? i}' of role '${role.name}'`, owner: role, path: ["inlinePolicies", i, "policy"], value: read(p, "policy") }));
    }
    const policies = resources.filter((r) => r.type === types.iamPolicy);
    for (const r of resources) {
        if (r.type === types.iamRolePolicy && refersTo(r, "role", role, ["name", "id"])) {
            docs.push({ where: `RolePolicy '${r.name}' on role '${role.name}'`, owner: r, path: ["policy"], value: read(r.props, "policy") });
        }
        if (r.type === types.iamRolePolicyAttachment && refersTo(r, "role", role, ["name", "id"])) {
            for (const p of policies.filter((p) => refersTo(r, "policyArn", p, ["arn", "id"]))) {
                docs.push({ where: `Policy '${p.name}' (attached to role '${role.name}' by '${r.name}')`, owner: p, path: ["policy"], value: read(p.props, "policy") });
            }
        }
    }
    const managed = [...dependencyUrns(role, "managedPolicyArns")];
    for (const p of policies.filter((p) => managed.includes(p.urn))) {
        docs.push({ where: `Policy '${p.name}' (in managedPolicyArns of role '${role.name}')`, owner: p, path: ["policy"], value: read(p.props, "policy") });
    }
    return docs;
}

/** What an Allow statement grants too broadly (Security Hub IAM.1, IAM.21). */
function wildcards(s: Statement): string[] {
    if (s.effect !== "Allow") return [];
    return [
        ...s.actions.filter((a) => a === "*" || a.endsWith(":*")).map((a) => `action "${a}"`),
        ...(s.notActions.length > 0 ? ["NotAction (every action but those listed)"] : []),
        ...s.resources.filter((r) => r === "*").map(() => 'resource "*"'),
        ...(s.notResources.length > 0 ? ["NotResource (every resource but those listed)"] : []),
    ];
}

/** AWS managed policies (attached by ARN, not in the stack) are not judged: the pack cannot read them. */
export const iamDisallowWildcardHostPolicies: StackValidationPolicy = {
    name: "iam-disallow-wildcard-host-policies",
    description: "Prohibits \"*\" actions (or service:*) and \"*\" resources in the policies of the roles the hosts run as (Security Hub IAM.1, IAM.21).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const pending: (() => void)[] = [];
        const profiles = args.resources.filter((r) => r.type === types.iamInstanceProfile);
        for (const role of args.resources.filter((r) => r.type === types.iamRole && isHostRole(r, profiles))) {
            for (const doc of documentsOf(role, args.resources)) {
                const statements = statementsOf(doc.value);
                if (statements === "unknown" || isUnknown(doc.value)) {
                    pending.push(() => deferToUnknown(doc.owner.props, doc.path));
                } else if (statements === "unreadable") {
                    report(`${doc.where} is not a readable policy document (JSON with a Statement), so the pack cannot check it for wildcards; render it with JSON.stringify.`, doc.owner.urn);
                } else {
                    for (const s of statements) {
                        const broad = wildcards(s);
                        if (broad.length > 0) {
                            report(`${doc.where}: ${describeStatement(s)} allows ${broad.join(" and ")}; a host role names each action it needs and the ARNs it needs them on.`, doc.owner.urn);
                        }
                    }
                }
            }
        }
        pending.forEach((surface) => surface());
    },
};
