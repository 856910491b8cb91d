/**
 * Services and clients for test hosts: Debian's sshd / nginx / fail2ban started inside a host as
 * a fresh EC2 instance would have them, and an SSH client that pushes units exactly as the Pulumi
 * resources do (the push script, files inside, on stdin).
 */
import * as fs from "fs";
import * as path from "path";
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
    host.writeFile("/etc/ssh/sshd_config.d/00-irisx-test.conf", sshdTestConfig, "0644");
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

const sshOptions = ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5"];

/** ssh from `source` (a loopback address inside the host's namespace) as `user` with `key`. */
export function ssh(client: SshClient, command: string, opts: { input?: string; source?: string; user?: string; key?: string } = {}): ExecResult {
    const target = client.via?.peer.hostAddress ?? "127.0.0.1";
    const args = ["ssh", ...sshOptions, "-i", opts.key ?? client.keys.admin, "-b", opts.source ?? client.via?.source ?? "127.0.0.1", `${opts.user ?? "root"}@${target}`, command];
    return clientRun(client, args, { input: opts.input, timeoutMs: 120_000 });
}

export interface PushResult extends ExecResult {
    /** Wall time of the whole push (one SSH session, as the remote Command). */
    readonly totalMs: number;
}

/** Pushes a unit the way provisioning/push.ts does, over real SSH as root. */
export function pushOverSsh(client: SshClient, unit: PushUnit): PushResult {
    const started = Date.now();
    const user = "root";
    const result = ssh(client, pushCommand(user), { input: renderPushScript(unit, user) });
    return { ...result, totalMs: Date.now() - started };
}
