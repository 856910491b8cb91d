#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "freeswitch": 6 file(s), validate, swap, reload; roll back on failure.
set -uo pipefail
umask 077
unit=freeswitch
stage=/run/irisx-push/freeswitch
legacy_stage=/home/admin/.irisx-push/freeswitch
backups=/var/backups/irisx/$unit
# staged name | target | mode | group | sha256
files=(
    "etc__freeswitch__freeswitch.xml|/etc/freeswitch/freeswitch.xml|0640|freeswitch|48acaa869a5c93f0c3aeefdf65dc6921b4090d8fd3de41172a29774232543cb9"
    "etc__freeswitch__irisx-vars.xml|/etc/freeswitch/irisx-vars.xml|0640|freeswitch|1d544f765b22c02c80649ce536fc614abd9f386c89d2921364ab71d0918dff98"
    "etc__freeswitch__autoload_configs__acl.conf.xml|/etc/freeswitch/autoload_configs/acl.conf.xml|0640|freeswitch|c66f53c4817f4e51714bd38fc04d744bc1ffb360c0ec67c576f4425426938865"
    "etc__freeswitch__autoload_configs__event_socket.conf.xml|/etc/freeswitch/autoload_configs/event_socket.conf.xml|0640|freeswitch|cc6b4c0495023ffd061974a91e63db4d4e4100f53e1d524767b1a31a2ba9ee35"
    "etc__freeswitch__autoload_configs__sofia.conf.xml|/etc/freeswitch/autoload_configs/sofia.conf.xml|0640|freeswitch|5c5dd5c85365611f444f137ef297b5938dd1deb3e05624b254607f5bfeee8c66"
    "etc__freeswitch__autoload_configs__switch.conf.xml|/etc/freeswitch/autoload_configs/switch.conf.xml|0640|freeswitch|5c211c2475d345fe2e61512eb0ee3f693e88b52f63b29324510758b4637596ce"
)
# each file's content, base64, in the order of files
payload=(
    'PD94bWwgdmVyc2lvbj0iMS4wIj8+CjwhLS0gbWFuYWdlZCBieSBpcmlzeC1pbmZyYSwgZG8gbm90IGVkaXQgb24gdGhlIGhvc3QgKHNvdXJjZTogcHJvdmlzaW9uaW5nL3JlbmRlci9mcmVlc3dpdGNoLnRzKSAtLT4KPGRvY3VtZW50IHR5cGU9ImZyZWVzd2l0Y2gveG1sIj4KICA8WC1QUkUtUFJPQ0VTUyBjbWQ9ImluY2x1ZGUiIGRhdGE9Ii9ldGMvZnJlZXN3aXRjaC92YXJzLnhtbCIvPgogIDxYLVBSRS1QUk9DRVNTIGNtZD0iaW5jbHVkZSIgZGF0YT0iL2V0Yy9mcmVlc3dpdGNoL2lyaXN4LXZhcnMueG1sIi8+CgogIDxzZWN0aW9uIG5hbWU9ImNvbmZpZ3VyYXRpb24iIGRlc2NyaXB0aW9uPSJWYXJpb3VzIENvbmZpZ3VyYXRpb24iPgogICAgPCEtLSAqLmNvbmYueG1sLCB0aGUgbmFtZSBvZiBldmVyeSBtb2R1bGUncyBmaWxlOiBub3QgMDAtaXJpc3gtdmFycy54bWwsIHdoaWNoIGVhcmxpZXIgcHVzaGVzIGxlZnQgaGVyZS4gLS0+CiAgICA8WC1QUkUtUFJPQ0VTUyBjbWQ9ImluY2x1ZGUiIGRhdGE9Ii9ldGMvZnJlZXN3aXRjaC9hdXRvbG9hZF9jb25maWdzLyouY29uZi54bWwiLz4KICA8L3NlY3Rpb24+CgogIDxzZWN0aW9uIG5hbWU9ImRpYWxwbGFuIiBkZXNjcmlwdGlvbj0iUmVnZXgvWE1MIERpYWxwbGFuIj4KICAgIDxYLVBSRS1QUk9DRVNTIGNtZD0iaW5jbHVkZSIgZGF0YT0iL2V0Yy9mcmVlc3dpdGNoL2RpYWxwbGFuLyoueG1sIi8+CiAgPC9zZWN0aW9uPgoKICA8c2VjdGlvbiBuYW1lPSJjaGF0cGxhbiIgZGVzY3JpcHRpb249IlJlZ2V4L1hNTCBDaGF0cGxhbiI+CiAgICA8WC1QUkUtUFJPQ0VTUyBjbWQ9ImluY2x1ZGUiIGRhdGE9Ii9ldGMvZnJlZXN3aXRjaC9jaGF0cGxhbi8qLnhtbCIvPgogIDwvc2VjdGlvbj4KCiAgPHNlY3Rpb24gbmFtZT0iZGlyZWN0b3J5IiBkZXNjcmlwdGlvbj0iVXNlciBEaXJlY3RvcnkiPgogICAgPCEtLSBObyB1c2VyczogY2FsbHMgY29tZSBmcm9tIHRoZSBzaWduYWxsaW5nIHBlZXJzJyBBQ0wgb25seS4gLS0+CiAgPC9zZWN0aW9uPgoKICA8c2VjdGlvbiBuYW1lPSJsYW5ndWFnZXMiIGRlc2NyaXB0aW9uPSJMYW5ndWFnZSBNYW5hZ2VtZW50Ij4KICAgIDxYLVBSRS1QUk9DRVNTIGNtZD0iaW5jbHVkZSIgZGF0YT0iL2V0Yy9mcmVlc3dpdGNoL2xhbmcvZW4vKi54bWwiLz4KICA8L3NlY3Rpb24+CjwvZG9jdW1lbnQ+Cg=='
    'PCEtLSBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZyZWVzd2l0Y2gudHMpIC0tPgo8aW5jbHVkZT4KICA8WC1QUkUtUFJPQ0VTUyBjbWQ9InNldCIgZGF0YT0iZGVmYXVsdF9wYXNzd29yZD1GQUtFLURFRkFVTFQtUEFTU1dPUkQtTk9ULUEtU0VDUkVUIi8+CiAgPFgtUFJFLVBST0NFU1MgY21kPSJzZXQiIGRhdGE9InNpcF90bHNfdmVyc2lvbj10bHN2MS4yLHRsc3YxLjMiLz4KICA8WC1QUkUtUFJPQ0VTUyBjbWQ9InNldCIgZGF0YT0ic2lwX3Rsc19jaXBoZXJzPUVDREhFLUVDRFNBLUFFUzEyOC1HQ00tU0hBMjU2OkVDREhFLVJTQS1BRVMxMjgtR0NNLVNIQTI1NjpFQ0RIRS1FQ0RTQS1BRVMyNTYtR0NNLVNIQTM4NDpFQ0RIRS1SU0EtQUVTMjU2LUdDTS1TSEEzODQ6RUNESEUtRUNEU0EtQ0hBQ0hBMjAtUE9MWTEzMDU6RUNESEUtUlNBLUNIQUNIQTIwLVBPTFkxMzA1Ii8+CjwvaW5jbHVkZT4K'
    'PCEtLSBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZyZWVzd2l0Y2gudHMpIC0tPgo8Y29uZmlndXJhdGlvbiBuYW1lPSJhY2wuY29uZiIgZGVzY3JpcHRpb249Ik5ldHdvcmsgTGlzdHMiPgogIDxuZXR3b3JrLWxpc3RzPgogICAgPCEtLSBTSVAgc2lnbmFsbGluZyBwZWVycyBvbmx5OiBhIG1hdGNoIG9mIHRoZSBwcm9maWxlJ3MgaW5ib3VuZCBBQ0wgY291bnRzIGFzIGF1dGhlbnRpY2F0aW9uLiAtLT4KICAgIDxsaXN0IG5hbWU9ImlyaXN4LXNpcC1wZWVycyIgZGVmYXVsdD0iZGVueSI+CiAgICAgIDxub2RlIHR5cGU9ImFsbG93IiBjaWRyPSI1NC4xNzIuNjAuMC8zMCIvPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iNTQuMjQ0LjUxLjAvMzAiLz4KICAgICAgPG5vZGUgdHlwZT0iYWxsb3ciIGNpZHI9IjU0LjE3MS4xMjcuMTkyLzMwIi8+CiAgICAgIDxub2RlIHR5cGU9ImFsbG93IiBjaWRyPSIzNS4xNTYuMTkxLjEyOC8zMCIvPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iNTQuNjUuNjMuMTkyLzMwIi8+CiAgICAgIDxub2RlIHR5cGU9ImFsbG93IiBjaWRyPSI1NC4xNjkuMTI3LjEyOC8zMCIvPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iNTQuMjUyLjI1NC42NC8zMCIvPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iMTc3LjcxLjIwNi4xOTIvMzAiLz4KICAgIDwvbGlzdD4KICAgIDwhLS0gVGhlIEFQSSBob3N0IG1heSBvcGVuIHRoZSBldmVudCBzb2NrZXQsIGFuZCB0aGUgaG9zdCBpdHNlbGYgKHRoZSBwdXNoIHJlbG9hZHMKICAgICAgICAgbW9kX2V2ZW50X3NvY2tldCB0aHJvdWdoIGl0IHdoZW4gdGhlIEVTTCBwYXNzd29yZCBpcyByb3RhdGVkKS4gLS0+CiAgICA8bGlzdCBuYW1lPSJpcmlzeC1lc2wiIGRlZmF1bHQ9ImRlbnkiPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iMTAuMzAuMC4xMC8zMiIvPgogICAgICA8bm9kZSB0eXBlPSJhbGxvdyIgY2lkcj0iMTAuMzAuMC4yMC8zMiIvPgogICAgPC9saXN0PgogIDwvbmV0d29yay1saXN0cz4KPC9jb25maWd1cmF0aW9uPgo='
    'PCEtLSBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZyZWVzd2l0Y2gudHMpIC0tPgo8Y29uZmlndXJhdGlvbiBuYW1lPSJldmVudF9zb2NrZXQuY29uZiIgZGVzY3JpcHRpb249IlNvY2tldCBDbGllbnQiPgogIDxzZXR0aW5ncz4KICAgICAgPHBhcmFtIG5hbWU9Im5hdC1tYXAiIHZhbHVlPSJmYWxzZSIvPgogICAgICA8cGFyYW0gbmFtZT0ibGlzdGVuLWlwIiB2YWx1ZT0iMTAuMzAuMC4yMCIvPgogICAgICA8cGFyYW0gbmFtZT0ibGlzdGVuLXBvcnQiIHZhbHVlPSI4MDIxIi8+CiAgICAgIDxwYXJhbSBuYW1lPSJwYXNzd29yZCIgdmFsdWU9IkZBS0UtRVNMLVBBU1NXT1JELU5PVC1BLVNFQ1JFVCIvPgogICAgICA8cGFyYW0gbmFtZT0iYXBwbHktaW5ib3VuZC1hY2wiIHZhbHVlPSJpcmlzeC1lc2wiLz4KICA8L3NldHRpbmdzPgo8L2NvbmZpZ3VyYXRpb24+Cg=='
    'PCEtLSBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZyZWVzd2l0Y2gudHMpIC0tPgo8Y29uZmlndXJhdGlvbiBuYW1lPSJzb2ZpYS5jb25mIiBkZXNjcmlwdGlvbj0ic29maWEgRW5kcG9pbnQiPgogIDxnbG9iYWxfc2V0dGluZ3M+CiAgICA8cGFyYW0gbmFtZT0ibG9nLWxldmVsIiB2YWx1ZT0iMCIvPgogIDwvZ2xvYmFsX3NldHRpbmdzPgogIDxwcm9maWxlcz4KICAgIDxwcm9maWxlIG5hbWU9ImlyaXN4Ij4KICAgICAgPGRvbWFpbnM+CiAgICAgICAgPGRvbWFpbiBuYW1lPSJhbGwiIGFsaWFzPSJmYWxzZSIgcGFyc2U9ImZhbHNlIi8+CiAgICAgIDwvZG9tYWlucz4KICAgICAgPHNldHRpbmdzPgogICAgICAgIDxwYXJhbSBuYW1lPSJzaXAtaXAiIHZhbHVlPSIxMC4zMC4wLjIwIi8+CiAgICAgICAgPHBhcmFtIG5hbWU9InJ0cC1pcCIgdmFsdWU9IjEwLjMwLjAuMjAiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iZXh0LXNpcC1pcCIgdmFsdWU9IjE5OC41MS4xMDAuMjAiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iZXh0LXJ0cC1pcCIgdmFsdWU9IjE5OC41MS4xMDAuMjAiLz4KICAgICAgICA8cGFyYW0gbmFtZT0ic2lwLXBvcnQiIHZhbHVlPSI1MDYwIi8+CiAgICAgICAgPHBhcmFtIG5hbWU9ImNvbnRleHQiIHZhbHVlPSJwdWJsaWMiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iZGlhbHBsYW4iIHZhbHVlPSJYTUwiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iYXBwbHktaW5ib3VuZC1hY2wiIHZhbHVlPSJpcmlzeC1zaXAtcGVlcnMiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iYXV0aC1jYWxscyIgdmFsdWU9InRydWUiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iYWNjZXB0LWJsaW5kLWF1dGgiIHZhbHVlPSJmYWxzZSIvPgogICAgICAgIDxwYXJhbSBuYW1lPSJhY2NlcHQtYmxpbmQtcmVnIiB2YWx1ZT0iZmFsc2UiLz4KICAgICAgICA8cGFyYW0gbmFtZT0iYXV0aC1hbGwtcGFja2V0cyIgdmFsdWU9ImZhbHNlIi8+CiAgICAgICAgPHBhcmFtIG5hbWU9ImxvZy1hdXRoLWZhaWx1cmVzIiB2YWx1ZT0idHJ1ZSIvPgogICAgICAgIDxwYXJhbSBuYW1lPSJkaXNhYmxlLXJlZ2lzdGVyIiB2YWx1ZT0idHJ1ZSIvPgogICAgICAgIDxwYXJhbSBuYW1lPSJ1c2VyLWFnZW50LXN0cmluZyIgdmFsdWU9ImlyaXN4Ii8+CiAgICAgICAgPHBhcmFtIG5hbWU9InVzZXJuYW1lIiB2YWx1ZT0iaXJpc3giLz4KICAgICAgICA8cGFyYW0gbmFtZT0idGxzIiB2YWx1ZT0iZmFsc2UiLz4KICAgICAgPC9zZXR0aW5ncz4KICAgIDwvcHJvZmlsZT4KICA8L3Byb2ZpbGVzPgo8L2NvbmZpZ3VyYXRpb24+Cg=='
    'PCEtLSBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL2ZyZWVzd2l0Y2gudHMpIC0tPgo8Y29uZmlndXJhdGlvbiBuYW1lPSJzd2l0Y2guY29uZiIgZGVzY3JpcHRpb249IkNvcmUgQ29uZmlndXJhdGlvbiI+CiAgPHNldHRpbmdzPgogICAgICA8cGFyYW0gbmFtZT0iY29sb3JpemUtY29uc29sZSIgdmFsdWU9ImZhbHNlIi8+CiAgICAgIDxwYXJhbSBuYW1lPSJtYXgtc2Vzc2lvbnMiIHZhbHVlPSIxMDAwIi8+CiAgICAgIDxwYXJhbSBuYW1lPSJzZXNzaW9ucy1wZXItc2Vjb25kIiB2YWx1ZT0iMzAiLz4KICAgICAgPHBhcmFtIG5hbWU9ImxvZ2xldmVsIiB2YWx1ZT0iaW5mbyIvPgogICAgICA8cGFyYW0gbmFtZT0icnRwLXN0YXJ0LXBvcnQiIHZhbHVlPSIxNjM4NCIvPgogICAgICA8cGFyYW0gbmFtZT0icnRwLWVuZC1wb3J0IiB2YWx1ZT0iMzI3NjgiLz4KICA8L3NldHRpbmdzPgo8L2NvbmZpZ3VyYXRpb24+Cg=='
)
requires=(xmllint)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

