#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "freeswitch": 6 file(s); stage, validate the staged tree, swap, reload, prove; roll back on failure.
set -uo pipefail
umask 077
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

# sha256 and content (base64) of each file, in the order of files
sha256=(
    48acaa869a5c93f0c3aeefdf65dc6921b4090d8fd3de41172a29774232543cb9
    1d544f765b22c02c80649ce536fc614abd9f386c89d2921364ab71d0918dff98
    165cbe30bffa15a849e052ed30cbc22bcf25ab3c79520714b4b7c1b6a2b5d7b5
    337f444b66b1acc299bd538bfb93525688d0fb3abdf745bcbfdd8d93ba39151d
    cb8004af0421442c62584ca9c8f9400d8328fac7ba70d302300ab6166c04cce8
    5c211c2475d345fe2e61512eb0ee3f693e88b52f63b29324510758b4637596ce
)
payload=(
    'PD94bWwgdmVyc2lvbj0iMS4wIj8+CjwhLS0gbWFuYWdlZCBieSBpcmlzeC1pbmZyYSwgZG8gbm90IGVkaXQgb24gdGhlIGhvc3QgKHNvdXJjZTogcHJvdmlzaW9uaW5nL3JlbmRlci9mcmVlc3dpdGNoLnRzKSAtLT4KPGRvY3VtZW50IHR5cGU9ImZyZWVzd2l0Y2gveG1sIj4KICA8WC1QUkUtUFJPQ0VTUyBjbWQ9ImluY2x1ZGUiIGRhdGE9Ii9ldGMvZnJlZXN3aXRjaC92YXJzLnhtbCIvPgogIDxYLVBSRS1QUk9DRVNTIGNtZD0iaW5jbHVkZSIgZGF0YT0iL2V0Yy9mcmVlc3dpdGNoL2lyaXN4LXZhcnMueG1sIi8+CgogIDxzZWN0aW9uIG5hbWU9ImNvbmZpZ3VyYXRpb24iIGRlc2NyaXB0aW9uPSJWYXJpb3VzIENvbmZpZ3VyYXRpb24iPgogICAgPCEtLSAqLmNvbmYueG1sLCB0aGUgbmFtZSBvZiBldmVyeSBtb2R1bGUncyBmaWxlOiBub3QgMDAtaXJpc3gtdmFycy54bWwsIHdoaWNoIGVhcmxpZXIgcHVzaGVzIGxlZnQgaGVyZS4gLS0+CiAgICA8WC1QUkUtUFJPQ0VTUyBjbWQ9ImluY2x1ZGUiIGRhdGE9Ii9ldGMvZnJlZXN3aXRjaC9hdXRvbG9hZF9jb25maWdzLyouY29uZi54bWwiLz4KICA8L3NlY3Rpb24+CgogIDxzZWN0aW9uIG5hbWU9ImRpYWxwbGFuIiBkZXNjcmlwdGlvbj0iUmVnZXgvWE1MIERpYWxwbGFuIj4KICAgIDxYLVBSRS1QUk9DRVNTIGNtZD0iaW5jbHVkZSIgZGF0YT0iL2V0Yy9mcmVlc3dpdGNoL2RpYWxwbGFuLyoueG1sIi8+CiAgPC9zZWN0aW9uPgoKICA8c2VjdGlvbiBuYW1lPSJjaGF0cGxhbiIgZGVzY3JpcHRpb249IlJlZ2V4L1hNTCBDaGF0cGxhbiI+CiAgICA8WC1QUkUtUFJPQ0VTUyBjbWQ9ImluY2x1ZGUiIGRhdGE9Ii9ldGMvZnJlZXN3aXRjaC9jaGF0cGxhbi8qLnhtbCIvPgogIDwvc2VjdGlvbj4KCiAgPHNlY3Rpb24gbmFtZT0iZGlyZWN0b3J5IiBkZXNjcmlwdGlvbj0iVXNlciBEaXJlY3RvcnkiPgogICAgPCEtLSBObyB1c2VyczogY2FsbHMgY29tZSBmcm9tIHRoZSBzaWduYWxsaW5nIHBlZXJzJyBBQ0wgb25seS4gLS0+CiAgPC9zZWN0aW9uPgoKICA8c2VjdGlvbiBuYW1lPSJsYW5ndWFnZXMiIGRlc2NyaXB0aW9uPSJMYW5ndWFnZSBNYW5hZ2VtZW50Ij4KICAgIDxYLVBSRS1QUk9DRVNTIGNtZD0iaW5jbHVkZSIgZGF0YT0iL2V0Yy9mcmVlc3dpdGNoL2xhbmcvZW4vKi54bWwiLz4KICA8L3NlY3Rpb24+CjwvZG9jdW1lbnQ+Cg=='
    'PCEtLSBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZyZWVzd2l0Y2gudHMpIC0tPgo8aW5jbHVkZT4KICA8WC1QUkUtUFJPQ0VTUyBjbWQ9InNldCIgZGF0YT0iZGVmYXVsdF9wYXNzd29yZD1GQUtFLURFRkFVTFQtUEFTU1dPUkQtTk9ULUEtU0VDUkVUIi8+CiAgPFgtUFJFLVBST0NFU1MgY21kPSJzZXQiIGRhdGE9InNpcF90bHNfdmVyc2lvbj10bHN2MS4yLHRsc3YxLjMiLz4KICA8WC1QUkUtUFJPQ0VTUyBjbWQ9InNldCIgZGF0YT0ic2lwX3Rsc19jaXBoZXJzPUVDREhFLUVDRFNBLUFFUzEyOC1HQ00tU0hBMjU2OkVDREhFLVJTQS1BRVMxMjgtR0NNLVNIQTI1NjpFQ0RIRS1FQ0RTQS1BRVMyNTYtR0NNLVNIQTM4NDpFQ0RIRS1SU0EtQUVTMjU2LUdDTS1TSEEzODQ6RUNESEUtRUNEU0EtQ0hBQ0hBMjAtUE9MWTEzMDU6RUNESEUtUlNBLUNIQUNIQTIwLVBPTFkxMzA1Ii8+CjwvaW5jbHVkZT4K'
    'PCEtLSBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZyZWVzd2l0Y2gudHMpIC0tPgo8Y29uZmlndXJhdGlvbiBuYW1lPSJhY2wuY29uZiIgZGVzY3JpcHRpb249Ik5ldHdvcmsgTGlzdHMiPgogIDxuZXR3b3JrLWxpc3RzPgogICAgPCEtLSBTSVAgc2lnbmFsbGluZyBwZWVycyBvbmx5OiBhIG1hdGNoIG9mIHRoZSBwcm9maWxlJ3MgaW5ib3VuZCBBQ0wgY291bnRzIGFzIGF1dGhlbnRpY2F0aW9uLiAtLT4KICAgIDxsaXN0IG5hbWU9ImlyaXN4LXNpcC1wZWVycyIgZGVmYXVsdD0iZGVueSI+CiAgICAgIDxub2RlIHR5cGU9ImFsbG93IiBjaWRyPSI1NC4xNzIuNjAuMC8zMCIvPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iNTQuMjQ0LjUxLjAvMzAiLz4KICAgICAgPG5vZGUgdHlwZT0iYWxsb3ciIGNpZHI9IjU0LjE3MS4xMjcuMTkyLzMwIi8+CiAgICAgIDxub2RlIHR5cGU9ImFsbG93IiBjaWRyPSIzNS4xNTYuMTkxLjEyOC8zMCIvPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iNTQuNjUuNjMuMTkyLzMwIi8+CiAgICAgIDxub2RlIHR5cGU9ImFsbG93IiBjaWRyPSI1NC4xNjkuMTI3LjEyOC8zMCIvPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iNTQuMjUyLjI1NC42NC8zMCIvPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iMTc3LjcxLjIwNi4xOTIvMzAiLz4KICAgIDwvbGlzdD4KICAgIDwhLS0gVGhlIEFQSSBob3N0IG1heSBvcGVuIHRoZSBldmVudCBzb2NrZXQsIGFuZCB0aGUgaG9zdCBpdHNlbGYgKHRoZSBwdXNoIHJlbG9hZHMKICAgICAgICAgbW9kX2V2ZW50X3NvY2tldCB0aHJvdWdoIGl0IHdoZW4gdGhlIEVTTCBwYXNzd29yZCBpcyByb3RhdGVkKS4gLS0+CiAgICA8bGlzdCBuYW1lPSJpcmlzeC1lc2wiIGRlZmF1bHQ9ImRlbnkiPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iMTAuMTAuMC4xMC8zMiIvPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iMTAuMTAuMC4yMC8zMiIvPgogICAgPC9saXN0PgogIDwvbmV0d29yay1saXN0cz4KPC9jb25maWd1cmF0aW9uPgo='
    'PCEtLSBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZyZWVzd2l0Y2gudHMpIC0tPgo8Y29uZmlndXJhdGlvbiBuYW1lPSJldmVudF9zb2NrZXQuY29uZiIgZGVzY3JpcHRpb249IlNvY2tldCBDbGllbnQiPgogIDxzZXR0aW5ncz4KICAgICAgPHBhcmFtIG5hbWU9Im5hdC1tYXAiIHZhbHVlPSJmYWxzZSIvPgogICAgICA8cGFyYW0gbmFtZT0ibGlzdGVuLWlwIiB2YWx1ZT0iMTAuMTAuMC4yMCIvPgogICAgICA8cGFyYW0gbmFtZT0ibGlzdGVuLXBvcnQiIHZhbHVlPSI4MDIxIi8+CiAgICAgIDxwYXJhbSBuYW1lPSJwYXNzd29yZCIgdmFsdWU9IkZBS0UtRVNMLVBBU1NXT1JELU5PVC1BLVNFQ1JFVCIvPgogICAgICA8cGFyYW0gbmFtZT0iYXBwbHktaW5ib3VuZC1hY2wiIHZhbHVlPSJpcmlzeC1lc2wiLz4KICA8L3NldHRpbmdzPgo8L2NvbmZpZ3VyYXRpb24+Cg=='
    'PCEtLSBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZyZWVzd2l0Y2gudHMpIC0tPgo8Y29uZmlndXJhdGlvbiBuYW1lPSJzb2ZpYS5jb25mIiBkZXNjcmlwdGlvbj0ic29maWEgRW5kcG9pbnQiPgogIDxnbG9iYWxfc2V0dGluZ3M+CiAgICA8cGFyYW0gbmFtZT0ibG9nLWxldmVsIiB2YWx1ZT0iMCIvPgogIDwvZ2xvYmFsX3NldHRpbmdzPgogIDxwcm9maWxlcz4KICAgIDxwcm9maWxlIG5hbWU9ImlyaXN4Ij4KICAgICAgPGRvbWFpbnM+CiAgICAgICAgPGRvbWFpbiBuYW1lPSJhbGwiIGFsaWFzPSJmYWxzZSIgcGFyc2U9ImZhbHNlIi8+CiAgICAgIDwvZG9tYWlucz4KICAgICAgPHNldHRpbmdzPgogICAgICAgIDxwYXJhbSBuYW1lPSJzaXAtaXAiIHZhbHVlPSIxMC4xMC4wLjIwIi8+CiAgICAgICAgPHBhcmFtIG5hbWU9InJ0cC1pcCIgdmFsdWU9IjEwLjEwLjAuMjAiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iZXh0LXNpcC1pcCIgdmFsdWU9IjE5OC41MS4xMDAuMjAiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iZXh0LXJ0cC1pcCIgdmFsdWU9IjE5OC41MS4xMDAuMjAiLz4KICAgICAgICA8cGFyYW0gbmFtZT0ic2lwLXBvcnQiIHZhbHVlPSI1MDYwIi8+CiAgICAgICAgPHBhcmFtIG5hbWU9ImNvbnRleHQiIHZhbHVlPSJwdWJsaWMiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iZGlhbHBsYW4iIHZhbHVlPSJYTUwiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iYXBwbHktaW5ib3VuZC1hY2wiIHZhbHVlPSJpcmlzeC1zaXAtcGVlcnMiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iYXV0aC1jYWxscyIgdmFsdWU9InRydWUiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iYWNjZXB0LWJsaW5kLWF1dGgiIHZhbHVlPSJmYWxzZSIvPgogICAgICAgIDxwYXJhbSBuYW1lPSJhY2NlcHQtYmxpbmQtcmVnIiB2YWx1ZT0iZmFsc2UiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iYXV0aC1hbGwtcGFja2V0cyIgdmFsdWU9ImZhbHNlIi8+CiAgICAgICAgPHBhcmFtIG5hbWU9ImxvZy1hdXRoLWZhaWx1cmVzIiB2YWx1ZT0idHJ1ZSIvPgogICAgICAgIDxwYXJhbSBuYW1lPSJkaXNhYmxlLXJlZ2lzdGVyIiB2YWx1ZT0idHJ1ZSIvPgogICAgICAgIDxwYXJhbSBuYW1lPSJ1c2VyLWFnZW50LXN0cmluZyIgdmFsdWU9ImlyaXN4Ii8+CiAgICAgICAgPHBhcmFtIG5hbWU9InVzZXJuYW1lIiB2YWx1ZT0iaXJpc3giLz4KICAgICAgICA8cGFyYW0gbmFtZT0idGxzIiB2YWx1ZT0iZmFsc2UiLz4KICAgICAgPC9zZXR0aW5ncz4KICAgIDwvcHJvZmlsZT4KICA8L3Byb2ZpbGVzPgo8L2NvbmZpZ3VyYXRpb24+Cg=='
    'PCEtLSBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZyZWVzd2l0Y2gudHMpIC0tPgo8Y29uZmlndXJhdGlvbiBuYW1lPSJzd2l0Y2guY29uZiIgZGVzY3JpcHRpb249IkNvcmUgQ29uZmlndXJhdGlvbiI+CiAgPHNldHRpbmdzPgogICAgICA8cGFyYW0gbmFtZT0iY29sb3JpemUtY29uc29sZSIgdmFsdWU9ImZhbHNlIi8+CiAgICAgIDxwYXJhbSBuYW1lPSJtYXgtc2Vzc2lvbnMiIHZhbHVlPSIxMDAwIi8+CiAgICAgIDxwYXJhbSBuYW1lPSJzZXNzaW9ucy1wZXItc2Vjb25kIiB2YWx1ZT0iMzAiLz4KICAgICAgPHBhcmFtIG5hbWU9ImxvZ2xldmVsIiB2YWx1ZT0iaW5mbyIvPgogICAgICA8cGFyYW0gbmFtZT0icnRwLXN0YXJ0LXBvcnQiIHZhbHVlPSIxNjM4NCIvPgogICAgICA8cGFyYW0gbmFtZT0icnRwLWVuZC1wb3J0IiB2YWx1ZT0iMzI3NjgiLz4KICA8L3NldHRpbmdzPgo8L2NvbmZpZ3VyYXRpb24+Cg=='
)

