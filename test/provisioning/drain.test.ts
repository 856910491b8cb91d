/**
 * The FreeSWITCH drain step (provisioning/drain.ts, render/drain.ts) against a stub event socket
 * speaking mod_event_socket's inbound protocol (auth/request, command/reply, api/response with
 * Content-Length, a log frame in between), reading the real rendered event_socket.conf.xml; and
 * the step as the program registers it under the mock runtime.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { spawn } from "child_process";
import { renderDrainScript } from "../../provisioning/render/drain";
import { renderEventSocket } from "../../provisioning/render/freeswitch";
import { isSecret, unwrapSecrets } from "../../offline/mock-run";
import { byUrn, committedValues, mockedStack, plain } from "../helpers/stacks";
import { types } from "../../facts/resource-types";
import { runMocked } from "../../offline/mock-run";
import { commandsInstalled, requireCapability } from "../helpers/test-host";
import { tempDir } from "./fixtures";

interface Stub {
    readonly port: number;
    /** Every command the client sent, password redacted. */
    readonly commands: string[];
    readonly passwords: string[];
    close(): Promise<void>;
}

/** A FreeSWITCH event socket that knows one password and answers channel counts from `counts` (the last one repeats). */
function stubEventSocket(password: string, counts: number[]): Promise<Stub> {
    const commands: string[] = [];
    const passwords: string[] = [];
    let paused = false;
    const server = net.createServer((socket) => {
        let buffer = "";
        // The client's reachability probe connects and closes at once; its exit resets the connection.
        socket.on("error", () => undefined);
        socket.write("Content-Type: auth/request\n\n");
        const api = (body: string) => socket.write(`Content-Type: api/response\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`);
        socket.on("data", (chunk) => {
            buffer += chunk.toString("utf8");
            let end: number;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
                const command = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                if (command.startsWith("auth ")) {
                    passwords.push(command.slice(5));
                    commands.push("auth");
                    if (command.slice(5) === password) socket.write("Content-Type: command/reply\nReply-Text: +OK accepted\n\n");
                    else socket.end("Content-Type: command/reply\nReply-Text: -ERR invalid\n\n");
                    continue;
                }
                commands.push(command);
                if (command === "api fsctl pause") {
                    paused = true;
                    api("+OK\n");
                } else if (command === "api show channels count") {
                    // A log line first, as a client subscribed to logs could see: the client must skip it.
                    socket.write("Content-Type: log/data\nContent-Length: 12\n\nnot for you\n");
                    api(`\n${paused ? counts.length > 1 ? counts.shift() : counts[0] : 99} total.\n`);
                } else {
                    api("-ERR unknown command\n");
                }
            }
        });
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
        port: (server.address() as net.AddressInfo).port,
        commands,
        passwords,
        close: () => new Promise<void>((done) => server.close(() => done())),
    })));
}

/** Runs the rendered drain as the step does (the script on bash's stdin), without blocking the stub's event loop. */
function runDrain(script: string): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn("bash", ["-s"], { stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status: status ?? -1, stdout, stderr }));
        child.stdin.end(script);
    });
}