prepare() {
    getent group freeswitch >/dev/null || groupadd --system freeswitch
}
validate() {
    out=$(xmllint --noout /etc/freeswitch/freeswitch.xml /etc/freeswitch/irisx-vars.xml /etc/freeswitch/autoload_configs/acl.conf.xml /etc/freeswitch/autoload_configs/event_socket.conf.xml /etc/freeswitch/autoload_configs/sofia.conf.xml /etc/freeswitch/autoload_configs/switch.conf.xml 2>&1) && exit 0
    printf '%s\n' "$out" | grep -E '^/[^ ]+:[0-9]+: ' | head -n 20
    exit 1
}
reload() {
    if ! systemctl is-active --quiet freeswitch; then echo "freeswitch is not running: it reads this configuration when it starts"; exit 0; fi
    esl_password() { xmllint --xpath 'string(//param[@name="password"]/@value)' "$1"; }
    previous="$bdir/etc__freeswitch__autoload_configs__event_socket.conf.xml"
    if [ -f "$previous" ] && [ "$(esl_password "$previous")" != "$(esl_password /etc/freeswitch/autoload_configs/event_socket.conf.xml)" ]; then
        command -v fs_cli >/dev/null 2>&1 || { echo "fs_cli is missing: the new ESL password would need a restart" >&2; exit 1; }
        home=$(mktemp -d) && trap 'rm -rf "$home"' EXIT
        cli() { printf '[default]\nhost => %s\nport => %s\npassword => %s\n' 10.30.0.20 8021 "$1" > "$home/.fs_cli_conf" && HOME="$home" timeout 15 fs_cli -x "$2" 2>&1; }
        cli "$(esl_password "$previous")" "bgapi reload mod_event_socket" | grep -q '+OK' || { echo "mod_event_socket did not accept the reload with the previous ESL password" >&2; exit 1; }
        for i in $(seq 30); do
            if cli "$(esl_password /etc/freeswitch/autoload_configs/event_socket.conf.xml)" status >/dev/null; then echo "mod_event_socket reloaded: the rotated ESL password is in use"; break; fi
            [ "$i" -lt 30 ] || { echo "mod_event_socket did not come back with the new password (an outbound-socket call may hold it); run pulumi up again" >&2; exit 1; }
            sleep 1
        done
    fi
    echo "freeswitch is running: other changes take effect at its next restart (systemctl restart freeswitch drops live calls)"
}

