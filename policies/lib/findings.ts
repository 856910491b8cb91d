/**
 * Per-rule checks shared by the resource policies (one SG or rule as it stands) and the stack
 * policies (rules linked to a host). Each returns a message, `undecided` when the answer hangs on
 * a value unknown during preview, or undefined when the rule is fine.
 */
import { PortSpec, apiForbiddenPorts, ports } from "../../facts/ports";
import { SshSourceLimits, isWorldCidr, sshSourceProblem } from "./admin-sources";
import { IngressRule, IngressSource, describeRule, describeSource, mayOverlapPorts, overlapsPorts } from "./ingress";

export const undecided = Symbol("undecided");
export type Finding = string | typeof undecided | undefined;
/** Why a source is refused (text), undecided (unknown source), or undefined (accepted). */
type SourceVerdict = (source: IngressSource) => Finding;

/** "SIP signalling on 5060/tcp+udp": the part of `spec` the rule opens. */
export function describeHit(spec: PortSpec, rule: IngressRule): string {
    const protocols = rule.protocol === "all" || rule.protocol === "unknown" ? spec.protocols : spec.protocols.filter((p) => p === rule.protocol);
    const range = spec.from === spec.to ? `${spec.from}` : `${spec.from}-${spec.to}`;
    return `${spec.purpose} on ${range}/${protocols.join("+")}`;
}

/** The prefix a message starts with: "ingress[0]: " for inline entries, "" for standalone rules. */
export function at(rule: IngressRule): string {
    return rule.location ? `${rule.location}: ` : "";
}

function check(rule: IngressRule, specs: readonly PortSpec[], verdict: SourceVerdict, message: (hits: string, why: string) => string): Finding {
    const hits = specs.filter((spec) => overlapsPorts(rule, spec));
    const mayHit = specs.some((spec) => mayOverlapPorts(rule, spec));
    if (!mayHit) return undefined;
    const why = verdict(rule.source);
    if (why === undefined) return undefined;
    if (why === undecided || hits.length === 0 || rule.unknown.includes("direction")) return undecided;
    const opened = hits.map((spec) => describeHit(spec, rule)).join(", ");
    if (rule.unreadable) {
        // Refused rather than guessed: the provider would send AWS a range this pack cannot place.
        return `${at(rule)}${describeRule(rule)} is refused as unreadable: it may open ${opened}${why ? ` to ${why}` : ""}; ` +
            "write fromPort and toPort as whole numbers with 0 <= fromPort <= toPort <= 65535 (or protocol -1 for all traffic).";
    }
    return message(opened, why);
}

const worldOnly: SourceVerdict = (s) => (s.kind === "unknown" ? undecided : s.kind === "cidr" && isWorldCidr(s.cidr) ? "the whole internet" : undefined);
const anySource: SourceVerdict = () => "";
const notByReference: SourceVerdict = (s) =>
    s.kind === "unknown" ? undecided : s.kind === "cidr" ? `a CIDR (${s.cidr})` : s.kind === "prefixList" ? "a prefix list" : undefined;

/** Everywhere: no SSH from 0.0.0.0/0 or ::/0. */
export function worldSshFinding(rule: IngressRule): Finding {
    return check(rule, [ports.ssh], worldOnly, (hits, why) =>
        `${at(rule)}${describeRule(rule)} opens ${hits} to ${why}; allow SSH only from the admin CIDRs (irisx-infra:adminCidrs) or use SSM Session Manager.`);
}

const unseenFix = "declare the list in this stack (aws.ec2.ManagedPrefixList with its entries, or ManagedPrefixListEntry resources) so each entry is judged, " +
    "or name the admin CIDRs in the rule itself.";

/**
 * API host: SSH only from sources no broader than the configured limit. A prefix-list source is
 * judged only by a caller that has read the stack's declared lists into their entries
 * (`unseenPrefixLists`): what is left is a list the pack cannot see into, which it refuses.
 */
export function apiSshFinding(rule: IngressRule, limits: SshSourceLimits, unseenPrefixLists = false): Finding {
    const verdict: SourceVerdict = (s) =>
        s.kind === "unknown" ? undecided
        : s.kind === "cidr" ? sshSourceProblem(s.cidr, limits)
        : s.kind === "prefixList" && unseenPrefixLists ? `${describeSource(s)}, which the pack cannot see into` : undefined;
    return check(rule, [ports.ssh], verdict, (hits, why) =>
        `${at(rule)}${describeRule(rule)} opens ${hits} on the API host to ${why}; ` + (rule.source.kind === "prefixList" ? unseenFix
            : `allow SSH only from the admin CIDRs (a /${limits.broadestIpv4Prefix} or narrower for IPv4, /${limits.broadestIpv6Prefix} for IPv6, or the policy's extraAdminCidrs).`));
}

/** Elsewhere (advisory): SSH from a prefix list the stack does not declare, so nobody can tell who is in it. */
export function unseenPrefixListSshFinding(rule: IngressRule): Finding {
    const verdict: SourceVerdict = (s) => (s.kind === "prefixList" ? `${describeSource(s)}, which the pack cannot see into` : undefined);
    return check(rule, [ports.ssh], verdict, (hits, why) => `${at(rule)}${describeRule(rule)} opens ${hits} to ${why}; ${unseenFix}`);
}

/** API host: no SIP, SIP-TLS, RTP or ESL from any source at all. */
export function apiSipFinding(rule: IngressRule): Finding {
    return check(rule, apiForbiddenPorts, anySource, (hits) =>
        `${at(rule)}${describeRule(rule)} opens ${hits} on the API host, which must accept no SIP, RTP or ESL traffic from anyone; ` +
        `remove the rule (these ports belong on the FreeSWITCH host's security group).`);
}

/** Everywhere: ESL only by security-group reference. */
export function eslFromCidrFinding(rule: IngressRule): Finding {
    return check(rule, [ports.esl], notByReference, (hits, why) =>
        `${at(rule)}${describeRule(rule)} opens ${hits} to ${why}; ESL has no TLS, so allow it only from the API host's security group ` +
        `(sourceSecurityGroupId or referencedSecurityGroupId).`);
}

/** Everywhere: PostgreSQL and Redis only by security-group reference. */
export function dataPortFinding(rule: IngressRule): Finding {
    return check(rule, [ports.postgres, ports.redis], notByReference, (hits, why) =>
        `${at(rule)}${describeRule(rule)} opens ${hits} to ${why}; allow the database and Redis only from the API and FreeSWITCH ` +
        `security groups (sourceSecurityGroupId or referencedSecurityGroupId).`);
}

/** FreeSWITCH host (advisory): SIP and RTP from named peers, not the whole internet. */
export function freeswitchWorldSipFinding(rule: IngressRule): Finding {
    return check(rule, [ports.sip, ports.sipTls, ports.rtp], worldOnly, (hits, why) =>
        `${at(rule)}${describeRule(rule)} opens ${hits} on the FreeSWITCH host to ${why}; list the SIP trunk's signalling and media ` +
        `peers instead (irisx-infra:sipSignallingPeers, irisx-infra:mediaPeers), or accept this advisory knowingly for softphones.`);
}
