/**
 * A stand-in for the AWS WAFv2 API inside a test host: moto's server (PyPI moto[server], in the
 * venv .ci/run makes at .ci/venv-moto) on the host's loopback, and in front of it a small proxy
 * that, when armed, makes one concurrent writer change the IP set between a caller's GetIPSet and
 * its UpdateIPSet, so the caller's lock token is stale and moto answers WAFOptimisticLockException.
 * Every request stays inside the host's network namespace; the credentials are fake.
 */
import * as fs from "fs";
import * as path from "path";
import { Capability } from "./test-host";
import { TestHost, waitFor } from "./test-host";

const repoRoot = path.resolve(__dirname, "..", "..");
export const motoVenv = path.join(repoRoot, ".ci", "venv-moto");
const python = path.join(motoVenv, "bin", "python");

export function motoInstalled(): Capability {
    if (!fs.existsSync(path.join(motoVenv, "bin", "moto_server"))) return { ok: false, reason: `moto's server is not installed in ${motoVenv} (.ci/run installs it)` };
    return { ok: true };
}

export const conflictArmFile = "/run/irisx-waf-conflict";
export const proxyLog = "/run/irisx-waf-proxy.log";

const proxyScript = (listen: number, moto: number) => `
import http.client, http.server, os, boto3
ARM, LOG = ${JSON.stringify(conflictArmFile)}, ${JSON.stringify(proxyLog)}
waf = boto3.client("wafv2", region_name="us-east-1", endpoint_url="http://127.0.0.1:${moto}")
class Proxy(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        target = self.headers.get("X-Amz-Target", "").split(".")[-1]
        if target == "UpdateIPSet" and os.path.exists(ARM):
            os.remove(ARM)
            name, set_id = open(ARM + ".set").read().split()
            got = waf.get_ip_set(Name=name, Scope="REGIONAL", Id=set_id)
            waf.update_ip_set(Name=name, Scope="REGIONAL", Id=set_id, LockToken=got["LockToken"], Addresses=got["IPSet"]["Addresses"] + ["192.0.2.200/32"])
            with open(LOG, "a") as f: f.write("concurrent writer added 192.0.2.200/32\\n")
        upstream = http.client.HTTPConnection("127.0.0.1", ${moto}, timeout=10)
        upstream.request("POST", self.path, body, {k: v for k, v in self.headers.items() if k.lower() != "host"})
        answer = upstream.getresponse()
        data = answer.read()
        with open(LOG, "a") as f: f.write("%s %d\\n" % (target, answer.status))
        self.send_response(answer.status)
        for k, v in answer.getheaders():
            if k.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"): self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", ${listen}), Proxy).serve_forever()
`;

export interface WafStandIn {
    /** What the tool is pointed at (the proxy). */
    readonly endpointUrl: string;
    readonly ipSetName: string;
    readonly ipSetId: string;
    readonly ipSetArn: string;
    /** The IP set's addresses as moto holds them. */
    addresses(): string[];
    /** The next UpdateIPSet through the proxy meets a concurrent writer first. */
    armConflict(): void;
    proxyLog(): string[];
}

/** Starts moto and the proxy in `host`, writes fake credentials for root, creates an empty IPv4 IP set. */
export async function startWafStandIn(host: TestHost, ipSetName: string, ports = { moto: 5077, proxy: 5078 }): Promise<WafStandIn> {
    host.writeFile("/root/.aws/credentials", "[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n", "0600");
    const env = "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1";
    const started = host.exec(`setsid ${motoVenv}/bin/moto_server -H 127.0.0.1 -p ${ports.moto} </dev/null >/var/log/irisx-moto.log 2>&1 &
setsid env ${env} ${python} -c '${proxyScript(ports.proxy, ports.moto).replace(/'/g, "'\\''")}' </dev/null >/var/log/irisx-waf-proxy.err 2>&1 &`);
    if (started.status !== 0) throw new Error(`moto start: ${started.stderr}`);
    for (const port of [ports.moto, ports.proxy]) {
        const up = await waitFor(() => host.exec(`exec 3<>/dev/tcp/127.0.0.1/${port}`).status === 0, 30_000, 200);
        if (up === undefined) throw new Error(`${host.name}: nothing listens on ${port}: ${host.exec("cat /var/log/irisx-moto.log /var/log/irisx-waf-proxy.err").stdout}`);
    }
    const py = (code: string) => {
        const r = host.exec(`env ${env} ${python} -c '${code.replace(/'/g, "'\\''")}'`);
        if (r.status !== 0) throw new Error(`boto3 against moto: ${r.stderr}`);
        return r.stdout;
    };
    const client = `import boto3, json; waf = boto3.client("wafv2", region_name="us-east-1", endpoint_url="http://127.0.0.1:${ports.moto}")`;
    const created = JSON.parse(py(`${client}
s = waf.create_ip_set(Name=${JSON.stringify(ipSetName)}, Scope="REGIONAL", IPAddressVersion="IPV4", Addresses=[])["Summary"]
print(json.dumps({"id": s["Id"], "arn": s["ARN"]}))`)) as { id: string; arn: string };
    host.writeFile(`${conflictArmFile}.set`, `${ipSetName} ${created.id}\n`, "0644");
    return {
        endpointUrl: `http://127.0.0.1:${ports.proxy}`,
        ipSetName,
        ipSetId: created.id,
        ipSetArn: created.arn,
        addresses: () => JSON.parse(py(`${client}
print(json.dumps(sorted(waf.get_ip_set(Name=${JSON.stringify(ipSetName)}, Scope="REGIONAL", Id=${JSON.stringify(created.id)})["IPSet"]["Addresses"])))`)) as string[],
        armConflict: () => host.writeFile(conflictArmFile, "armed\n", "0644"),
        proxyLog: () => host.exec(`cat ${proxyLog} 2>/dev/null`).stdout.split("\n").filter(Boolean),
    };
}
