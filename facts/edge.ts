/**
 * The API's public face (issue 16): `direct` (the API host's own Elastic IP, nginx terminates TLS
 * with Let's Encrypt) or `alb` (an internet-facing Application Load Balancer with AWS WAF in front
 * of every API host). Infra, provisioning, the pack and the plan all read the mode's name, the
 * health check's path and the listener policies from here.
 */
export const edgeModes = ["direct", "alb"] as const;
export type EdgeMode = (typeof edgeModes)[number];

/** The path nginx answers itself (no app behind it) for the load balancer's target-group health check. */
export const albHealthCheckPath = "/healthz";

/**
 * ALB security policies that negotiate nothing older than TLS 1.2, from AWS's table "Security
 * policies for your Application Load Balancer" (docs.aws.amazon.com/elasticloadbalancing/latest/
 * application/describe-ssl-policies.html): the TLS13-* policies (1.2+1.3, 1.3 only, FIPS, PQ)
 * and the TLS-1-2 / FS-1-2 policies (1.2 only). Anything else (2016-08, the default when a
 * listener names none, and TLS-1-1 / FS-2018-06) still accepts TLS 1.0 or 1.1.
 */
export const tls12PlusSslPolicies: readonly string[] = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];

/** The 443 listener's policy: TLS 1.3 and 1.2 with AWS's recommended ciphers (the table's "TLS13-1-2-2021-06"). */
export const albSslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** What the load balancer's own group takes from 0.0.0.0/0 (the pack and the ingress plan read it). */
export const loadBalancerWorldPorts = ["http", "https"] as const;
