/**
 * The API host's push units, in push order: sshd, nginx, fail2ban (sshd + nginx-limit-req), the
 * CloudWatch agent, its environment file.
 * Plain values in, files out; provisioning/index.ts feeds it Pulumi outputs.
 */
import { ProvisioningConfig } from "../config";
import { ports } from "../../facts/ports";
import { PushUnit } from "../model";
import { firewallUnit } from "./firewall";
import { ApiEnvInput, ApiEnvSecrets, renderApiEnv } from "../render/api-env";
import { certbotLineage, certificatePaths, nginxReload, renderCertbotDeployHook, renderNginxApiSite, renderNginxMain } from "../render/nginx";
import { HostOptions, cloudwatchAgentUnit, ec2Host, fail2banUnit, sshdUnit } from "./common";
import { apiEnvPath, nginxPaths } from "../../facts/host-paths";
import { stagedPath } from "../render/push-script";
import { dnsName } from "../render/guard";
import { albTargetCertificate, renderNginxAlbSite } from "../render/nginx-alb";
import { WafIpSet } from "../render/waf-ipset";

export interface ApiHostValues {
    readonly config: ProvisioningConfig;
    readonly db: ApiEnvInput["db"];
    readonly redis: ApiEnvInput["redis"];
    readonly recordingsBucket: string;
    /** Every FreeSWITCH host's private address, host 0 first: the app's ESL endpoints. */
    readonly freeswitchPrivateIps: readonly string[];
    readonly host?: HostOptions;
    /** edge alb: the WAF IP set the nginx jails ban into (required then). */
    readonly waf?: WafIpSet;
}

export type ApiHostSecrets = ApiEnvSecrets;

/** A certificate directory: parents world-readable, the directory itself root's only; an existing one is left as it is. */
const certificateDir = (dir: string) => `(umask 022 && mkdir -p ${dir.replace(/\/[^/]+$/, "")}) &&
{ [ -d ${dir} ] || install -d -m 0700 ${dir}; }`;

/** A self-signed pair for `domain`, written beside the live files and renamed into place (never half a pair). */
const selfSignedPair = (cert: { readonly privkey: string; readonly fullchain: string }, domain: string, days: number, indent: string) =>
    `${indent}openssl req -x509 -newkey rsa:2048 -nodes -days ${days} -subj /CN=${domain} -addext subjectAltName=DNS:${domain} \\
${indent}    -keyout ${cert.privkey}.irisx-new -out ${cert.fullchain}.irisx-new >/dev/null 2>&1 &&
${indent}mv -f ${cert.privkey}.irisx-new ${cert.privkey} && mv -f ${cert.fullchain}.irisx-new ${cert.fullchain}`;

/**
 * The first push must pass `nginx -t` before Let's Encrypt has issued anything. When neither
 * certificate file (nor a link) is in our directory: link the lineage certbot already issued under
 * the domain's name (a host provisioned before nginx read from /etc/irisx/tls), else create a
 * self-signed placeholder pair. Anything already there is left alone, so a re-push never touches
 * what certbot's deploy hook linked in.
 */
function placeholderCertificate(domain: string): string {
    const cert = certificatePaths(domain);
    const live = certbotLineage(domain);
    return `install -d -m 0755 ${nginxPaths.acmeWebroot} &&
${certificateDir(cert.dir)} &&
if [ ! -e ${cert.fullchain} ] && [ ! -L ${cert.fullchain} ] && [ ! -e ${cert.privkey} ] && [ ! -L ${cert.privkey} ]; then
    if [ -s ${live}/fullchain.pem ] && [ -s ${live}/privkey.pem ] && [ ! -e ${live}/IRISX-PLACEHOLDER ]; then
        ln -s ${live}/privkey.pem ${cert.privkey} && ln -s ${live}/fullchain.pem ${cert.fullchain} &&
        echo "linked ${cert.dir} to the certificate certbot already issued in ${live}"
    else
${selfSignedPair(cert, domain, 30, "        ")} &&
        echo "self-signed placeholder until certbot's deploy hook (${nginxPaths.certbotDeployHook}) links the issued certificate" > ${cert.placeholderNote} &&
        echo "placeholder self-signed certificate created in ${cert.dir}"
    fi
fi`;
}

/**
 * Behind the ALB (edge alb) the host's certificate is only for the ALB hop, which never checks it
 * (provisioning/render/nginx-alb.ts): made once on the host, ten years, kept across re-pushes.
 */
