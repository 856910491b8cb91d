/**
 * Services and clients for test hosts: Debian's sshd / nginx / fail2ban started inside a host as
 * a fresh EC2 instance would have them, and an SSH client that pushes units exactly as the Pulumi
 * resources do (the push script, files inside, on stdin).
 */
import * as fs from "fs";
import * as path from "path";
import { hostKeyType } from "../../facts/ssh";
import { PushUnit } from "../../provisioning/model";
import { HostOptions } from "../../provisioning/roles/common";
import { pushCommand, renderPushScript } from "../../provisioning/render/push-script";
import { ExecOptions, ExecResult, TestHost, waitFor } from "./test-host";
import { TestPeer } from "./test-peer";
import { sshdTestConfig, upstreamScript } from "./test-host-files";

/**
 * How a test host differs from EC2: sshd failures come from the syslog-style auth.log (no
 * journal), and only 127.0.0.1 (the admin) is exempt so 127.0.0.66 can be banned.
 */
export const testHostOptions: HostOptions = {
    sshd: { backend: "file", path: "/var/log/auth.log" },
    localIgnoreIp: ["127.0.0.1/32", "::1"],
    ignoreSelf: false,
    ipv6: true,
    cloudwatchAgent: false,
    sshdUnit: false,
};

export interface SshKeys {
    readonly admin: string;
    readonly stranger: string;
}

/** Two fresh ed25519 keys in `dir`: the admin's (authorized on the host) and a stranger's. */
export function makeKeys(host: TestHost): SshKeys {
    const keys = { admin: path.join(host.dir, "admin_key"), stranger: path.join(host.dir, "stranger_key") };
    for (const key of Object.values(keys)) {
        const r = host.execNet(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key]);
        if (r.status !== 0) throw new Error(r.stderr);
    }
    return keys;
}

