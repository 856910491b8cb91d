import type { StackValidationPolicy } from "@pulumi/policy";
import { listenerRuleTypes } from "../facts/resource-types";
import { loadBalancerListeners } from "./lib/load-balancers";
import { identifiers, references } from "./lib/links";
import { deferToUnknown, isUnknown, read, readList } from "./lib/unknown";

/** A listener that speaks plain HTTP: protocol HTTP, or none (an ALB listener's default). */
function speaksHttp(props: Record<string, unknown>): boolean | "unknown" {
    const protocol = read(props, "protocol");
    if (isUnknown(protocol)) return "unknown";
    return protocol === undefined || protocol === null || String(protocol).toUpperCase() === "HTTP";
}

/** Why an action is not a redirect to HTTPS, or undefined; `unknown` when it cannot be told yet. */
function actionProblem(action: unknown): string | undefined | "unknown" {
    const type = read(action, "type");
    const protocol = read(read(action, "redirect"), "protocol");
    if (isUnknown(type) || isUnknown(read(action, "redirect")) || isUnknown(protocol)) return "unknown";
    if (type !== "redirect") return `a ${JSON.stringify(type)} action`;
    if (String(protocol ?? "#{protocol}").toUpperCase() !== "HTTPS") return `a redirect to ${JSON.stringify(protocol ?? "#{protocol}")}, not HTTPS`;
    return undefined;
}

const fix = `make its only action { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }`;

/**
 * Plain HTTP on the load balancer exists to send clients to HTTPS: anything else (a forward, a
 * fixed response, a redirect to HTTP) serves the API or its errors in clear text. Listener rules
 * attached to such a listener are judged with it.
 */
export const albListenerRequireHttpsRedirect: StackValidationPolicy = {
    name: "alb-listener-require-https-redirect",
    description: "Requires every plain-HTTP load balancer listener (port 80) and its listener rules to do nothing but redirect to HTTPS.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const pending: (() => void)[] = [];
        for (const listener of loadBalancerListeners(args.resources)) {
            const http = speaksHttp(listener.props);
            if (http === "unknown") pending.push(() => deferToUnknown(listener.props, ["protocol"]));
            if (http !== true) continue;
            const rules = args.resources.filter((r) => listenerRuleTypes.includes(r.type) && references(r, ["listenerArn"], [listener], identifiers).resources.length > 0);
            const judged: { owner: typeof listener; field: string; what: string }[] = [
                { owner: listener, field: "defaultActions", what: `listener '${listener.name}' (plain HTTP)` },
                ...rules.map((rule) => ({ owner: rule, field: "actions", what: `listener rule '${rule.name}' of plain-HTTP listener '${listener.name}'` })),
            ];
            for (const { owner, field, what } of judged) {
                const actions = readList(owner.props, field);
                if (actions === "unknown") {
                    pending.push(() => deferToUnknown(owner.props, [field]));
                    continue;
                }
                actions.forEach((action, i) => {
                    const problem = actionProblem(action);
                    if (problem === "unknown") pending.push(() => deferToUnknown(owner.props, [field, i]));
                    else if (problem) report(`${what}: ${field}[${i}] is ${problem}, which serves plain HTTP; ${fix}.`, owner.urn);
                });
            }
        }
        pending.forEach((surface) => surface());
    },
};
