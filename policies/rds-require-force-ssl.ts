import type { StackValidationPolicy } from "@pulumi/policy";
import type { LinkedResource } from "./lib/hosts";
import { declares, refersTo } from "./lib/references";
import { types } from "../facts/resource-types";
import { deferToUnknown, isUnknown, knownString, read } from "./lib/unknown";

const fix = `give it an aws.rds.ParameterGroup whose parameters include { name: "rds.force_ssl", value: "1" } (applyMethod "pending-reboot")`;

/** The value of `rds.force_ssl` in a parameter group's parameters; `unknown` during preview. */
function forceSsl(group: LinkedResource): string | undefined | "unknown" {
    const parameters = read(group.props, "parameters");
    if (isUnknown(parameters)) return "unknown";
    if (!Array.isArray(parameters)) return undefined;
    const entry = parameters.find((p) => knownString(read(p, "name"))?.toLowerCase() === "rds.force_ssl");
    const value = read(entry, "value");
    return isUnknown(value) ? "unknown" : knownString(value) ?? (value === undefined ? undefined : String(value));
}

/** PostgreSQL only: MySQL and MariaDB spell it require_secure_transport. */
export const rdsRequireForceSsl: StackValidationPolicy = {
    name: "rds-require-force-ssl",
    description: "Requires RDS PostgreSQL instances to use a parameter group of this stack that sets rds.force_ssl to 1 (Security Hub RDS.38).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const pending: (() => void)[] = [];
        const groups = args.resources.filter((r) => r.type === types.rdsParameterGroup);
        for (const db of args.resources.filter((r) => r.type === types.rdsInstance)) {
            const engine = read(db.props, "engine");
            if (!isUnknown(engine) && !(knownString(engine) ?? "").toLowerCase().startsWith("postgres")) continue;
            const name = read(db.props, "parameterGroupName");
            if (!declares(db, "parameterGroupName") && (name === undefined || name === null)) {
                report(`database '${db.name}' uses the engine's default parameter group, which this stack cannot pin rds.force_ssl in; ${fix} and set parameterGroupName to its name.`, db.urn);
                continue;
            }
            const group = groups.find((g) => refersTo(db, "parameterGroupName", g, ["name", "id"]));
            if (!group) {
                if (isUnknown(name)) pending.push(() => deferToUnknown(db.props, ["parameterGroupName"]));
                else report(`database '${db.name}' uses parameter group "${knownString(name)}", which is not part of this stack, so the pack cannot see rds.force_ssl; ${fix} in this stack.`, db.urn);
                continue;
            }
            const value = forceSsl(group);
            if (value === "unknown") pending.push(() => deferToUnknown(group.props, ["parameters"]));
            else if (value?.trim() !== "1") {
                report(`database '${db.name}' accepts connections without TLS: its parameter group '${group.name}' ${value === undefined ? "does not set rds.force_ssl" : `sets rds.force_ssl to "${value}"`}; set { name: "rds.force_ssl", value: "1" } in its parameters.`, db.urn);
            }
        }
        pending.forEach((surface) => surface());
    },
};