describe("FreeSWITCH drain step against a stub event socket", function () {
    this.timeout(60_000);
    let dir: string;
    const password = "EslPassw0rdFromTheHostOnly";
    const conf = (port: number, pass = password) => {
        const file = path.join(dir, `event_socket-${port}-${pass.length}.conf.xml`);
        fs.writeFileSync(file, renderEventSocket({ privateIp: "127.0.0.1", eslPort: port } as any, { eslPassword: pass, defaultPassword: "unused" }));
        return file;
    };
    before(function () {
        requireCapability(this, commandsInstalled(["bash", "xmllint"]));
        dir = tempDir("drain");
    });
    after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

    it("pauses new calls first, then counts channels until none is left, and lets the host go", async () => {
        const stub = await stubEventSocket(password, [2, 1, 0]);
        try {
            const result = await runDrain(renderDrainScript({ boundSeconds: 60, pollSeconds: 0.1, eventSocketConf: conf(stub.port) }));
            assert.equal(result.status, 0, result.stdout + result.stderr);
            assert.deepEqual(stub.commands, ["auth", "api fsctl pause", "api show channels count", "api show channels count", "api show channels count"]);
            assert.deepEqual(stub.passwords, [password], "the password read from event_socket.conf.xml");
            assert.match(result.stdout, /2 active channel\(s\)[\s\S]*1 active channel\(s\)[\s\S]*no active channel after \d+ s: the host can go/);
            assert.ok(!(result.stdout + result.stderr).includes(password), "the password is never printed");
        } finally {
            await stub.close();
        }
    });

    it("stops waiting at its bound with calls still up, says how many, and lets the host go", async () => {
        const stub = await stubEventSocket(password, [3]);
        try {
            const result = await runDrain(renderDrainScript({ boundSeconds: 1, pollSeconds: 0.2, eventSocketConf: conf(stub.port) }));
            assert.equal(result.status, 0, result.stdout + result.stderr);
            assert.match(result.stdout, /bound reached \(drainTimeoutSeconds 1 s\) with 3 active channel\(s\): the host goes now/);
            const polls = stub.commands.filter((c) => c === "api show channels count").length;
            // It polled more than once and stopped: about bound / poll counts, never unbounded.
            assert.ok(polls >= 2 && polls <= 1 / 0.2 + 2, `${polls} polls`);
            assert.equal(stub.commands[1], "api fsctl pause");
        } finally {
            await stub.close();
        }
    });

    it("refuses to go on when the event socket rejects the password: nothing paused, the delete fails", async () => {
        const stub = await stubEventSocket(password, [0]);
        try {
            const result = await runDrain(renderDrainScript({ boundSeconds: 60, pollSeconds: 0.1, eventSocketConf: conf(stub.port, "NotThePassword") }));
            assert.equal(result.status, 1);
            assert.match(result.stdout, /refused the password/);
            assert.deepEqual(stub.commands, ["auth"]);
        } finally {
            await stub.close();
        }
    });

    it("treats an event socket that does not answer as a FreeSWITCH with no calls to drain", async () => {
        const stub = await stubEventSocket(password, [0]);
        const port = stub.port;
        await stub.close();
        const result = await runDrain(renderDrainScript({ boundSeconds: 60, pollSeconds: 0.1, eventSocketConf: conf(port) }));
        assert.equal(result.status, 0);
        assert.match(result.stdout, /does not answer: FreeSWITCH is not running/);
    });
});

describe("FreeSWITCH drain step as registered (mock runtime)", function () {
    this.timeout(120_000);

    it("is a Command with only a delete step, the drain on stdin with the stack's bound, no secret in its command or stdin", async () => {
        const run = await mockedStack("dev");
        const drains = run.resources.filter((r) => r.type === types.remoteCommand && r.name.endsWith("-drain"));
        assert.deepEqual(drains.map((d) => d.name), ["irisx-dev-freeswitch-drain"]);
        const [drain] = drains;
        const inputs = plain(drain);
        assert.equal(inputs.create, undefined);
        assert.equal(inputs.update, undefined);
        assert.equal(inputs.triggers, undefined, "no trigger: nothing but removing the host runs it");
        assert.equal(inputs.delete, "sudo -n bash -s");
        assert.equal(inputs.stdin, renderDrainScript({ boundSeconds: 60, pollSeconds: 5 }));
        assert.ok(!isSecret(drain.inputs.stdin) && !isSecret(drain.inputs.delete));
        const esl = unwrapSecrets(run.outputs.eslPassword);
        assert.ok(esl.length >= 32 && !JSON.stringify(inputs).includes(esl), "the ESL password is not in the step's inputs");
    });

    it("depends on its host's Elastic IP and, through it, the instance, so it is deleted (and runs) before them", async () => {
        const run = await mockedStack("dev");
        const drain = run.resources.find((r) => r.name === "irisx-dev-freeswitch-drain")!;
        // Its connection's address is the FreeSWITCH host's Elastic IP: a property dependency on exactly that EIP.
        const eips = (drain.propertyDependencies.connection ?? []).map((urn) => byUrn(run, urn)).filter((r) => r.type === types.eip);
        assert.deepEqual(eips.map((r) => r.name), ["irisx-dev-freeswitch-eip"]);
        const [eip] = eips;
        assert.ok(drain.dependencies.includes(eip.urn));
        assert.ok(eip!.dependencies.some((urn) => byUrn(run, urn).name === "irisx-dev-freeswitch-instance"));
        assert.ok(drain.dependencies.some((urn) => byUrn(run, urn).type === types.securityGroupIngressRule), "keeps the SSH rule until it has run");
    });

    it("carries each stack's drainTimeoutSeconds, one step per FreeSWITCH host", async () => {
        const run = await runMocked({ stack: "prod", values: { ...committedValues("prod"), "irisx-infra:freeswitchHosts": "3", "irisx-infra:drainTimeoutSeconds": "45" } });
        const drains = run.resources.filter((r) => r.name.endsWith("-drain"));
        assert.deepEqual(drains.map((d) => d.name).sort(), ["irisx-prod-freeswitch-1-drain", "irisx-prod-freeswitch-2-drain", "irisx-prod-freeswitch-drain"]);
        for (const d of drains) assert.match(plain(d).stdin, /^bound=45$/m);
    });
});
