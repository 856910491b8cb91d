/**
 * The host firewall as a push unit of its own, on both hosts: /etc/nftables.conf rendered from
 * the role's part of the ingress plan, checked staged with `nft -c -f`, loaded with `nft -f`, and
 * kept only when the push's own SSH session address would still get a NEW connection in (the
 * unit's `prove` step, as sshdUnit's login proof; the push engine rolls back on its failure).
 */
import { IngressConfig, planIngress } from "../../facts/ingress";
import { firewallPath } from "../../facts/host-paths";
import { managedNotice } from "../render/header";
import { firewallTable, renderFirewall, setName } from "../render/nftables";
import { PushUnit } from "../model";
import { stagedPath } from "../render/push-script";

export type FirewallRole = "api" | "freeswitch";

/**
 * The prove step, after loading: find this push's own SSH connection (the established :22 socket held by one of
 * the script's ancestors, i.e. the sshd of this session) and ask the kernel whether the loaded
 * SSH set admits its peer address. The session itself survives (established traffic is accepted
 * first); a non-zero exit makes the push engine restore the previous file and load it again.
 */
const proveSshStillAdmitted = `ancestors=" "
pid=$$
while [ -n "$pid" ] && [ "$pid" -gt 1 ]; do ancestors="$ancestors$pid "; pid=$(ps -o ppid= -p "$pid" | tr -d ' '); done
peer=""
while read -r _ _ _ remote users; do
    for p in $(grep -o 'pid=[0-9]*' <<<"$users" | cut -d= -f2); do
        case "$ancestors" in *" $p "*) peer=\${remote%:*} ;; esac
    done
done < <(ss -Htnp state established '( sport = :22 )')
peer=\${peer#[}; peer=\${peer%]}; peer=\${peer#::ffff:}
case "$peer" in
    "") echo "no SSH session of this push found (run on the console?): nothing to prove"; exit 0 ;;
    127.*|::1) echo "pushed over loopback, which the firewall always admits"; exit 0 ;;
    *:*) set=${setName({ port: "ssh", protocol: "tcp", family: 6 })} ;;
    *) set=${setName({ port: "ssh", protocol: "tcp", family: 4 })} ;;
esac
if ! nft get element inet ${firewallTable} "$set" "{ $peer }" >/dev/null 2>&1; then
    echo "the new firewall would refuse a new SSH connection from $peer, this push's own address (not in adminCidrs?)" >&2
    exit 1
fi
echo "a new SSH connection from $peer is still admitted (set $set)"`;

function reload(): string {
    return `if ! grep -qF "${managedNotice}" ${firewallPath} 2>/dev/null; then
    # Not our file (Debian's default begins with flush ruleset, which would drop fail2ban's
    # tables too): only our own table goes.
    if nft list table inet ${firewallTable} >/dev/null 2>&1; then nft delete table inet ${firewallTable} || exit 1; fi
    echo "${firewallPath} is not ours: table inet ${firewallTable} removed, nothing else touched"
    exit 0
fi
nft -f ${firewallPath} || exit 1
systemctl is-enabled --quiet nftables.service || systemctl enable --quiet nftables.service || exit 1`;
}

export interface FirewallUnitInput {
    readonly role: FirewallRole;
    readonly config: IngressConfig;
    /** Every API host's private IP, for the FreeSWITCH host's ESL rule (the security group names the API group). */
    readonly apiPrivateIps?: readonly string[];
    /**
     * What the load balancer's group stands for on the API host (edge alb): its nodes take changing
     * addresses in the public subnets, so the host admits the VPC and the security group (which
     * names the load balancer's group) is the narrow gate.
     */
    readonly loadBalancerCidrs?: readonly string[];
}

export function firewallUnit(input: FirewallUnitInput): PushUnit {
    const rules = planIngress(input.config).filter((r) => r.role === input.role);
    const groupAddresses = {
        ...(input.apiPrivateIps ? { api: input.apiPrivateIps.map((ip) => `${ip}/32`) } : {}),
        ...(input.loadBalancerCidrs ? { alb: input.loadBalancerCidrs } : {}),
    };
    const content = renderFirewall({ rules, groupAddresses });
    return {
        name: "firewall",
        files: [{ path: firewallPath, content, mode: "0644", group: "root" }],
        requires: ["nft", "ss", "ps"],
        prepare: "true",
        // nftables.conf includes nothing, so the staged file is checked on its own.
        tree: [],
        validate: `nft -c -f ${stagedPath(firewallPath)}`,
        reload: reload(),
        prove: proveSshStillAdmitted,
        secret: false,
        fromAddresses: input.apiPrivateIps !== undefined,
    };
}