run=/run/irisx-push/$unit
tree=$run/tree
journal=/var/lib/irisx-push/$unit.pending
backups=/var/backups/irisx/$unit
phase=start child= bdir= step_out= changed=()

log() { echo "irisx-push[$unit]: $*"; }
finish() { local code=$1; shift; echo "irisx-push[$unit]: $*" >&2; exit "$code"; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }
# Validator messages name the live paths, not the staging directory.
untree() { printf '%s' "${1//$tree/}"; }

wait_for_boot() {
    # cloud-init 22.4 (Debian 12) "status --wait" loops while the status is "not run"
    # (cloudinit/cmd/status.py): forever where cloud-init never starts. It runs on this boot only
    # if its systemd generator enabled it (/run/cloud-init/enabled) or it has written status.json.
    command -v cloud-init >/dev/null 2>&1 || return 0
    if [ ! -e /run/cloud-init/enabled ] && [ ! -e /run/cloud-init/status.json ]; then
        log "cloud-init is installed but does not run on this boot: not waiting for it"
        return 0
    fi
    timeout 900 cloud-init status --wait >/dev/null 2>&1 || log "cloud-init: $(cloud-init status 2>/dev/null | tr '\n' ' ')"
}

# Runs a unit step in its own process group in the background and waits: bash runs a trap only
# between foreground commands, so HUP/INT/TERM are handled at once and end the whole step.
step() {
    local out rc
    out=$(mktemp "$run/step.XXXXXX") || { step_out="cannot create a file in $run"; return 1; }
    set -m
    ( trap - HUP INT TERM PIPE; exec 9>&-; "$@" ) >"$out" 2>&1 </dev/null &
    child=$!
    set +m
    wait "$child"
    rc=$?
    child=
    step_out=$(cat "$out")
    rm -f "$out"
    return "$rc"
}