wait_for_boot() {
    # A fresh instance may still be installing packages; cloud-init says when it is done.
    if command -v cloud-init >/dev/null 2>&1; then
        timeout 900 cloud-init status --wait >/dev/null 2>&1 || log "cloud-init: $(cloud-init status 2>/dev/null | tr '\n' ' ')"
    fi
}

restore() {
    local entry name target mode group want
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        if [ -e "$bdir/$name" ]; then
            cp -p "$bdir/$name" "$target.irisx-old" && mv -f "$target.irisx-old" "$target"
        else
            rm -f "$target"
        fi
    done
}

stage_files() {
    local i name target mode group want
    rm -rf "$stage" && mkdir -p -m 0700 "$(dirname "$stage")" && mkdir -m 0700 "$stage" || die "cannot create $stage; nothing changed"
    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group want <<<"${files[$i]}"
        printf '%s' "${payload[$i]}" | base64 -d > "$stage/$name" || die "cannot stage $target; nothing changed"
    done
}

main() {
    wait_for_boot
    local tool entry name target mode group want out
    for tool in "${requires[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (cloud-init installs it); nothing changed"
    done
    mkdir -p /run/lock && exec 9>/run/lock/irisx-push.lock
    flock -w 600 9 || die "another push is still running; nothing changed"
    trap 'rm -rf "$stage"' EXIT
    # Plaintext copies left by pushes that staged with CopyToRemote.
    rm -rf "$legacy_stage" && rmdir "$(dirname "$legacy_stage")" 2>/dev/null
    stage_files

    changed=()
    for entry in "${files[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        [ -f "$stage/$name" ] || die "staged copy of $target is missing; nothing changed"
        [ "$(hash_of "$stage/$name")" = "$want" ] || die "staged copy of $target does not match (incomplete copy?); nothing changed"
        if [ -f "$target" ] && [ "$(hash_of "$target")" = "$want" ] && [ "$(stat -c '%a %U %G' "$target")" = "${mode#0} root $group" ]; then
            continue
        fi
        changed+=("$entry")
    done
    if [ "${#changed[@]}" -eq 0 ]; then
        log "unchanged (${#files[@]} file(s))"
        return 0
    fi

    out=$( (prepare) 2>&1 ) || die "prepare failed; nothing changed: $out"
    [ -z "$out" ] || log "$out"
    bdir="$backups/$(date -u +%Y%m%dT%H%M%SZ)-$$"
    mkdir -p "$bdir" || die "cannot create $bdir; nothing changed"
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        if [ -e "$target" ]; then cp -p "$target" "$bdir/$name" || die "cannot back up $target; nothing changed"; fi
    done
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        # Same directory, then rename(2): a reader sees the old file or the new one, never half.
        if ! { (umask 022 && mkdir -p "$(dirname "$target")") &&
            install -m "$mode" -o root -g "$group" "$stage/$name" "$target.irisx-new" &&
            mv -f "$target.irisx-new" "$target"; }; then
            restore
            die "cannot install $target; previous files restored"
        fi
    done

    if ! out=$( (validate) 2>&1 ); then
        restore
        die "rejected by the validator; previous files restored, service left running on them:
$out"
    fi
    if ! out=$( (reload) 2>&1 ); then
        restore
        (reload) >/dev/null 2>&1
        die "reload failed; previous files restored and reloaded:
$out"
    fi
    [ -z "$out" ] || log "$out"
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        log "updated $target"
    done
    log "backup of the previous files: $bdir"
    ls -1dt "$backups"/*/ 2>/dev/null | tail -n +11 | xargs -r rm -rf
}

main </dev/null
