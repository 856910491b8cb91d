import type { StackValidationPolicy } from "@pulumi/policy";
import { freeswitchWorldSipFinding } from "./lib/findings";
import { collectHostIngress, describeHostRule } from "./lib/hosts";
import { judgeHostRules } from "./lib/judge";

/** Advisory: a stack may open SIP to softphones anywhere, but should say so (REFERENCE.md). */
export const freeswitchHostDisallowWorldSip: StackValidationPolicy = {
    name: "freeswitch-host-disallow-world-sip",
    description: "Warns when SIP or RTP on the FreeSWITCH host is open to 0.0.0.0/0 or ::/0 instead of named signalling and media peers.",
    enforcementLevel: "advisory",
    validateStack: (args, report) => judgeHostRules(collectHostIngress(args.resources, "freeswitch").rules, [freeswitchWorldSipFinding], report, describeHostRule),
};
