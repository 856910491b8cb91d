/**
 * A test host on this machine (REFERENCE.md "Test hosts"): its own network namespace (own
 * loopback, own iptables) and a private mount namespace in which /etc, /var, /root and
 * /usr/local/sbin are copy-on-write overlays and /run is a tmpfs. Debian's own sshd, nginx and
 * fail2ban run inside; nothing they write reaches the real system. A small `systemctl` stand-in
 * lets the push scripts that run on EC2 run here unchanged.
 *
 * Every process the host starts lives in its network namespace, so `destroy()` can end exactly
 * those (ip netns pids), then delete the namespace and the overlay directories.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { systemctlStandIn, syslogStamper } from "./test-host-files";

export interface ExecResult {
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
    readonly ms: number;
}

export interface ExecOptions {
    readonly input?: string;
    readonly timeoutMs?: number;
}

const overlays = ["/etc", "/var", "/root", "/usr/local/sbin"];

export type Capability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Skips the calling test or hook when `can` is not ok, on a developer's machine. In CI
 * (`CI=true`, where .ci/run runs as root with every tool installed) a skip would go unnoticed, so
 * there a missing capability fails with its reason instead.
 */
export function requireCapability(ctx: Mocha.Context, can: Capability): void {
    if (can.ok) return;
    if (process.env.CI === "true") {
        throw new Error(`${can.reason}; CI=true, so this fails instead of skipping (run .ci/run as root on a machine it can provision)`);
    }
    console.warn(`      (skipped: ${can.reason})`);
    ctx.skip();
}

/** ok when every tool is on PATH (or in /usr/sbin, which a non-root PATH may lack). */
export function commandsInstalled(tools: readonly string[]): Capability {
    for (const tool of tools) {
        const found = spawnSync("sh", ["-c", `command -v ${tool} || test -x /usr/sbin/${tool}`]).status === 0;
        if (!found) return { ok: false, reason: `${tool} is not installed (.ci/run installs it)` };
    }
    return { ok: true };
}

/** ok when this process may create test hosts: root with `ip netns`, and the tools the host tests run. */
export function canCreateTestHosts(): Capability {
    if (process.getuid?.() !== 0) return { ok: false, reason: "host tests need root (network and mount namespaces)" };
    const tools = commandsInstalled(["ip", "unshare", "nsenter", "sshd", "ssh", "scp", "ssh-keygen", "nginx", "fail2ban-client", "iptables", "openssl", "curl", "python3"]);
    if (!tools.ok) return tools;
    const probe = `irisx-p4-probe-${process.pid}`;
    const add = spawnSync("ip", ["netns", "add", probe], { encoding: "utf8" });
    spawnSync("ip", ["netns", "del", probe]);
    if (add.status !== 0) return { ok: false, reason: `ip netns add failed: ${add.stderr.trim()}` };
    return { ok: true };
}

export class TestHost {
    private constructor(
        readonly name: string,
        readonly dir: string,
        private readonly holderPid: number,
    ) {}

    /** Creates the namespaces and waits until the overlays are mounted. */
    static async create(label: string): Promise<TestHost> {
        const name = `irisx-p4-${label}-${process.pid}`;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
        const mounts = overlays.map((target, i) => {
            const [upper, work] = [path.join(dir, `u${i}`), path.join(dir, `w${i}`)];
            fs.mkdirSync(upper);
            fs.mkdirSync(work);
            return `mount -t overlay overlay -o lowerdir=${target},upperdir=${upper},workdir=${work} ${target}`;
        });
        const ready = path.join(dir, "ready");
        const setup = [
            ...mounts,
            "mount -t tmpfs -o mode=0755 tmpfs /run",
            "mkdir -p /run/sshd /run/lock /run/fail2ban",
            "ip link set lo up",
            `touch ${ready}`,
            "exec sleep infinity",
        ].join(" && ");
        const add = spawnSync("ip", ["netns", "add", name], { encoding: "utf8" });
        if (add.status !== 0) throw new Error(`ip netns add ${name}: ${add.stderr}`);
        const holder = spawn("ip", ["netns", "exec", name, "unshare", "--mount", "--propagation", "private", "bash", "-c", setup], {
            stdio: "ignore",
            detached: true,
        });
        holder.unref();
        const host = new TestHost(name, dir, holder.pid!);
        for (let i = 0; i < 100 && !fs.existsSync(ready); i++) await sleep(50);
        if (!fs.existsSync(ready)) {
            host.destroy();
            throw new Error(`${name}: namespaces did not come up`);
        }
        host.writeFile("/usr/local/sbin/systemctl", systemctlStandIn, "0755");
        host.writeFile("/usr/local/sbin/irisx-syslog-stamp", syslogStamper, "0755");
        return host;
    }

    /** Runs bash inside both namespaces, as root. */
    exec(script: string, options: ExecOptions = {}): ExecResult {
        const started = Date.now();
        const result = spawnSync("nsenter", ["-t", String(this.holderPid), "-m", "-n", "--", "bash", "-c", script], {
            encoding: "utf8",
            input: options.input,
            timeout: options.timeoutMs ?? 60_000,
        });
        if (result.error) throw result.error;
        return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
    }

    /** Writes a file inside the host (through stdin: node's stdin pipes are sockets, /dev/stdin fails). */
    writeFile(file: string, content: string, mode: string): void {
        const r = this.exec(`mkdir -p "$(dirname ${file})" && cat > ${file} && chmod ${mode} ${file}`, { input: content });
        if (r.status !== 0) throw new Error(`${this.name}: cannot write ${file}: ${r.stderr}`);
    }

    /** Runs a command in the host's network namespace only (the client side: ssh, curl). */
    execNet(args: readonly string[], options: ExecOptions = {}): ExecResult {
        const started = Date.now();
        const result = spawnSync("ip", ["netns", "exec", this.name, ...args], {
            encoding: "utf8",
            input: options.input,
            timeout: options.timeoutMs ?? 60_000,
        });
        if (result.error) throw result.error;
        return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
    }

    /** Like execNet, without waiting: for bursts of parallel clients, or a push a test interrupts. */
    execNetAsync(args: readonly string[], timeoutMs = 30_000, input?: string): Promise<ExecResult> {
        const started = Date.now();
        return new Promise((resolve) => {
            const child = spawn("ip", ["netns", "exec", this.name, ...args], { stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"], timeout: timeoutMs });
            if (input !== undefined) child.stdin!.end(input);
            let stdout = "";
            let stderr = "";
            child.stdout!.on("data", (d) => (stdout += d));
            child.stderr!.on("data", (d) => (stderr += d));
            child.on("close", (code) => resolve({ status: code ?? -1, stdout, stderr, ms: Date.now() - started }));
        });
    }

    /** Ends every process in the namespace (all started by this host), then removes everything. */
    destroy(): void {
        for (let round = 0; round < 20; round++) {
            const pids = spawnSync("ip", ["netns", "pids", this.name], { encoding: "utf8" }).stdout.split(/\s+/).filter(Boolean);
            if (pids.length === 0) break;
            for (const pid of pids) {
                try {
                    process.kill(Number(pid), round < 5 ? "SIGTERM" : "SIGKILL");
                } catch {
                    // already gone
                }
            }
            spawnSync("sleep", ["0.1"]);
        }
        spawnSync("ip", ["netns", "del", this.name]);
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` every `stepMs` until it returns true or `timeoutMs` passes; returns the elapsed ms or undefined. */
export async function waitFor(probe: () => boolean, timeoutMs: number, stepMs = 100): Promise<number | undefined> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
        if (probe()) return Date.now() - started;
        await sleep(stepMs);
    }
    return undefined;
}