function must(result: ExecResult, what: string): ExecResult {
    if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${result.stderr || result.stdout}`);
    return result;
}

/** sshd on 127.0.0.1:22 with fresh host keys; its log lines go to /var/log/auth.log syslog-style. */
export async function startSshd(host: TestHost, keys: SshKeys): Promise<void> {
    const pub = fs.readFileSync(`${keys.admin}.pub`, "utf8");
    host.writeFile("/root/.ssh/authorized_keys", pub, "0600");
    // Sorted after our 00-irisx.conf, so where both set a keyword (PermitRootLogin) ours wins, as on EC2.
    host.writeFile("/etc/ssh/sshd_config.d/zz-irisx-test.conf", sshdTestConfig, "0644");
    must(host.exec("chmod 0700 /root/.ssh && rm -f /etc/ssh/ssh_host_*_key* && ssh-keygen -A >/dev/null && touch /var/log/auth.log && /usr/sbin/sshd -t"), "sshd setup");
    must(host.exec(`setsid bash -c 'exec /usr/sbin/sshd -D -e 2> >(exec /usr/local/sbin/irisx-syslog-stamp "sshd[$$]" /var/log/auth.log)' </dev/null >/dev/null 2>&1 &`), "sshd start");
    const up = await waitFor(() => host.exec("exec 3<>/dev/tcp/127.0.0.1/22").status === 0, 5000);
    if (up === undefined) throw new Error(`${host.name}: sshd did not start`);
}

/** Debian's stock nginx (its default site), as apt leaves it on a fresh instance. */
export function startNginx(host: TestHost): void {
    must(host.exec("nginx"), "nginx start");
}

/** fail2ban with Debian's stock configuration. */
export function startFail2ban(host: TestHost): void {
    must(host.exec("fail2ban-client -x start >/dev/null && fail2ban-client ping"), "fail2ban start");
}

/** The stand-in app: a node http server on <address>:<port> inside the host (127.0.0.1 as api.env says). */
export async function startUpstream(host: TestHost, port: number, address = "127.0.0.1"): Promise<void> {
    must(host.exec(`setsid ${process.execPath} -e '${upstreamScript(port, address)}' </dev/null >/dev/null 2>&1 &`), "upstream start");
    const up = await waitFor(() => host.exec(`exec 3<>/dev/tcp/127.0.0.1/${port}`).status === 0, 5000);
    if (up === undefined) throw new Error(`${host.name}: upstream did not start`);
}

export interface SshClient {
    readonly host: TestHost;
    readonly keys: SshKeys;
    /** ssh from another namespace (a TestPeer) to the host's address there, instead of over the host's loopback. */
    readonly via?: { readonly peer: TestPeer; readonly source: string };
}

function clientRun(client: SshClient, args: readonly string[], options: ExecOptions = {}): ExecResult {
    return client.via ? client.via.peer.exec(args, options) : client.host.execNet(args, options);
}

const sshOptions = ["-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5"];

interface SshOptions {
    input?: string;
    source?: string;
    user?: string;
    key?: string;
    /** Only to the host whose key this known_hosts file holds. */
    knownHosts?: string;
}

/**
 * Which host keys ssh accepts: any (the role tests), or, with `knownHosts`, only the pinned one,
 * offering only its algorithm: the command provider's ssh.FixedHostKey approximated with OpenSSH.
 */
function hostKeyOptions(knownHosts?: string): string[] {
    if (knownHosts === undefined) return ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"];
    return ["-o", "StrictHostKeyChecking=yes", "-o", `UserKnownHostsFile=${knownHosts}`, "-o", `HostKeyAlgorithms=${hostKeyType}`];
}

function sshArgs(client: SshClient, command: string, opts: SshOptions): string[] {
    const target = client.via?.peer.hostAddress ?? "127.0.0.1";
    return ["ssh", ...sshOptions, ...hostKeyOptions(opts.knownHosts), "-i", opts.key ?? client.keys.admin, "-b", opts.source ?? client.via?.source ?? "127.0.0.1", `${opts.user ?? "root"}@${target}`, command];
}

/** ssh from `source` (a loopback address inside the host's namespace) as `user` with `key`. */
export function ssh(client: SshClient, command: string, opts: SshOptions = {}): ExecResult {
    return clientRun(client, sshArgs(client, command, opts), { input: opts.input, timeoutMs: 120_000 });
}

export interface PushResult extends ExecResult {
    /** Wall time of the whole push (one SSH session, as the remote Command). */
    readonly totalMs: number;
}

/**
 * Pushes a unit the way provisioning/push.ts does, over real SSH: as root by default, or as the
 * admin user through sudo (`user`), pinning the host key (`knownHosts`).
 */
export function pushOverSsh(client: SshClient, unit: PushUnit, opts: { user?: string; knownHosts?: string } = {}): PushResult {
    const started = Date.now();
    const user = opts.user ?? "root";
    const result = ssh(client, pushCommand(user), { user, knownHosts: opts.knownHosts, input: renderPushScript(unit, user) });
    return { ...result, totalMs: Date.now() - started };
}

/** Like pushOverSsh, without waiting: for a push the test interrupts. */
export function pushOverSshAsync(client: SshClient, unit: PushUnit): Promise<ExecResult> {
    return client.host.execNetAsync(sshArgs(client, pushCommand("root"), {}), 120_000, renderPushScript(unit, "root"));
}

/**
 * The admin user of Debian's AMIs, as cloud-init creates it: a login with the admin key, no
 * usable password ("*": sshd with UsePAM no treats "!" as a locked account), passwordless sudo.
 * /home is a tmpfs inside the host's mount namespace.
 */
export function addAdminUser(host: TestHost, keys: SshKeys, user: string): void {
    const pub = fs.readFileSync(`${keys.admin}.pub`, "utf8");
    must(host.exec(`mount -t tmpfs -o mode=0755 tmpfs /home && useradd -m -s /bin/bash ${user} && usermod -p '*' ${user} &&
install -d -m 0700 -o ${user} -g ${user} /home/${user}/.ssh &&
printf '%s ALL=(ALL) NOPASSWD:ALL\\n' ${user} > /etc/sudoers.d/90-irisx-test-${user} && chmod 0440 /etc/sudoers.d/90-irisx-test-${user}`), "admin user");
    host.writeFile(`/home/${user}/.ssh/authorized_keys`, pub, "0600");
    must(host.exec(`chown ${user}:${user} /home/${user}/.ssh/authorized_keys`), "admin authorized_keys");
}
