import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FieldCheck, judgeFields, ofTypes, rawAt, shown } from "./lib/fields";
import { types } from "../facts/resource-types";
import { isUnknown, knownString, read } from "./lib/unknown";

type Path = readonly (string | number)[];

/** `true`, or the string "true" that launch templates take (their `encrypted` is a tri-state string). */
const encrypted = (v: unknown) => v === true || v === "true";

const replaced: Record<string, string> = {
    [types.instance]: "the instance is replaced",
    [types.spotInstanceRequest]: "the spot request is replaced",
    [types.launchConfiguration]: "the launch configuration is replaced",
};

/** One check per entry of the list at `listPath`; an unknown list defers on the list itself. */
function perEntry(props: unknown, listPath: Path, check: (entry: unknown, path: Path) => FieldCheck | undefined): FieldCheck[] {
    const list = rawAt(props, listPath);
    if (isUnknown(list)) return [{ path: listPath, problem: () => undefined }];
    if (!Array.isArray(list)) return [];
    return list.flatMap((entry, i) => check(entry, [...listPath, i]) ?? []);
}

function device(entry: unknown, index: number): string {
    return knownString(read(entry, "deviceName")) ?? `#${index}`;
}

function checksFor(type: string, props: unknown): FieldCheck[] {
    if (type === types.ebsVolume) {
        return [{
            path: ["encrypted"],
            problem: (v) => (encrypted(v) ? undefined : `the EBS volume is not encrypted (${shown(["encrypted"], v)}); set encrypted: true (optionally kmsKeyId); an existing volume must be re-created from an encrypted snapshot copy.`),
        }];
    }
    if (type === types.launchTemplate) {
        return perEntry(props, ["blockDeviceMappings"], (entry, path) => {
            if (read(entry, "ebs") === undefined || read(entry, "ebs") === null) return undefined; // instance store or noDevice
            const at = [...path, "ebs", "encrypted"];
            return {
                path: at,
                problem: (v) => (encrypted(v) ? undefined : `block device ${device(entry, path[1] as number)} of the launch template is not encrypted (${shown(at, v)}); set ebs: { encrypted: "true" } on every EBS mapping.`),
            };
        });
    }
    const fix = replaced[type];
    const root: FieldCheck = {
        path: ["rootBlockDevice", "encrypted"],
        problem: (v) => (encrypted(v) ? undefined : `the root volume is not encrypted (${shown(["rootBlockDevice", "encrypted"], v)}); set rootBlockDevice: { encrypted: true } (${fix}).`),
    };
    return [root, ...perEntry(props, ["ebsBlockDevices"], (entry, path) => {
        const at = [...path, "encrypted"];
        return {
            path: at,
            problem: (v) => (encrypted(v) ? undefined : `data volume ${device(entry, path[1] as number)} is not encrypted (${shown(at, v)}); set encrypted: true on every ebsBlockDevices entry (${fix}).`),
        };
    })];
}

export const ebsRequireEncryptedVolumes: ResourceValidationPolicy = {
    name: "ebs-require-encrypted-volumes",
    description: "Requires every EBS volume to be encrypted: instance root and data volumes, aws.ebs.Volume and launch template block devices (Security Hub EC2.3).",
    enforcementLevel: "mandatory",
    validateResource: ofTypes([types.instance, types.spotInstanceRequest, types.launchConfiguration, types.launchTemplate, types.ebsVolume], (args, report) =>
        judgeFields(args, report, checksFor(args.type, args.props))),
};
