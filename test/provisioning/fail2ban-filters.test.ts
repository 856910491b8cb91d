/**
 * The filters our jails use, run by the real fail2ban-regex over fail2ban's own sample logs (from
 * the installed package) and over the repo's FreeSWITCH >= 1.10.7 lines (samples/): the rendered
 * freeswitch.local on top of Debian's filter, and Debian's stock sshd (mode normal, as our jail
 * sets it) and nginx-limit-req filters.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { checkBlock, CorpusBlock, evalCondition, parseCorpus } from "./corpus";
import { commandsInstalled, requireCapability } from "../helpers/test-host";
import { fileAt, hostsOf, requireFail2banSamples, samplesDir, tempDir } from "./fixtures";
import { fail2banPaths } from "../../facts/host-paths";

/** A copy of Debian's /etc/fail2ban with the rendered filter override in place. */
function configDir(withOverride: boolean): string {
    const dir = tempDir("f2b");
    fs.cpSync("/etc/fail2ban", dir, { recursive: true });
    if (withOverride) {
        const override = fileAt(hostsOf("prod").freeswitch, fail2banPaths.freeswitchFilter);
        fs.writeFileSync(path.join(dir, "filter.d", "freeswitch.local"), override.content);
    }
    return dir;
}

function corpus(file: string): CorpusBlock[] {
    return parseCorpus(fs.readFileSync(file, "utf8"));
}

/** Runs every applicable option set of every block; returns readable mismatches. */
function check(dir: string, filter: string, blocks: CorpusBlock[], applies: (opts: Record<string, string>) => boolean = () => true, singleLine = true): string[] {
    const problems: string[] = [];
    let runs = 0;
    for (const block of blocks) {
        for (const opts of block.options) {
            if (!applies(opts)) continue;
            if (opts["test.condition"] && !evalCondition(opts["test.condition"], filter, opts)) continue;
            runs++;
            for (const m of checkBlock(dir, filter, block, opts, singleLine)) {
                problems.push(`${JSON.stringify(opts)} line ${m.lineNo}: expected [${m.expected}] got [${m.got}]: ${m.text}`);
            }
        }
    }
    if (runs === 0) problems.push("no block applied: the corpus was not exercised");
    return problems;
}

describe("fail2ban filters against fail2ban's sample logs and FreeSWITCH >= 1.10.7 lines", function () {
    this.timeout(120_000);
    let withOverride: string;
    let stock: string;
    let samples: string;
    const modernFreeswitch = path.join(samplesDir, "freeswitch-1.10.7");

    before(function () {
        requireCapability(this, commandsInstalled(["fail2ban-regex"]));
        requireCapability(this, fs.existsSync("/etc/fail2ban/filter.d/freeswitch.conf") ? { ok: true } : { ok: false, reason: "fail2ban's stock filter.d/freeswitch.conf is missing (.ci/run installs fail2ban)" });
        samples = requireFail2banSamples(this);
        withOverride = configDir(true);
        stock = configDir(false);
    });

    after(() => {
        for (const dir of [withOverride, stock]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("freeswitch + rendered freeswitch.local yields exactly the failJSON hosts of fail2ban's own freeswitch samples, every mode", () => {
        assert.deepStrictEqual(check(withOverride, "freeswitch", corpus(path.join(samples, "freeswitch"))), []);
    });

    it("freeswitch + rendered freeswitch.local yields exactly the failJSON hosts of our >= 1.10.7 lines in normal, extra and ddos mode", () => {
        const blocks = corpus(modernFreeswitch);
        assert.deepStrictEqual(blocks.flatMap((b) => b.options.map((o) => o.mode)), ["normal", "extra", "ddos"]);
        assert.deepStrictEqual(check(withOverride, "freeswitch", blocks), []);
    });

    it("the stock 1.0.2 filter alone misses the >= 1.10.7 lines (why the override ships)", () => {
        const problems = check(stock, "freeswitch", corpus(modernFreeswitch));
        assert.ok(problems.length >= 4, `stock filter unexpectedly matched: ${problems.join("\n")}`);
    });

    it("nginx-limit-req yields exactly the failJSON hosts of fail2ban's own nginx-limit-req samples", () => {
        assert.deepStrictEqual(check(stock, "nginx-limit-req", corpus(path.join(samples, "nginx-limit-req"))), []);
    });

    it("nginx-limit-req yields the client of every 'limiting requests' line of a real nginx 1.22.1 error log, nothing else", () => {
        const text = fs.readFileSync(path.join(samplesDir, "nginx-1.22.1-limit-req-error.log"), "utf8");
        const annotated = text
            .split("\n")
            .filter(Boolean)
            .map((line) => {
                const client = /limiting requests, .* client: ([^,]+),/.exec(line)?.[1];
                return `${client ? `# failJSON: { "match": true, "host": "${client}" }` : `# failJSON: { "match": false }`}\n${line}`;
            })
            .join("\n");
        const blocks = parseCorpus(annotated);
        assert.strictEqual(blocks[0].lines.filter((l) => l.expect?.match).length, 76);
        assert.deepStrictEqual(check(stock, "nginx-limit-req", blocks), []);
    });

    it("sshd (mode normal, as our jail) yields exactly the failJSON hosts of fail2ban's own sshd samples for that mode", () => {
        const normal = (opts: Record<string, string>) => (opts.mode ?? "normal") === "normal" && !opts.logtype;
        // sshd is multi-line (a failure belongs to a session of lines): checked per host.
        assert.deepStrictEqual(check(stock, "sshd", corpus(path.join(samples, "sshd")), normal, false), []);
    });
});
