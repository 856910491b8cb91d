import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { matchesTermPattern, parseTermPattern } from "../../infra/monitoring/filter-pattern";
import { logMetrics } from "../../infra/monitoring/log-metrics";
import { logMetric, verdict } from "../helpers/term-patterns";
import { parseCorpus } from "../provisioning/corpus";
import { requireFail2banSamples, samplesDir } from "../provisioning/fixtures";

describe("CloudWatch term patterns (the documented rules)", () => {
    it("needs every plain term, any ?term, and none of the -terms; case matters", () => {
        assert.equal(matchesTermPattern("ERROR ARGUMENTS", "[ERROR 419] MISSING ARGUMENTS", "word"), true);
        assert.equal(matchesTermPattern("ERROR ARGUMENTS", "[ERROR 400] BAD REQUEST", "word"), false);
        assert.equal(matchesTermPattern("?ERROR ?ARGUMENTS", "[WARN] INVALID ARGUMENTS", "word"), true);
        assert.equal(matchesTermPattern("ERROR -ARGUMENTS", "[ERROR 420] INVALID ARGUMENTS", "word"), false);
        assert.equal(matchesTermPattern("ERROR", "[error 400] bad request", "substring"), false);
        assert.equal(matchesTermPattern(`"INTERNAL SERVER ERROR"`, "[ERROR 500] INTERNAL SERVER ERROR", "word"), true);
        assert.equal(matchesTermPattern(`"INTERNAL SERVER ERROR"`, "[ERROR 500] SERVER INTERNAL ERROR", "substring"), false);
    });

    it("tells the two readings apart where they differ, so the guard above can fail", () => {
        assert.equal(matchesTermPattern("Ban", "NOTICE [sshd] Banned", "substring"), true);
        assert.equal(matchesTermPattern("Ban", "NOTICE [sshd] Banned", "word"), false);
    });

    it("refuses what the documentation does not define: punctuation outside quotes, mixed ?terms, only exclusions", () => {
        assert.throws(() => parseTermPattern("status=429"), /double quotes/);
        assert.throws(() => parseTermPattern(`?"a b" c`), /mixes \?terms/);
        assert.throws(() => parseTermPattern("-Restore"), /only exclusions/);
        assert.throws(() => parseTermPattern(`"unterminated`), /double quotes|unbalanced/);
        assert.throws(() => parseTermPattern("  "), /empty/);
    });

    it("parses every metric filter we deploy", () => {
        for (const m of logMetrics) assert.ok(parseTermPattern(m.pattern).length > 0, m.metricName);
    });
});

