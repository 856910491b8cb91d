/**
 * Unknown keys are errors: a typo would otherwise keep the default silently. Project keys are
 * checked against the schema table; `aws:` keys against the AWS provider's own config keys, which
 * it refuses at `pulumi preview` too ("`aws:<key>` is not a valid configuration key for the aws
 * provider": pulumi/pulumi-aws #3360, #5116). Other namespaces pass.
 */
import * as awsConfig from "@pulumi/aws/config/vars";
import { nearest } from "./nearest";
import { ConfigProblem, ConfigValues, projectName } from "./reader";
import { configKeys } from "./schema";

/** The provider's keys: the getters @pulumi/aws/config/vars.d.ts declares (one per ProviderArgs property). */
export const awsProviderKeys: readonly string[] = Object.keys(awsConfig).filter((name) => name !== "__esModule").sort();

const projectKeys = configKeys.filter((entry) => !entry.key.includes(":")).map((entry) => entry.key);
const awsKeysRead = configKeys.filter((entry) => entry.key.startsWith("aws:")).map((entry) => entry.key.slice(4));

/** One problem per key of the project's or the aws namespace that nothing reads. */
export function unknownKeyProblems(values: ConfigValues): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const key of Object.keys(values).sort()) {
        const split = key.indexOf(":");
        const [namespace, name] = split < 0 ? ["", key] : [key.slice(0, split), key.slice(split + 1)];
        if (namespace === projectName && !projectKeys.includes(name)) {
            problems.push({ key, message: `is not a key this program reads; did you mean ${nearest(name, projectKeys)}? (the keys: README, "Stack config reference")` });
        } else if (namespace === "aws" && !awsProviderKeys.includes(name)) {
            const near = nearest(name, [...awsKeysRead, ...awsProviderKeys.filter((k) => !awsKeysRead.includes(k))]);
            problems.push({ key, message: `is not a valid configuration key for the aws provider; did you mean aws:${near}?` });
        } else if (split < 0) {
            problems.push({ key, message: `has no namespace; write ${projectName}:${key} (or aws:${key} for the provider)` });
        }
    }
    return problems;
}
