/**
 * The FreeSWITCH host's drain, run when the host is removed (provisioning/drain.ts): stop new
 * calls with `fsctl pause` through the event socket, then count channels until none is left or the
 * bound is reached. A bash ESL client over /dev/tcp (no fs_cli, which a test cannot install): the
 * inbound protocol of mod_event_socket.c (auth/request, `auth <password>` → command/reply with
 * Reply-Text +OK accepted, `api <cmd>` → api/response with Content-Length). The password, address
 * and port are read on the host from event_socket.conf.xml, as the reload does: the script carries
 * no secret, and printf (a builtin) puts the password on the socket, never on a command line.
 */
import { freeswitchPaths } from "../../facts/host-paths";
import { hashHeader } from "./header";

export interface DrainInput {
    /** drainTimeoutSeconds: how long to wait for zero channels once paused. */
    readonly boundSeconds: number;
    /** Seconds between two channel counts. */
    readonly pollSeconds: number;
    /** Where the event socket's settings are (tests point it at a stub's file). */
    readonly eventSocketConf?: string;
}

export const drainPollSeconds = 5;

/**
 * `fsctl pause` sets SCF_NO_NEW_SESSIONS (mod_commands.c, fsctl "pause" → SCSC_PAUSE_ALL;
 * switch_core.c), so FreeSWITCH refuses new inbound and outbound sessions and keeps the live ones.
 * `show channels count` answers "\n<n> total.\n" (mod_commands.c, show_function, justcount).
 */
export function renderDrainScript(input: DrainInput): string {
    const conf = input.eventSocketConf ?? freeswitchPaths.eventSocket;
    if (!Number.isInteger(input.boundSeconds) || input.boundSeconds < 0) throw new Error(`drain: bound ${input.boundSeconds} is not a whole number of seconds`);
    if (!(input.pollSeconds > 0)) throw new Error(`drain: poll interval ${input.pollSeconds} must be positive`);
    if (/[^A-Za-z0-9/._-]/.test(conf)) throw new Error(`drain: bad event socket path ${conf}`);
    return `${hashHeader("provisioning/render/drain.ts")}set -u
export LC_ALL=C
conf=${conf}
bound=${input.boundSeconds}
poll=${input.pollSeconds}
say() { echo "drain: $*"; }
if ! command -v xmllint >/dev/null 2>&1 || [ ! -r "$conf" ]; then
    say "no event socket configuration at $conf: FreeSWITCH was never configured here, nothing to drain"; exit 0
fi
param() { xmllint --xpath "string(//param[@name='$1']/@value)" "$conf" 2>/dev/null; }
ip=$(param listen-ip); port=$(param listen-port)
if ! (exec 3<>"/dev/tcp/$ip/$port") 2>/dev/null; then
    say "the event socket $ip:$port does not answer: FreeSWITCH is not running, no call to drain"; exit 0
fi
exec 3<>"/dev/tcp/$ip/$port"

# One ESL frame: headers into ctype and reply, then Content-Length bytes of body.
frame() {
    ctype="" reply="" body="" len=0
    local line started=0
    while :; do
        IFS= read -r -t 15 line <&3 || return 1
        line=\${line%$'\\r'}
        if [ -z "$line" ]; then [ "$started" = 1 ] && break; continue; fi
        started=1
        case $line in
            "Content-Type: "*) ctype=\${line#Content-Type: } ;;
            "Content-Length: "*) len=\${line#Content-Length: } ;;
            "Reply-Text: "*) reply=\${line#Reply-Text: } ;;
        esac
    done
    if [ "$len" -gt 0 ]; then IFS= read -r -N "$len" -t 15 body <&3 || return 1; fi
}
# The next frame of type $1; anything else (a log or event line) is skipped, a disconnect ends it.
expect() {
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        frame || return 1
        [ "$ctype" = "$1" ] && return 0
        [ "$ctype" = text/disconnect-notice ] && return 1
    done
    return 1
}
api() { printf 'api %s\\n\\n' "$1" >&3 && expect api/response; }

expect auth/request || { say "the event socket at $ip:$port did not ask for a password"; exit 1; }
printf 'auth %s\\n\\n' "$(param password)" >&3
if ! expect command/reply || [ "\${reply#+OK}" = "$reply" ]; then say "the event socket refused the password in $conf"; exit 1; fi
if ! api "fsctl pause" || [ "\${body#+OK}" = "$body" ]; then say "fsctl pause failed: the host still takes calls"; exit 1; fi
say "paused (fsctl pause): no new calls; waiting up to $bound s for the active channels to end"
SECONDS=0
while :; do
    if ! api "show channels count"; then say "the event socket stopped answering after $SECONDS s (FreeSWITCH stopped): nothing left to wait for"; exit 0; fi
    count=$(printf '%s' "$body" | grep -Eo '^[0-9]+ total' | head -n 1 | cut -d' ' -f1)
    [ -n "$count" ] || { say "show channels count gave no count"; exit 1; }
    if [ "$count" -eq 0 ]; then say "no active channel after $SECONDS s: the host can go"; exit 0; fi
    if [ "$SECONDS" -ge "$bound" ]; then
        say "bound reached (drainTimeoutSeconds $bound s) with $count active channel(s): the host goes now, and those calls end with it"; exit 0
    fi
    say "$count active channel(s) after $SECONDS s"
    sleep "$poll"
done
`;
}