describe("metric filter patterns against log lines of their kind", () => {
    const host = "2026-11-22T10:00:01.123456+00:00 irisx-prod-api";
    it("SshAuthFailures counts each failed attempt of OpenSSH 9.2 once and no successful or closing line", () => {
        const { pattern } = logMetric("SshAuthFailures");
        const failures = [
            `${host} sshd[1201]: Invalid user oracle from 198.51.100.7 port 51234`,
            `${host} sshd[1202]: Failed password for root from 198.51.100.7 port 51235 ssh2`,
            `${host} sshd[1203]: Failed password for invalid user test from 198.51.100.7 port 51236 ssh2`,
            `${host} sshd[1204]: Connection closed by authenticating user admin 198.51.100.7 port 51237 [preauth]`,
            `${host} sshd[1205]: Disconnected from authenticating user root 198.51.100.7 port 51238 [preauth]`,
            `${host} sshd[1206]: Failed publickey for admin from 198.51.100.7 port 51239 ssh2: ED25519 SHA256:0Ml3yS9rFZ4lJZ`,
        ];
        const others = [
            `${host} sshd[1301]: Accepted publickey for admin from 203.0.113.10 port 50000 ssh2: ED25519 SHA256:0Ml3yS9rFZ4lJZ`,
            `${host} sshd[1301]: pam_unix(sshd:session): session opened for user admin(uid=1000) by (uid=0)`,
            // Follows "Invalid user oracle …", which was already counted.
            `${host} sshd[1201]: Connection closed by invalid user oracle 198.51.100.7 port 51234 [preauth]`,
            `${host} sshd[1301]: Received disconnect from 203.0.113.10 port 50000:11: disconnected by user`,
            `${host} sshd[1301]: Disconnected from user admin 203.0.113.10 port 50000`,
            `${host} sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/usr/bin/true`,
        ];
        for (const line of failures) assert.equal(verdict(pattern, line), true, line);
        for (const line of others) assert.equal(verdict(pattern, line), false, line);
    });

    it("Fail2banBans counts bans, not unbans, repeats or the bans a restart restores", () => {
        const { pattern } = logMetric("Fail2banBans");
        const at = "2026-11-22 10:00:01,123 fail2ban.actions        [812]:";
        assert.equal(verdict(pattern, `${at} NOTICE  [sshd] Ban 198.51.100.7`), true);
        assert.equal(verdict(pattern, `${at} NOTICE  [nginx-limit-req] Ban 2001:db8::7`), true);
        for (const line of [
            `${at} NOTICE  [sshd] Unban 198.51.100.7`,
            `${at} NOTICE  [sshd] Restore Ban 198.51.100.7`,
            `${at} NOTICE  [sshd] 198.51.100.7 already banned`,
            "2026-11-22 10:00:01,100 fail2ban.filter         [812]: INFO    [sshd] Found 198.51.100.7 - 2026-11-22 10:00:01",
            "2026-11-22 10:00:00,001 fail2ban.jail           [812]: INFO    Jail 'sshd' started",
        ]) assert.equal(verdict(pattern, line), false, line);
    });

    it("SipAuthFailures matches fail2ban's own FreeSWITCH failure samples, not challenges or ACL fallbacks", function () {
        const { pattern } = logMetric("SipAuthFailures");
        const samples = requireFail2banSamples(this);
        const lines = parseCorpus(fs.readFileSync(path.join(samples, "freeswitch"), "utf8")).flatMap((b) => b.lines);
        const failures = lines.filter((l) => /SIP auth failure|Can't find user/.test(l.text));
        const others = lines.filter((l) => !failures.includes(l));
        assert.ok(failures.length >= 6 && others.length >= 2, `corpus has ${failures.length} failures and ${others.length} other lines`);
        for (const line of failures) assert.equal(verdict(pattern, line.text), true, line.text);
        // A challenge precedes every successful digest login; the ACL fallback is a DEBUG note.
        for (const line of others) assert.equal(verdict(pattern, line.text), false, line.text);
    });

    it("SipAuthFailures matches the failures among our FreeSWITCH >= 1.10.7 lines (idle CPU before the level), nothing else", () => {
        const { pattern } = logMetric("SipAuthFailures");
        const lines = parseCorpus(fs.readFileSync(path.join(samplesDir, "freeswitch-1.10.7"), "utf8")).flatMap((b) => b.lines);
        const failures = lines.filter((l) => /SIP auth failure|Can't find user/.test(l.text));
        assert.ok(failures.length >= 4 && lines.length - failures.length >= 3, `${failures.length} failures of ${lines.length} lines`);
        for (const line of lines) assert.equal(verdict(pattern, line.text), failures.includes(line), line.text);
    });

    it("Nginx429Responses counts 429 answers in our access log format, not other statuses or sizes", () => {
        const { pattern } = logMetric("Nginx429Responses");
        const line = (status: number, bytes: number, request = "GET /v1/calls HTTP/1.1") =>
            `198.51.100.7 - - [22/Nov/2026:10:00:01 +0000] "${request}" status=${status} ${bytes} "-" "curl/7.88.1" rt=0.000`;
        assert.equal(verdict(pattern, line(429, 162)), true);
        for (const l of [line(200, 429), line(503, 4290), line(404, 153, "GET /v1/calls/429 HTTP/1.1"), line(200, 17, "GET /v1/429s HTTP/1.1")]) {
            assert.equal(verdict(pattern, l), false, l);
        }
    });
});