on_signal() {
    trap '' HUP INT TERM
    if [ -n "$child" ]; then kill -TERM -- "-$child" 2>/dev/null; { wait "$child"; } 2>/dev/null; child=; fi
    case $phase in
        swap | reload | prove) roll_back "interrupted by SIG$1 during the $phase" ;;
        recover) finish 5 "interrupted by SIG$1 while restoring an interrupted push: host needs attention (journal $journal kept; the next push retries)" ;;
        *) finish 1 "interrupted by SIG$1 before any file changed; nothing changed" ;;
    esac
}

# Copies the directories the validator reads, then decodes each file to its path in the tree.
stage() {
    local i dir name target mode group
    rm -rf "$run" && mkdir -p -m 0700 "${run%/*}" && mkdir -m 0700 "$run" "$tree" || finish 1 "cannot create $run; nothing changed"
    for dir in "${tree_dirs[@]}"; do
        [ ! -d "$dir" ] || { mkdir -p "$tree${dir%/*}" && cp -a "$dir" "$tree$dir"; } || finish 1 "cannot copy $dir into $tree; nothing changed"
    done
    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        mkdir -p "$tree${target%/*}" && printf '%s' "${payload[$i]}" | base64 -d >"$tree$target" ||
            finish 1 "cannot stage $target; nothing changed"
        [ "$(hash_of "$tree$target")" = "${sha256[$i]}" ] || finish 1 "staged copy of $target does not match its hash; nothing changed"
    done
}

