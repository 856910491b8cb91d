/**
 * The database's log settings and the failed-login metric filter against a real PostgreSQL
 * (Debian's, the same major line RDS runs): the parameter group's settings applied to a
 * throwaway server, logins that fail in each way PostgreSQL knows, and the lines it wrote.
 */
import { strict as assert } from "assert";
import { parseStackConfig } from "../../infra/config";
import { databaseParameters } from "../../infra/data/database";
import { requireCapability } from "../helpers/test-host";
import { postgresInstalled, PostgresServer, startPostgres } from "../helpers/postgres-server";
import { committedValues } from "../helpers/stacks";
import { counted } from "../helpers/term-patterns";

const config = parseStackConfig(committedValues("prod"));
/** What RDS would run with, minus RDS's own extension (rds.force_ssl exists only there). */
const settings = Object.fromEntries(databaseParameters(config).filter((p) => !p.name.startsWith("rds.")).map((p) => [p.name, p.value]));

describe("PostgreSQL's own log lines under our parameter group (a throwaway server)", function () {
    this.timeout(60_000);
    let server: PostgresServer | undefined;

    before(function () {
        requireCapability(this, postgresInstalled());
        server = startPostgres({
            superuser: "irisx",
            password: "RightPassw0rd",
            settings,
            // Like RDS: the app's user by password; "ghost" is allowed to try but does not exist;
            // "blocked" meets a reject line; anyone else meets no line at all.
            hba: "local all blocked reject\nlocal all irisx,ghost scram-sha-256\n",
        });
    });
    after(() => server?.stop());

    it("accepts every setting of the parameter group and runs with it", () => {
        for (const [name, value] of Object.entries(settings)) {
            const shown = server!.psql("irisx", "RightPassw0rd", "postgres", `SELECT vartype || ' ' || setting FROM pg_settings WHERE name = '${name}'`);
            assert.equal(shown.status, 0, shown.stderr);
            const [type, setting] = shown.stdout.trim().split(" ");
            assert.equal(setting, type === "bool" ? (value === "1" ? "on" : "off") : value, name);
        }
    });

    it("the DbAuthFailures filter counts exactly the failed logins: wrong password, unknown role, no or a rejecting pg_hba.conf line", () => {
        const attempts = [
            { user: "irisx", password: "WrongPassw0rd", fails: true },
            { user: "ghost", password: "RightPassw0rd", fails: true },
            { user: "stranger", password: "RightPassw0rd", fails: true },
            { user: "blocked", password: "RightPassw0rd", fails: true },
            { user: "irisx", password: "RightPassw0rd", fails: false },
        ];
        const before = server!.lines().length;
        for (const a of attempts) {
            const result = server!.psql(a.user, a.password, "postgres", "SELECT 1");
            assert.equal(result.status !== 0, a.fails, `${a.user}: ${result.stderr}`);
        }
        // A login that works but asks for a database that does not exist is not an authentication failure.
        assert.notEqual(server!.psql("irisx", "RightPassw0rd", "nosuchdb", "SELECT 1").status, 0);
        const lines = server!.lines().slice(before);
        const failures = counted("DbAuthFailures", lines);
        assert.equal(failures.length, 4, `counted:\n${failures.join("\n")}\nof:\n${lines.join("\n")}`);
        for (const [i, user] of ["irisx", "ghost", "stranger", "blocked"].entries()) {
            assert.match(failures[i], new RegExp(`:\\[local\\]:${user}@postgres:\\[\\d+\\]:FATAL: `), failures[i]);
        }
        assert.ok(lines.some((l) => /:LOG: {2}connection authorized: user=irisx database=postgres/.test(l)), "log_connections logs the successful login");
        assert.ok(lines.some((l) => /:DETAIL: /.test(l)), "the DETAIL lines were there, and not counted");
    });

    it(`logs statements of ${config.dbSlowStatementMs} ms or more with their duration, and not quicker ones`, () => {
        const before = server!.lines().length;
        const slow = (config.dbSlowStatementMs * 1.5) / 1000;
        for (const seconds of [0.01, slow]) assert.equal(server!.psql("irisx", "RightPassw0rd", "postgres", `SELECT pg_sleep(${seconds})`).status, 0);
        const durations = server!.lines().slice(before).filter((l) => /:LOG: {2}duration: [\d.]+ ms {2}statement: /.test(l));
        assert.equal(durations.length, 1, durations.join("\n"));
        assert.ok(durations[0].endsWith(`SELECT pg_sleep(${slow})`), durations[0]);
        assert.deepEqual(counted("DbAuthFailures", durations), []);
    });
});
