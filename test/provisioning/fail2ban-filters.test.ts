/**
 * The filters our jails use, run by the real fail2ban-regex over fail2ban's own sample logs and
 * over FreeSWITCH >= 1.10.7 lines: the rendered freeswitch.local on top of Debian's filter, and
 * Debian's stock sshd (mode normal, as our jail sets it) and nginx-limit-req filters.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { checkBlock, CorpusBlock, evalCondition, parseCorpus } from "./corpus";
import { commandsInstalled, requireCapability } from "../helpers/test-host";
import { corpusDir, fileAt, hostsOf, tempDir } from "./fixtures";
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

function corpus(relative: string): CorpusBlock[] {
    return parseCorpus(fs.readFileSync(path.join(corpusDir, relative), "utf8"));
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

/** FreeSWITCH >= 1.10.7 lines we wrote (format from REFERENCE.md), in the corpus format. */
const modernFreeswitch = `# failJSON: { "match": true, "host": "198.51.100.8" }
2026-01-02 03:04:05.123456 97.53% [WARNING] sofia_reg.c:1792 SIP auth failure (INVITE) on sofia profile 'external' for [u@h] from ip 198.51.100.8
# failJSON: { "match": true, "host": "198.51.100.9" }
2026-01-02 03:04:06.000001 100.00% [WARNING] sofia_reg.c:1792 SIP auth failure (REGISTER) on sofia profile 'irisx' for [1001@irisx.example] from ip 198.51.100.9
# failJSON: { "match": true, "host": "2001:db8::5" }
2026-01-02 03:04:07.654321 0.00% [WARNING] sofia_reg.c:3204 Can't find user [1002@irisx.example] from 2001:db8::5
# failJSON: { "match": true, "host": "198.51.100.10" }
2026-01-02 03:04:08.000002 www freeswitch[4242]: 2026-01-02 03:04:08.000002 55.10% [WARNING] sofia_reg.c:1792 SIP auth failure (INVITE) on sofia profile 'irisx' for [x@y] from ip 198.51.100.10
# failJSON: { "match": false }
2026-01-02 03:04:09.000003 97.53% [DEBUG] sofia.c:7954 IP 198.51.100.11 Rejected by acl "irisx-sip-peers". Falling back to Digest auth.
# failJSON: { "match": false }
2026-01-02 03:04:10.000004 97.53% [NOTICE] sofia_reg.c:2010 Registered user 1001 from ip 198.51.100.12
`;

describe("fail2ban filters against fail2ban's sample logs and FreeSWITCH >= 1.10.7 lines", function () {
    this.timeout(120_000);
    let withOverride: string;
    let stock: string;

    before(function () {
        requireCapability(this, commandsInstalled(["fail2ban-regex"]));
        requireCapability(this, fs.existsSync("/etc/fail2ban/filter.d/freeswitch.conf") ? { ok: true } : { ok: false, reason: "fail2ban's stock filter.d/freeswitch.conf is missing (.ci/run installs fail2ban)" });
        assert.ok(fs.existsSync(corpusDir), `corpus not found at ${corpusDir} (shared/ must sit next to the repo)`);
        withOverride = configDir(true);
        stock = configDir(false);
    });

    after(() => {
        for (const dir of [withOverride, stock]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const version of ["1.0.2", "HEAD"]) {
        it(`freeswitch + rendered freeswitch.local yields exactly the failJSON hosts of ${version}/freeswitch, every mode`, () => {
            assert.deepStrictEqual(check(withOverride, "freeswitch", corpus(`${version}/freeswitch`)), []);
        });
    }

    it("freeswitch + rendered freeswitch.local matches our >= 1.10.7 lines and nothing else", () => {
        for (const mode of ["extra", "normal", "ddos"]) {
            const blocks = parseCorpus(modernFreeswitch).map((b) => ({ ...b, options: [{ mode }] }));
            // ddos mode only counts auth failures/challenges, not "Can't find user".
            const adjusted = mode === "ddos" ? blocks.map((b) => ({ ...b, lines: b.lines.filter((l) => !l.text.includes("Can't find user")) })) : blocks;
            assert.deepStrictEqual(check(withOverride, "freeswitch", adjusted), [], mode);
        }
    });

    it("the stock 1.0.2 filter alone misses the >= 1.10.7 lines (why the override ships)", () => {
        const problems = check(stock, "freeswitch", parseCorpus(modernFreeswitch));
        assert.ok(problems.length >= 4, `stock filter unexpectedly matched: ${problems.join("\n")}`);
    });

    it("nginx-limit-req yields exactly the failJSON hosts of 1.0.2/nginx-limit-req", () => {
        assert.deepStrictEqual(check(stock, "nginx-limit-req", corpus("1.0.2/nginx-limit-req")), []);
    });

    it("nginx-limit-req yields the client of every 'limiting requests' line of a real nginx 1.22.1 error log, nothing else", () => {
        const text = fs.readFileSync(path.join(corpusDir, "nginx-1.22.1-limit-req-error.log"), "utf8");
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

    it("sshd (mode normal, as our jail) yields exactly the failJSON hosts of 1.0.2/sshd for that mode", () => {
        const normal = (opts: Record<string, string>) => (opts.mode ?? "normal") === "normal" && !opts.logtype;
        // sshd is multi-line (a failure belongs to a session of lines): checked per host.
        assert.deepStrictEqual(check(stock, "sshd", corpus("1.0.2/sshd"), normal, false), []);
    });
});
