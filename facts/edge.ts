/**
 * The API's public face (issue 16): `direct` (the API host's own Elastic IP, nginx terminates TLS
 * with Let's Encrypt) or `alb` (an internet-facing Application Load Balancer with AWS WAF in front
 * of every API host). Infra, provisioning, the pack and the plan all read the mode's name and the
 * health check's path from here.
 */
export const edgeModes = ["direct", "alb"] as const;
export type EdgeMode = (typeof edgeModes)[number];

/** The path nginx answers itself (no app behind it) for the load balancer's target-group health check. */
export const albHealthCheckPath = "/healthz";

/** Host counts per role (config keys apiHosts and freeswitchHosts): inclusive limits. */
export const hostCountRange = [1, 10] as const;
