/**
 * A throwaway PostgreSQL server from Debian's packages: initdb in a temporary directory, a unix
 * socket there and no TCP listener, the log line prefix RDS uses, and run as `nobody` when the
 * tests run as root (initdb refuses root). For the real log lines PostgreSQL writes on a failed
 * login or a slow statement.
 */
import * as fs from "fs";
import * as path from "path";
import { Capability } from "./test-host";
import { run, RunResult, tempDir } from "../provisioning/fixtures";

/** RDS for PostgreSQL's fixed log_line_prefix ("Working with RDS for PostgreSQL log files"). */
export const rdsLogLinePrefix = "%t:%r:%u@%d:[%p]:";

function binDir(): string | undefined {
    const root = "/usr/lib/postgresql";
    if (!fs.existsSync(root)) return undefined;
    const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
    return versions.length > 0 ? path.join(root, versions[0], "bin") : undefined;
}

export function postgresInstalled(): Capability {
    if (!binDir()) return { ok: false, reason: "PostgreSQL's server (Debian package postgresql) is not installed (.ci/run installs it)" };
    if (run("sh", ["-c", "command -v psql"]).status !== 0) return { ok: false, reason: "psql is not installed (.ci/run installs postgresql)" };
    return { ok: true };
}

export interface PostgresServer {
    /** Connects over the socket as `user` with `password` and runs `sql`. */
    psql(user: string, password: string, database: string, sql: string): RunResult;
    /** The server's log so far, one line per entry. */
    lines(): string[];
    stop(): void;
}

/**
 * Starts a server whose superuser is `superuser` with `password`, with `settings` appended to
 * postgresql.conf and `hba` as the whole of pg_hba.conf. Throws with the server's log if it
 * refuses a setting.
 */
export function startPostgres(opts: { superuser: string; password: string; settings: Record<string, string>; hba: string }): PostgresServer {
    const bin = binDir()!;
    const dir = tempDir("pg");
    const asServer = process.getuid?.() === 0 ? ["runuser", "-u", "nobody", "--"] : [];
    const server = (command: string, args: string[]) => run(asServer[0] ?? command, asServer.length ? [...asServer.slice(1), command, ...args] : args);
    if (asServer.length) fs.chownSync(dir, 65534, 65534);
    const data = path.join(dir, "data");
    const log = path.join(dir, "server.log");
    const pwfile = path.join(dir, "pw");
    fs.writeFileSync(pwfile, `${opts.password}\n`, { mode: 0o600 });
    if (asServer.length) fs.chownSync(pwfile, 65534, 65534);
    const init = server(path.join(bin, "initdb"), ["-D", data, "-U", opts.superuser, `--pwfile=${pwfile}`, "-A", "scram-sha-256", "--no-locale", "-E", "UTF8", "--no-sync"]);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const settings = { listen_addresses: "", unix_socket_directories: dir, log_line_prefix: rdsLogLinePrefix, ...opts.settings };
    fs.appendFileSync(path.join(data, "postgresql.conf"), Object.entries(settings).map(([k, v]) => `${k} = '${v}'\n`).join(""));
    fs.writeFileSync(path.join(data, "pg_hba.conf"), opts.hba);
    const started = server(path.join(bin, "pg_ctl"), ["-D", data, "-l", log, "-w", "-t", "30", "start"]);
    const lines = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean) : []);
    if (started.status !== 0) {
        const why = lines().join("\n");
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`PostgreSQL did not start: ${started.stderr}\n${why}`);
    }
    return {
        psql: (user, password, database, sql) =>
            run("psql", ["-X", "-q", "-A", "-t", "-h", dir, "-U", user, "-d", database, "-c", sql], { env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: "5" } }),
        lines,
        stop: () => {
            server(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
