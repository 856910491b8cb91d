/**
 * The grammar every config string passes before it reaches a rendered file, a shell script or an
 * AWS input. Each returns a problem (without echoing secrets) or undefined. Values are never
 * trimmed: what is validated is what is used.
 */
import { parseCidr } from "../../facts/cidr";
import { edgeModes } from "../../facts/edge";

export type Grammar = (value: string) => string | undefined;

/** Control characters (C0, DEL, C1), format characters (bidi overrides, zero-width) and U+2028/9. */
const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Every value of every key: no surrounding whitespace, no control or line-separator characters. */
export function plainTextProblem(value: string): string | undefined {
    if (invisible.test(value)) return "contains a control or line-separator character";
    if (/^\s|\s$/u.test(value)) return "has leading or trailing whitespace";
    return undefined;
}

/** How a refused value is quoted in a message: escaped (a newline shows as \n) and cut short. */
export function show(value: string): string {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

const matching = (pattern: RegExp, hint: string): Grammar => (value) => (pattern.test(value) ? undefined : `${show(value)} is not valid; ${hint}`);

const label = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
/** A lower-case DNS name with a letter-only top-level label (nginx server_name, certificate CN). */
export const hostnamePattern = new RegExp(`^(?=.{1,253}$)(${label}\\.)+[a-z]{2,63}$`);

export const grammars = {
    environment: matching(/^(dev|staging|prod)$/, "use one of dev, staging, prod"),
    region: matching(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "use an AWS region such as us-east-1"),
    hostname: matching(hostnamePattern, "use the API's public DNS name, e.g. api.irisx.example"),
    cidr: (value) => (parseCidr(value) ? undefined : `${show(value)} is not a CIDR; write an address and prefix such as 203.0.113.10/32 or 2001:db8::/64`),
    origin: (value) => originProblem(value),
    email: matching(new RegExp(`^[A-Za-z0-9._%+-]{1,64}@(?=.{1,253}$)(${label}\\.)+[a-z]{2,63}$`, "i"), "use the on-call address, e.g. oncall@irisx.example"),
    ec2InstanceType: matching(/^[a-z][a-z0-9-]{0,15}\.[a-z0-9]{1,16}$/, "use an EC2 instance type such as t3.small"),
    rdsInstanceClass: matching(/^db\.[a-z0-9-]{1,16}\.[a-z0-9]{1,16}$/, "use an RDS class such as db.t4g.micro"),
    cacheNodeType: matching(/^cache\.[a-z0-9]{1,16}\.[a-z0-9]{1,16}$/, "use an ElastiCache node type such as cache.t4g.micro"),
    label: matching(/^[A-Za-z0-9._-]{1,64}$/, "use a short label such as 2026-11 (letters, digits, . _ -)"),
    amiId: matching(/^ami-[0-9a-f]{8,17}$/, "not an AMI id (ami-0123456789abcdef0); unset it to use Debian 12"),
    opensshPublicKey: (value) => publicKeyProblem(value),
    opensshPrivateKey: (value) => privateKeyProblem(value),
    edgeMode: matching(new RegExp(`^(${edgeModes.join("|")})$`), `use one of ${edgeModes.join(", ")}`),
    // arn:<partition>:acm:<region>:<account>:certificate/<uuid>, the form ACM issues (ACM API reference, CertificateArn).
    acmCertificateArn: matching(/^arn:aws(-cn|-us-gov)?:acm:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d:\d{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "use an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>"),
    // Route 53 hosted zone ids: "Z" and upper-case letters and digits, at most 32 characters (the API's ResourceId).
    route53ZoneId: matching(/^Z[A-Z0-9]{1,31}$/, "use the hosted zone's id as Route 53 shows it, e.g. Z0123456789ABCDEFGHIJ (not /hostedzone/…)"),
    // api.env lines are unquoted KEY=value (systemd EnvironmentFile, dotenv readers that expand `$`):
    // only the characters issued tokens use (hex, base64, base64url), so nothing a reader interprets.
    trunkAuthToken: (value) => (/^[A-Za-z0-9._~+\/=-]{16,256}$/.test(value) ? undefined : "is not valid (value not shown: it is a secret); use the trunk provider's auth token as issued, 16-256 letters, digits or . _ ~ + / = - (Twilio: the 32-character auth token in the Console)"),
} as const satisfies Record<string, Grammar>;

export type GrammarName = keyof typeof grammars;

/** Each grammar in words, for README's config reference and Pulumi.yaml's comments. */
export const grammarDocs: Readonly<Record<GrammarName, string>> = {
    environment: "one of dev, staging, prod",
    region: "an AWS region name (us-east-1)",
    hostname: "a lower-case DNS name",
    cidr: "an IPv4 or IPv6 CIDR (203.0.113.10/32, 2001:db8::/64)",
    origin: "`http(s)://host[:port]`: a DNS name, localhost or an IP address, no path",
    email: "an e-mail address (letters, digits, `._%+-` before the @)",
    ec2InstanceType: "an EC2 instance type (t3.small)",
    rdsInstanceClass: "an RDS class (db.t4g.micro)",
    cacheNodeType: "an ElastiCache node type (cache.t4g.micro)",
    label: "1-64 letters, digits, `.`, `_`, `-`",
    amiId: "an AMI id (ami- and 8 or 17 hex digits)",
    opensshPublicKey: "one OpenSSH public key line: type, base64 key of that type, optional comment",
    opensshPrivateKey: "an unencrypted PEM private key (OpenSSH, RSA or EC)",
    edgeMode: "one of direct, alb",
    acmCertificateArn: "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>)",
    route53ZoneId: "a Route 53 hosted zone id (Z and up to 31 upper-case letters or digits)",
    trunkAuthToken: "16-256 letters, digits or `._~+/=-` (hex, base64, base64url), the trunk provider's auth token as issued",
};

/** `scheme://host[:port]`: http(s), a DNS name, localhost, an IPv4 address or a bracketed IPv6 one. */
function originProblem(value: string): string | undefined {
    const match = /^(https?):\/\/(localhost|\[[0-9a-f:]+\]|[0-9.]+|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value);
    const host = match?.[2] ?? "";
    const hostOk =
        host === "localhost" ||
        hostnamePattern.test(host) ||
        (/^[0-9.]+$/.test(host) && parseCidr(`${host}/32`) !== undefined) ||
        (host.startsWith("[") && parseCidr(`${host.slice(1, -1)}/128`) !== undefined);
    const port = match?.[3] === undefined ? 1 : Number(match[3]);
    if (!match || !hostOk || port < 1 || port > 65535 || /^0\d/.test(match[3] ?? "")) {
        return `${show(value)} must be a scheme and host with no path or wildcard, e.g. https://app.irisx.example or http://localhost:9847`;
    }
    return undefined;
}

const keyTypes = ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"];

/** One OpenSSH public key line, anchored at both ends: type, base64 blob naming the same type, optional comment. */
function publicKeyProblem(value: string): string | undefined {
    const hint = "must be one OpenSSH public key line (ssh-ed25519 AAAA... [comment], comment of letters, digits and @ . _ + -); unset it to generate a key pair";
    const match = /^([a-z0-9-]+) ([A-Za-z0-9+/]+={0,2})(?: ([A-Za-z0-9@._+-]{1,100}))?$/.exec(value);
    if (!match || !keyTypes.includes(match[1])) return hint;
    // The blob starts with the key type as an SSH string (RFC 4253 §6.6): a line whose blob
    // belongs to another type, or is not base64 at all, is refused here, not by sshd later.
    const blob = Buffer.from(match[2], "base64");
    const length = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
    if (blob.toString("base64") !== match[2] || blob.subarray(4, 4 + length).toString("latin1") !== match[1]) return hint;
    return undefined;
}

/** A PEM private key (OpenSSH, RSA or EC); never quoted in the message, it is a secret. */
function privateKeyProblem(value: string): string | undefined {
    const pem = /^-----BEGIN (OPENSSH|RSA|EC) PRIVATE KEY-----\n(?:[A-Za-z0-9+/=]{1,76}\n)+-----END \1 PRIVATE KEY-----\n?$/;
    return pem.test(value) ? undefined : "must be an unencrypted PEM private key (-----BEGIN OPENSSH PRIVATE KEY----- ...); its value is not shown";
}
