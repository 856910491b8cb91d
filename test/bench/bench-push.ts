/**
 * `npm run bench:push [-- rounds]` (root): the wall time of a first push and of an unchanged
 * re-push per unit, over real SSH to a namespaced test host, as the host tests push. Each round
 * puts the host's original files back first. Prints the median of each figure as one JSON line,
 * nothing asserted. Compare two trees by running this same file in each, alternately.
 */
import { apiHostUnits } from "../../provisioning/roles/api";
import { freeswitchHostUnits } from "../../provisioning/roles/freeswitch";
import { canCreateTestHosts, TestHost } from "../helpers/test-host";
import { makeKeys, pushOverSsh, startFail2ban, startNginx, startSshd, testHostOptions } from "../helpers/test-host-services";
import { stackConfig } from "../provisioning/fixtures";

const config = stackConfig("dev");
const units = [
    ...apiHostUnits(
        { config, db: { host: "db.internal", port: 5432, user: "irisx", name: "irisx" }, redis: { host: "cache.internal", port: 6379 }, recordingsBucket: "bench", freeswitchPrivateIps: ["10.10.0.20"], host: testHostOptions },
        { dbPassword: "BenchDbPassw0rd", redisAuthToken: "BenchRedisT0ken", eslPassword: "BenchEslPassw0rd", apiKeyHashSecret: "BenchApiKeyHashS3cret" },
    ),
    ...freeswitchHostUnits(
        { config, freeswitchPrivateIp: "10.10.0.20", freeswitchPublicIp: "198.51.100.20", apiPrivateIps: ["10.10.0.10"], host: testHostOptions },
        { eslPassword: "BenchEslPassw0rd", defaultPassword: "BenchDefaultPassw0rd" },
    ).filter((u) => u.name === "freeswitch"),
];
const targets = units.flatMap((u) => u.files.map((f) => f.path));

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
    const can = canCreateTestHosts();
    if (!can.ok) throw new Error(can.reason);
    const rounds = Number(process.argv[2] ?? 5);
    const host = await TestHost.create("bench");
    try {
        const keys = makeKeys(host);
        await startSshd(host, keys);
        startNginx(host);
        startFail2ban(host);
        const client = { host, keys };
        // The host's own versions of the targets (Debian's nginx.conf), to put back every round.
        host.exec(`mkdir -p /root/bench-orig && for f in ${targets.join(" ")}; do [ ! -e "$f" ] || cp -a --parents "$f" /root/bench-orig; done`);
        const times: Record<string, number[]> = {};
        const note = (what: string, ms: number) => (times[what] ??= []).push(ms);
        for (let round = 0; round < rounds; round++) {
            host.exec(`rm -rf ${targets.join(" ")} /var/backups/irisx /var/lib/irisx-push /run/irisx-push /root/.irisx-push && cp -a /root/bench-orig/. /`);
            for (const unit of units) {
                for (const kind of ["first", "unchanged"]) {
                    const result = pushOverSsh(client, unit);
                    if (result.status !== 0) throw new Error(`${unit.name} (${kind}): ${result.stderr}`);
                    note(`${unit.name} (${kind})`, result.totalMs);
                }
            }
        }
        const medians = Object.fromEntries(Object.entries(times).map(([what, ms]) => [what, median(ms)]));
        console.log(JSON.stringify({ rounds, medianMs: medians }));
    } finally {
        host.destroy();
    }
}

main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