staged_intact() {
    local i name target mode group
    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        [ "$(hash_of "$tree$target" 2>/dev/null)" = "${sha256[$i]}" ] || { echo "$target"; return 1; }
    done
}

# The journal, written before any live file changes: per changed file its previous hash, mode and
# owner ("absent" when new), and where this push keeps the previous copies.
write_journal() {
    local i name target mode group
    {
        echo "bdir=$bdir"
        for i in "${changed[@]}"; do
            IFS='|' read -r name target mode group <<<"${files[$i]}"
            if [ -e "$target" ]; then echo "$name|$target|$(hash_of "$target")|$(stat -c '%a|%U|%G' "$target")"; else echo "$name|$target|absent|||"; fi
        done
    } >"$journal.new" && sync "$journal.new" && mv -f "$journal.new" "$journal" && sync "${journal%/*}" && return 0
    rm -f "$journal.new"
    return 1
}

# Puts every file of the journal back as it was; prints the targets it could not restore.
revert() {
    local line name target old mode user group jbdir
    jbdir=$(sed -n 's/^bdir=//p' "$journal")
    while IFS= read -r line; do
        case $line in bdir=*) continue ;; esac
        IFS='|' read -r name target old mode user group <<<"$line"
        rm -f "$target.irisx-new"
        if [ -e "$target.irisx-old" ] && [ "$target.irisx-old" -ef "$target" ]; then
            rm -f "$target.irisx-old"
        elif [ -e "$target.irisx-old" ]; then
            mv -f "$target.irisx-old" "$target"
        elif [ "$old" = absent ]; then
            rm -f "$target"
        elif [ ! -f "$target" ] || [ "$(hash_of "$target")" != "$old" ]; then
            install -m "$mode" -o "$user" -g "$group" "$jbdir/$name" "$target.irisx-new" && mv -f "$target.irisx-new" "$target"
        fi
        if [ "$old" = absent ]; then [ ! -e "$target" ]; else [ -f "$target" ] && [ "$(hash_of "$target")" = "$old" ]; fi || echo " $target"
    done <"$journal" 2>/dev/null
}

