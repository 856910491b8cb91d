unit=firewall
secret=0
keep=10
legacy_stage=/home/admin/.irisx-push/firewall
requires=(nft ss ps)
# live directories the validator reads beside the unit's files, copied into the staged tree first
tree_dirs=()
# staged name | target | mode | group
files=(
    "etc__nftables.conf|/etc/nftables.conf|0644|root"
)

prepare() {
    true
}
# $tree: the staged tree, each new file at $tree<its path>
validate() {
    nft -c -f $tree/etc/nftables.conf
}
reload() {
    if ! grep -qF "managed by irisx-infra, do not edit on the host" /etc/nftables.conf 2>/dev/null; then
        # Not our file (Debian's default begins with flush ruleset, which would drop fail2ban's
        # tables too): only our own table goes.
        if nft list table inet irisx >/dev/null 2>&1; then nft delete table inet irisx || exit 1; fi
        echo "/etc/nftables.conf is not ours: table inet irisx removed, nothing else touched"
        exit 0
    fi
    nft -f /etc/nftables.conf || exit 1
    systemctl is-enabled --quiet nftables.service || systemctl enable --quiet nftables.service || exit 1
}
prove() {
    ancestors=" "
    pid=$$
    while [ -n "$pid" ] && [ "$pid" -gt 1 ]; do ancestors="$ancestors$pid "; pid=$(ps -o ppid= -p "$pid" | tr -d ' '); done
    peer=""
    while read -r _ _ _ remote users; do
        for p in $(grep -o 'pid=[0-9]*' <<<"$users" | cut -d= -f2); do
            case "$ancestors" in *" $p "*) peer=${remote%:*} ;; esac
        done
    done < <(ss -Htnp state established '( sport = :22 )')
    peer=${peer#[}; peer=${peer%]}; peer=${peer#::ffff:}
    case "$peer" in
        "") echo "no SSH session of this push found (run on the console?): nothing to prove"; exit 0 ;;
        127.*|::1) echo "pushed over loopback, which the firewall always admits"; exit 0 ;;
        *:*) set=ssh_tcp_v6 ;;
        *) set=ssh_tcp_v4 ;;
    esac
    if ! nft get element inet irisx "$set" "{ $peer }" >/dev/null 2>&1; then
        echo "the new firewall would refuse a new SSH connection from $peer, this push's own address (not in adminCidrs?)" >&2
        exit 1
    fi
    echo "a new SSH connection from $peer is still admitted (set $set)"
}
