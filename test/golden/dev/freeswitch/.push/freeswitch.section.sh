unit=freeswitch
secret=1
keep=1
legacy_stage=/home/admin/.irisx-push/freeswitch
requires=(xmllint)
# live directories the validator reads beside the unit's files, copied into the staged tree first
tree_dirs=()
# staged name | target | mode | group
files=(
    "etc__freeswitch__freeswitch.xml|/etc/freeswitch/freeswitch.xml|0640|freeswitch"
    "etc__freeswitch__irisx-vars.xml|/etc/freeswitch/irisx-vars.xml|0640|freeswitch"
    "etc__freeswitch__autoload_configs__acl.conf.xml|/etc/freeswitch/autoload_configs/acl.conf.xml|0640|freeswitch"
    "etc__freeswitch__autoload_configs__event_socket.conf.xml|/etc/freeswitch/autoload_configs/event_socket.conf.xml|0640|freeswitch"
    "etc__freeswitch__autoload_configs__sofia.conf.xml|/etc/freeswitch/autoload_configs/sofia.conf.xml|0640|freeswitch"
    "etc__freeswitch__autoload_configs__switch.conf.xml|/etc/freeswitch/autoload_configs/switch.conf.xml|0640|freeswitch"
)

prepare() {
    getent group freeswitch >/dev/null || groupadd --system freeswitch
}
# $tree: the staged tree, each new file at $tree<its path>
validate() {
    if ! out=$(xmllint --noout $tree/etc/freeswitch/freeswitch.xml $tree/etc/freeswitch/irisx-vars.xml $tree/etc/freeswitch/autoload_configs/acl.conf.xml $tree/etc/freeswitch/autoload_configs/event_socket.conf.xml $tree/etc/freeswitch/autoload_configs/sofia.conf.xml $tree/etc/freeswitch/autoload_configs/switch.conf.xml 2>&1); then
        printf '%s\n' "$out" | grep -E '^/[^ ]+:[0-9]+: ' | head -n 20
        exit 1
    fi
    x() { xmllint --xpath "$1" "$2" 2>/dev/null; }
    bad=0
    no() { echo "$1"; bad=1; }
    [ "$(x 'count(//param[@name="password"][string-length(@value) > 0][@value != "ClueCon"])' $tree/etc/freeswitch/autoload_configs/event_socket.conf.xml)" = 1 ] || no "event_socket.conf.xml: the ESL password is empty or the stock one"
    case "$(x 'string(//param[@name="listen-ip"]/@value)' $tree/etc/freeswitch/autoload_configs/event_socket.conf.xml)" in "" | 0.0.0.0 | :: | "[::]") no "event_socket.conf.xml: listen-ip must be the private address" ;; esac
    { [ "$(x 'count(/configuration/network-lists/list)' $tree/etc/freeswitch/autoload_configs/acl.conf.xml)" -gt 0 ] 2>/dev/null; } && [ "$(x 'count(//list[not(@default="deny")])' $tree/etc/freeswitch/autoload_configs/acl.conf.xml)" = 0 ] || no 'acl.conf.xml: every list must sit in <network-lists> with default="deny"'
    esl_acl=$(x 'string(//param[@name="apply-inbound-acl"]/@value)' $tree/etc/freeswitch/autoload_configs/event_socket.conf.xml)
    [ -n "$esl_acl" ] && [ "$(x "count(/configuration/network-lists/list[@name='$esl_acl'])" $tree/etc/freeswitch/autoload_configs/acl.conf.xml)" = 1 ] || no "event_socket.conf.xml: apply-inbound-acl must name a list of acl.conf.xml"
    [ "$(x 'count(//X-PRE-PROCESS[@cmd="set"][starts-with(@data, "default_password=")][@data != "default_password="][@data != "default_password=1234"])' $tree/etc/freeswitch/irisx-vars.xml)" = 1 ] || no "irisx-vars.xml: default_password must be set, and not to the stock 1234"
    exit $bad
}
reload() {
    if ! systemctl is-active --quiet freeswitch; then echo "freeswitch is not running: it reads this configuration when it starts"; exit 0; fi
    esl_password() { xmllint --xpath 'string(//param[@name="password"]/@value)' "$1"; }
    previous="$bdir/etc__freeswitch__autoload_configs__event_socket.conf.xml"
    if [ -f "$previous" ] && [ "$(esl_password "$previous")" != "$(esl_password /etc/freeswitch/autoload_configs/event_socket.conf.xml)" ]; then
        command -v fs_cli >/dev/null 2>&1 || { echo "fs_cli is missing: the new ESL password would need a restart" >&2; exit 1; }
        home=$(mktemp -d) && trap 'rm -rf "$home"' EXIT
        cli() { printf '[default]\nhost => %s\nport => %s\npassword => %s\n' 10.10.0.20 8021 "$1" > "$home/.fs_cli_conf" && HOME="$home" timeout 15 fs_cli -x "$2" 2>&1; }
        # After an interrupted push the module may already run these files' password.
        if cli "$(esl_password /etc/freeswitch/autoload_configs/event_socket.conf.xml)" status >/dev/null; then echo "mod_event_socket already accepts this ESL password"; exit 0; fi
        cli "$(esl_password "$previous")" "bgapi reload mod_event_socket" | grep -q '+OK' || { echo "mod_event_socket did not accept the reload with the previous ESL password" >&2; exit 1; }
        for i in $(seq 30); do
            if cli "$(esl_password /etc/freeswitch/autoload_configs/event_socket.conf.xml)" status >/dev/null; then echo "mod_event_socket reloaded: the rotated ESL password is in use"; break; fi
            [ "$i" -lt 30 ] || { echo "mod_event_socket did not come back with the new password (an outbound-socket call may hold it); run pulumi up again" >&2; exit 1; }
            sleep 1
        done
    fi
    echo "freeswitch is running: other changes take effect at its next restart (systemctl restart freeswitch drops live calls)"
}
prove() {
    true
}