# Restores the previous files, reloads when a reload may have run, and exits 4 (or 5).
roll_back() {
    local why=$1 was=$phase bad
    trap '' HUP INT TERM
    phase=rollback
    bad=$(revert)
    [ -z "$bad" ] || finish 5 "$why; could not restore$bad: host needs attention (journal $journal kept)"
    case $was in
        reload | prove)
            step reload || finish 5 "$why; previous files restored but their reload failed too: host needs attention:
$step_out"
            rm -f "$journal" && rm -rf "$bdir"
            finish 4 "$why; previous files restored and reloaded" ;;
        *)
            rm -f "$journal" && rm -rf "$bdir"
            finish 4 "$why; previous files restored, nothing was reloaded" ;;
    esac
}

# A journal left behind means an earlier push died between its first change and its end: put
# its previous files back and reload them before this push starts (never a silent "unchanged").
recover() {
    local bad
    [ -e "$journal" ] || return 0
    phase=recover
    bdir=$(sed -n 's/^bdir=//p' "$journal")
    log "an earlier push of this unit did not finish: restoring its previous files"
    bad=$(revert)
    [ -z "$bad" ] || finish 5 "cannot restore the previous files of an interrupted push:$bad: host needs attention (journal $journal kept)"
    step reload || finish 5 "restored the previous files of an interrupted push but their reload failed: host needs attention:
$step_out"
    rm -f "$journal" && rm -rf "$bdir"
    log "previous files of the interrupted push restored and reloaded"
    bdir= phase=start
}

