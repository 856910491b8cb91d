import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { appPortProblem, appPortTagKey } from "../facts/ports";
import { ofTypes } from "./lib/fields";
import { types } from "../facts/resource-types";
import { hasRole, tagValue } from "./lib/tags";

/**
 * The app listens on 127.0.0.1 behind nginx, so no security group names its port. The pack reads
 * it from the API instance's `irisx:app-port` tag (set by infra from irisx-infra:appPort), or from
 * this policy's `appPort` config when the tag is absent.
 */
const configSchema: PolicyConfigSchema = {
    properties: {
        appPort: {
            type: "integer", minimum: 1, maximum: 65535,
            description: `App port to judge when the API instance carries no ${appPortTagKey} tag.`,
        },
    },
};

export const apiHostDisallowCommonAppPort: ResourceValidationPolicy = {
    name: "api-host-disallow-common-app-port",
    description: "Warns when the API app listens on a common, privileged or reserved port instead of an uncommon high port.",
    enforcementLevel: "advisory",
    configSchema,
    validateResource: ofTypes([types.instance], (args, report) => {
        if (hasRole(args.props, "api") !== true) return;
        const tag = tagValue(args.props, appPortTagKey);
        const configured = args.getConfig<{ appPort?: number }>().appPort;
        const [text, from] = typeof tag === "string" && tag !== "unknown" ? [tag, `tag ${appPortTagKey}`] : [configured?.toString(), "policy config appPort"];
        if (text === undefined) return;
        const port = Number(text);
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
            report(`the app port "${text}" (${from}) is not a port number; set irisx-infra:appPort to one in 9100-65535.`);
            return;
        }
        const problem = appPortProblem(port);
        if (problem) report(`the API app port ${problem} (from ${from}).`);
    }),
};
