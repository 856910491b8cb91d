/**
 * fail2ban bans into AWS WAF (edge alb). Behind the load balancer every packet reaches the host
 * from the ALB, so an iptables ban of a client stops nothing; the web ACL blocks the addresses of
 * an IP set instead, and this fail2ban action keeps that set in step with the nginx jails' bans.
 *
 * The WAFv2 API has no "add one address": UpdateIPSet replaces the whole list and must carry the
 * LockToken of the GetIPSet it started from; a writer that lost the race gets
 * WAFOptimisticLockException and starts again from a fresh GetIPSet (AWS WAF API reference,
 * UpdateIPSet: "a lock token ... the operation fails with a WAFOptimisticLockException").
 * The tool is Debian 12's python3-boto3 (1.26): one process does Get, Update and the retry loop;
 * awscli would need JSON juggling in shell between two processes. boto3 1.26 predates
 * AWS_ENDPOINT_URL (botocore 1.31), hence the explicit --endpoint-url that only tests set.
 */
import { token } from "./guard";
import { hashHeader } from "./header";

export const wafIpSetPaths = {
    /** The tool fail2ban's action runs. */
    tool: "/usr/local/sbin/irisx-waf-ipset",
    /** Our action (fail2ban has no stock one for WAF); jails name it `irisx-waf-ipset`. */
    action: "/etc/fail2ban/action.d/irisx-waf-ipset.conf",
} as const;

export const wafBanAction = "irisx-waf-ipset";

export interface WafIpSet {
    /** aws.wafv2.IpSet name and id; both are needed by GetIPSet/UpdateIPSet. */
    readonly ipSetName: string;
    readonly ipSetId: string;
    readonly region: string;
    /** REGIONAL for an ALB's web ACL. */
    readonly scope?: "REGIONAL" | "CLOUDFRONT";
    /** Tests only: a stand-in for the WAF API (moto's server). */
    readonly endpointUrl?: string;
}

/** Attempts of the Get → Update cycle before the ban is reported failed (fail2ban logs it). */
export const wafUpdateAttempts = 8;

/** The action file: ban adds <ip>/32 (or /128) to the IP set, unban removes it. */
export function renderWafBanAction(set: WafIpSet): string {
    const args = [
        `--name ${token("WAF IP set name", set.ipSetName, /^[A-Za-z0-9_-]{1,128}$/)}`,
        `--id ${token("WAF IP set id", set.ipSetId, /^[A-Za-z0-9-]{1,128}$/)}`,
        `--region ${token("WAF region", set.region, /^[a-z]{2}(-[a-z]+)+-[0-9]$/)}`,
        `--scope ${set.scope ?? "REGIONAL"}`,
        ...(set.endpointUrl ? [`--endpoint-url ${token("WAF endpoint", set.endpointUrl, /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?\/?$/)}`] : []),
    ].join(" ");
    return `${hashHeader("provisioning/render/waf-ipset.ts")}
# Bans go to the AWS WAF IP set the load balancer's web ACL blocks (the host's firewall never sees
# a client behind the ALB). No actionflush: on stop fail2ban unbans ticket by ticket, and its
# database re-bans on start.
[Definition]
actionstart =
actionstop =
actioncheck =
actionban = ${wafIpSetPaths.tool} ${args} add <ip>
actionunban = ${wafIpSetPaths.tool} ${args} remove <ip>
`;
}

/** The tool (mode 0755), run by fail2ban as root with the instance profile's credentials. */
export function renderWafIpSetTool(): string {
    return `#!/usr/bin/python3
${hashHeader("provisioning/render/waf-ipset.ts")}"""Adds (add) or removes (remove) one address in an AWS WAFv2 IP set: GetIPSet, then
UpdateIPSet with the whole list and the LockToken, again from GetIPSet on WAFOptimisticLockException."""
import argparse
import ipaddress
import random
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError


def log(message):
    print("irisx-waf-ipset: " + message, file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(prog="irisx-waf-ipset")
    parser.add_argument("--name", required=True)
    parser.add_argument("--id", required=True)
    parser.add_argument("--region", required=True)
    parser.add_argument("--scope", default="REGIONAL", choices=["REGIONAL", "CLOUDFRONT"])
    parser.add_argument("--endpoint-url")
    parser.add_argument("--attempts", type=int, default=${wafUpdateAttempts})
    parser.add_argument("operation", choices=["add", "remove"])
    parser.add_argument("address")
    args = parser.parse_args()
    try:
        ip = ipaddress.ip_address(args.address)
    except ValueError:
        log("not an address: %r" % args.address)
        return 2
    cidr = "%s/%d" % (ip, 32 if ip.version == 4 else 128)
    config = Config(connect_timeout=5, read_timeout=10, retries={"max_attempts": 3, "mode": "standard"})
    waf = boto3.client("wafv2", region_name=args.region, endpoint_url=args.endpoint_url, config=config)
    key = {"Name": args.name, "Scope": args.scope, "Id": args.id}
    for attempt in range(1, args.attempts + 1):
        try:
            got = waf.get_ip_set(**key)
            version = got["IPSet"]["IPAddressVersion"]
            if version != "IPV%d" % ip.version:
                log("%s does not fit the %s set %s; nothing changed" % (cidr, version, args.name))
                return 3
            current = got["IPSet"]["Addresses"]
            wanted = [a for a in current if a != cidr] + ([cidr] if args.operation == "add" else [])
            if sorted(wanted) == sorted(current):
                print("%s %s: already %s" % (args.operation, cidr, "in the set" if args.operation == "add" else "absent"))
                return 0
            waf.update_ip_set(Addresses=wanted, LockToken=got["LockToken"], **key)
            print("%s %s: done (%d addresses, attempt %d)" % (args.operation, cidr, len(wanted), attempt))
            return 0
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code != "WAFOptimisticLockException" or attempt == args.attempts:
                log("%s %s failed: %s" % (args.operation, cidr, code or error))
                return 1
            log("%s %s: the set changed since GetIPSet (WAFOptimisticLockException), retrying (attempt %d)" % (args.operation, cidr, attempt))
            time.sleep(random.uniform(0.05, 0.2) * attempt)
        except BotoCoreError as error:
            log("%s %s failed: %s" % (args.operation, cidr, error))
            return 1
    return 1


if __name__ == "__main__":
    sys.exit(main())
`;
}