swap_in() {
    local target=$1 mode=$2 group=$3 want=$4
    (umask 022 && mkdir -p "${target%/*}") || return 1
    if [ -e "$target" ]; then ln -f "$target" "$target.irisx-old" || return 1; fi
    install -m "$mode" -o root -g "$group" "$tree$target" "$target.irisx-new" || return 1
    # The bytes that go live are the ones validated, checked after the copy.
    [ "$(hash_of "$target.irisx-new")" = "$want" ] || { echo "its copy does not match the validated content"; return 1; }
    mv -f "$target.irisx-new" "$target"
}

prune_backups() {
    ls -1dt "$backups"/*/ 2>/dev/null | tail -n +$((keep + 1)) | xargs -r rm -rf
}

main() {
    local tool i name target mode group
    wait_for_boot
    for tool in "${requires[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || finish 1 "$tool is not installed (cloud-init installs it); nothing changed"
    done
    mkdir -p /run/lock && exec 9>/run/lock/irisx-push.lock || finish 1 "cannot open the push lock; nothing changed"
    flock -w 600 9 || finish 1 "another push is still running; nothing changed"
    trap 'on_signal HUP' HUP
    trap 'on_signal INT' INT
    trap 'on_signal TERM' TERM
    # A dropped SSH session must not kill the push halfway: it finishes or rolls back unheard.
    trap '' PIPE
    trap 'rm -rf "$run"' EXIT
    # Plaintext copies left by pushes that staged with CopyToRemote.
    rm -rf "$legacy_stage" && rmdir "${legacy_stage%/*}" 2>/dev/null
    mkdir -p -m 0700 "${journal%/*}" && install -d -m 0700 "${backups%/*}" "$backups" || finish 1 "cannot create ${journal%/*} or $backups; nothing changed"
    stage
    recover

    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        rm -f "$target.irisx-new" "$target.irisx-old"
        if [ -f "$target" ] && [ "$(hash_of "$target")" = "${sha256[$i]}" ] && [ "$(stat -c '%a %U %G' "$target")" = "${mode#0} root $group" ]; then
            continue
        fi
        changed+=("$i")
    done
    if [ "${#changed[@]}" -eq 0 ]; then
        log "unchanged (${#files[@]} file(s))"
        prune_backups
        return 0
    fi

    step prepare || finish 1 "prepare failed; nothing changed: $step_out"
    [ -z "$step_out" ] || log "$step_out"
    phase=validate
    step validate || finish 3 "rejected by the validator; nothing changed, the service runs on its current files:
$(untree "$step_out")"
    target=$(staged_intact) || finish 1 "the staged copy of $target changed after it was staged; nothing changed"

    bdir="$backups/$(date -u +%Y%m%dT%H%M%SZ)-$$"
    mkdir -m 0700 "$bdir" || finish 1 "cannot create $bdir; nothing changed"
    for i in "${changed[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        [ -e "$target" ] || continue
        cp -p "$target" "$bdir/$name" && { [ "$secret" = 0 ] || { chown root:root "$bdir/$name" && chmod 0600 "$bdir/$name"; }; } ||
            { rm -rf "$bdir"; finish 1 "cannot back up $target; nothing changed"; }
    done
    write_journal || { rm -rf "$bdir"; finish 1 "cannot write $journal; nothing changed"; }

    phase=swap
    for i in "${changed[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        step_out=$(swap_in "$target" "$mode" "$group" "${sha256[$i]}" 2>&1) || roll_back "cannot install $target: $step_out"
    done
    rm -rf "$tree"
    phase=reload
    step reload || roll_back "reload failed:
$step_out"
    [ -z "$step_out" ] || log "$step_out"
    phase=prove
    step prove || roll_back "the check after the reload failed:
$step_out"
    [ -z "$step_out" ] || log "$step_out"
    trap '' HUP INT TERM
    phase=done
    for i in "${changed[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        rm -f "$target.irisx-old"
        log "updated $target"
    done
    rm -f "$journal"
    log "applied: validated, swapped and reloaded; previous files in $bdir"
    prune_backups
}

main </dev/null
