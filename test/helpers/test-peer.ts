/**
 * Another machine for a test host: its own network namespace, joined to the host's by a veth
 * pair, so traffic reaches the host through an interface its firewall filters (loopback is always
 * admitted). Every address lives inside the two namespaces the test made; nothing leaves them.
 */
import { spawnSync } from "child_process";
import { ExecOptions, ExecResult, TestHost } from "./test-host";

let made = 0;

function ip(args: readonly string[]): void {
    const r = spawnSync("ip", args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr}`);
}

export class TestPeer {
    private constructor(
        readonly name: string,
        /** The host's address on the link. */
        readonly hostAddress: string,
        /** The peer's addresses, usable as sources (the first is its own on the link). */
        readonly addresses: readonly string[],
    ) {}

    /** `hostAddress` goes on the host's end, `addresses` on the peer's; both ends route to each other. */
    static create(host: TestHost, hostAddress: string, addresses: readonly string[]): TestPeer {
        const tag = `${process.pid % 100000}${made++}`;
        const name = `irisx-peer-${tag}`;
        const [hostEnd, peerEnd] = [`ixh${tag}`, `ixp${tag}`];
        ip(["netns", "add", name]);
        const peer = new TestPeer(name, hostAddress, addresses);
        try {
            ip(["link", "add", hostEnd, "type", "veth", "peer", "name", peerEnd]);
            ip(["link", "set", hostEnd, "netns", host.name]);
            ip(["link", "set", peerEnd, "netns", name]);
            ip(["-n", host.name, "addr", "add", `${hostAddress}/32`, "dev", hostEnd]);
            ip(["-n", host.name, "link", "set", hostEnd, "up"]);
            ip(["-n", name, "link", "set", "lo", "up"]);
            ip(["-n", name, "link", "set", peerEnd, "up"]);
            for (const address of addresses) {
                ip(["-n", name, "addr", "add", `${address}/32`, "dev", peerEnd]);
                ip(["-n", host.name, "route", "add", `${address}/32`, "dev", hostEnd]);
            }
            ip(["-n", name, "route", "add", `${hostAddress}/32`, "dev", peerEnd]);
        } catch (error) {
            peer.destroy();
            throw error;
        }
        return peer;
    }

    /** Runs a command in the peer's network namespace. */
    exec(args: readonly string[], options: ExecOptions = {}): ExecResult {
        const started = Date.now();
        const result = spawnSync("ip", ["netns", "exec", this.name, ...args], { encoding: "utf8", input: options.input, timeout: options.timeoutMs ?? 60_000 });
        if (result.error) throw result.error;
        return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
    }

    /** Deleting the namespace deletes its veth end, and with it the host's. */
    destroy(): void {
        spawnSync("ip", ["netns", "del", this.name]);
    }
}