function albTargetCertificateStep(domain: string): string {
    const cert = albTargetCertificate;
    return `${certificateDir(cert.dir)} &&
if [ ! -s ${cert.fullchain} ] || [ ! -s ${cert.privkey} ]; then
${selfSignedPair(cert, domain, cert.days, "    ")} &&
    echo "self-signed certificate for the load balancer's hop created in ${cert.dir} (${cert.days} days)"
fi`;
}

/** nginx's unit: the direct site with certbot's hook and placeholder, or the site behind the ALB. */
function nginxUnit(config: ProvisioningConfig, host: HostOptions): PushUnit {
    const common = { requires: ["nginx", "openssl"], tree: [nginxPaths.configDir], reload: nginxReload, secret: false };
    const main = { path: nginxPaths.main, content: renderNginxMain(), mode: "0644", group: "root" } as const;
    if (config.edge === "alb") {
        const site = renderNginxAlbSite({ domain: config.domain, appPort: config.appPort, ipv6: host.ipv6, trustedCidr: config.vpcCidr });
        return {
            name: "nginx",
            files: [main, { path: nginxPaths.site, content: site, mode: "0644", group: "root" }],
            prepare: albTargetCertificateStep(dnsName("domain", config.domain)),
            validate: `nginx -t -c ${stagedPath(nginxPaths.main)}`,
            ...common,
        };
    }
    return {
        name: "nginx",
        files: [
            main,
            { path: nginxPaths.site, content: renderNginxApiSite({ domain: config.domain, appPort: config.appPort, ipv6: host.ipv6 }), mode: "0644", group: "root" },
            { path: nginxPaths.certbotDeployHook, content: renderCertbotDeployHook(config.domain), mode: "0755", group: "root" },
        ],
        prepare: placeholderCertificate(config.domain),
        // The hook only runs later, under certbot: parse it now so a broken one never lands.
        // nginx.conf's includes are relative, so -c on the staged copy reads the staged tree.
        validate: `sh -n ${stagedPath(nginxPaths.certbotDeployHook)} && nginx -t -c ${stagedPath(nginxPaths.main)}`,
        ...common,
    };
}

export function apiHostUnits(values: ApiHostValues, secrets: ApiHostSecrets): PushUnit[] {
    const { config } = values;
    const host = values.host ?? ec2Host;
    const env: PushUnit = {
        name: "api-env",
        files: [
            {
                path: apiEnvPath,
                content: renderApiEnv(
                    {
                        appPort: config.appPort,
                        publicBaseUrl: `https://${dnsName("domain", config.domain)}`,
                        corsOrigins: config.corsOrigins,
                        db: values.db,
                        redis: values.redis,
                        recordingsBucket: values.recordingsBucket,
                        esl: values.freeswitchPrivateIps.map((host) => ({ host, port: ports.esl.from })),
                    },
                    secrets,
                ),
                mode: "0600",
                group: "root",
            },
        ],
        requires: ["awk"],
        prepare: "true",
        tree: [],
        // Reports line numbers only: the file holds secrets.
        validate: `awk '!/^#/ && !/^[A-Z_][A-Z0-9_]*=[^[:space:]"\\047\\\\]*$/ { print FILENAME ":" FNR ": not KEY=value"; bad = 1 } END { exit bad }' ${stagedPath(apiEnvPath)}`,
        reload: `if systemctl cat irisx-api.service >/dev/null 2>&1; then systemctl try-restart irisx-api.service; else echo "irisx-api.service is not installed yet; it reads ${apiEnvPath} when it starts"; fi`,
        secret: true,
    };
    const nginx = nginxUnit(config, host);
    // api.env waits for RDS and Redis; nginx and fail2ban go first so the host is protected and
    // serving (503 from the app) long before the data tier is up.
    const agent = host.cloudwatchAgent ? [cloudwatchAgentUnit(config, "api")] : [];
    // sshd first: the host is closed to passwords and root before anything else arrives.
    const sshd = host.sshdUnit ? [sshdUnit()] : [];
    if (config.edge === "alb" && !values.waf) throw new Error("edge alb: the API host's fail2ban bans into the WAF IP set, and none was given (waf)");
    const waf = config.edge === "alb" ? values.waf : undefined;
    return [...sshd, nginx, fail2banUnit({ config, host, nginxErrorLog: nginxPaths.errorLog, waf }), firewallUnit({ role: "api", config, loadBalancerCidrs: [config.vpcCidr] }), ...agent, env];
}
