/**
 * Estimated deploy time of a fresh stack: every cloud resource gets a typical create time from
 * the one table below, the engine creates a resource once everything it depends on exists
 * (and, by default, runs everything else in parallel), so the wall time is the longest
 * dependency chain; the serial sum is what it would take one at a time.
 */
import { isProviderType, types } from "../../facts/resource-types";
import { PlanResource, dependencyUrns, inputOf, typeOfUrn } from "./resource";

export interface CreateTime {
    /** Typical seconds from "creating" to "created" (an estimate, not an SLA). */
    readonly seconds: number;
    /** Where the figure comes from. */
    readonly source: string;
}

// Upper bounds quoted here are the terraform-provider-aws default create timeouts (its
// website/docs/r/<resource>.html.markdown, section "Timeouts"); @pulumi/aws is bridged from that
// provider, so the same waiters run. Typical figures are observed orders of magnitude.
const oneCall = "one synchronous API call, no waiter (typical)";
const local = "computed locally by the provider, no cloud call";

/** Typical create time per resource type; `#variant` keys are chosen by `timeKey`. */
export const createTimes: Readonly<Record<string, CreateTime>> = {
    [types.vpc]: { seconds: 10, source: "provider waits for the VPC to be 'available' (typical)" },
    [types.subnet]: { seconds: 5, source: "provider waits for the subnet to be 'available' (typical)" },
    [types.internetGateway]: { seconds: 5, source: "create + attach to the VPC (typical)" },
    [types.routeTable]: { seconds: 5, source: oneCall },
    [types.routeTableAssociation]: { seconds: 3, source: oneCall },
    [types.defaultSecurityGroup]: { seconds: 3, source: "adopts the VPC's default SG and revokes its rules (typical)" },
    [types.securityGroup]: { seconds: 5, source: "create + revoke the default egress rule (typical)" },
    [types.securityGroupIngressRule]: { seconds: 3, source: oneCall },
    [types.securityGroupEgressRule]: { seconds: 3, source: oneCall },
    [types.flowLog]: { seconds: 5, source: oneCall },
    [types.keyPair]: { seconds: 2, source: oneCall },
    [types.eip]: { seconds: 3, source: oneCall },
    [types.instance]: { seconds: 60, source: "provider waits for 'running' (typical 30-90 s); upper bound: default create timeout 10m, terraform-provider-aws docs r/instance" },
    [types.logGroup]: { seconds: 2, source: oneCall },
    [types.logMetricFilter]: { seconds: 2, source: oneCall },
    [types.metricAlarm]: { seconds: 2, source: oneCall },
    [types.snsTopic]: { seconds: 2, source: oneCall },
    [types.snsSubscription]: { seconds: 2, source: "one call; an e-mail subscription stays 'pending confirmation', which the provider accepts" },
    [types.iamRole]: { seconds: 5, source: "IAM is eventually consistent; the provider retries until the role is usable (typical)" },
    [types.iamRolePolicy]: { seconds: 3, source: oneCall },
    [types.iamRolePolicyAttachment]: { seconds: 3, source: oneCall },
    [types.iamInstanceProfile]: { seconds: 10, source: "provider waits for the profile to propagate before EC2 accepts it (typical)" },
    [types.rdsSubnetGroup]: { seconds: 3, source: oneCall },
    [types.rdsParameterGroup]: { seconds: 3, source: oneCall },
    [types.rdsInstance]: { seconds: 600, source: "single-AZ PostgreSQL to 'available': typical 8-12 min; upper bound: default create timeout 40m, terraform-provider-aws docs r/db_instance" },
    [`${types.rdsInstance}#multiAz`]: { seconds: 1200, source: "Multi-AZ adds a standby in a second AZ: typical 15-25 min; upper bound: default create timeout 40m, terraform-provider-aws docs r/db_instance" },
    [types.elasticacheSubnetGroup]: { seconds: 3, source: oneCall },
    [types.replicationGroup]: { seconds: 600, source: "one Redis node to 'available': typical 8-12 min; upper bound: default create timeout 60m, terraform-provider-aws docs r/elasticache_replication_group" },
    [`${types.replicationGroup}#replicas`]: { seconds: 900, source: "primary + replica with failover: typical 12-18 min; upper bound: default create timeout 60m, terraform-provider-aws docs r/elasticache_replication_group" },
    [types.bucket]: { seconds: 3, source: oneCall },
    [types.bucketPublicAccessBlock]: { seconds: 2, source: oneCall },
    [types.bucketOwnershipControls]: { seconds: 2, source: oneCall },
    [types.bucketSse]: { seconds: 2, source: oneCall },
    [types.bucketVersioning]: { seconds: 2, source: oneCall },
    [types.bucketLifecycle]: { seconds: 5, source: "provider waits for the lifecycle rules to read back (typical)" },
    [types.bucketPolicy]: { seconds: 2, source: oneCall },
    [types.randomPassword]: { seconds: 0, source: local },
    [types.randomId]: { seconds: 0, source: local },
    [types.privateKey]: { seconds: 0, source: local },
    // The ALB + WAF edge (edge alb).
    [types.loadBalancer]: { seconds: 180, source: "provider waits for the load balancer to be 'active': typical 2-4 min; upper bound: default create timeout 10m, terraform-provider-aws docs r/lb" },
    [types.targetGroup]: { seconds: 2, source: oneCall },
    [types.targetGroupAttachment]: { seconds: 2, source: "one RegisterTargets call; health checks run afterwards (typical)" },
    [types.listener]: { seconds: 3, source: oneCall },
    [types.ipSet]: { seconds: 2, source: oneCall },
    [types.webAcl]: { seconds: 5, source: "one CreateWebACL call (estimate)" },
    [types.webAclAssociation]: { seconds: 30, source: "provider retries AssociateWebACL while the new load balancer is not yet accepted (estimate; default create timeout 5m, terraform-provider-aws docs r/wafv2_web_acl_association)" },
    [types.webAclLoggingConfiguration]: { seconds: 2, source: oneCall },
    [types.certificate]: { seconds: 5, source: "RequestCertificate returns at once; the certificate stays PENDING_VALIDATION (typical)" },
    [types.certificateValidation]: { seconds: 300, source: "waits for ACM to see the DNS record and issue: typical 1-10 min (estimate); upper bound: default create timeout 75m, terraform-provider-aws docs r/acm_certificate_validation" },
    [types.route53Record]: { seconds: 40, source: "provider waits for the change to be INSYNC: typical 30-60 s (estimate)" },
    // test/provisioning measured a whole push (stage, copy, validate, reload) at 1.5-2.2 s per unit
    // against local test hosts; a real host adds network round trips.
    [types.remoteCommand]: { seconds: 5, source: "one SSH session running a short script (test/provisioning push timings + WAN round trips)" },
    [`${types.remoteCommand}#deleteOnly`]: { seconds: 0, source: "a Command with only a delete step (the FreeSWITCH drain) runs nothing when created (pulumi-command commandController.go, Create)" },
    [`${types.remoteCommand}#freshHost`]: { seconds: 240, source: "first SSH session on a new host: boot and sshd, then the push waits for cloud-init's apt update, upgrade and installs (typical 2-6 min on Debian 12)" },
};

/** Assumed for a type missing from the table; such types are listed so the table can grow. */
export const unlistedCreateTime: CreateTime = { seconds: 5, source: "not in the table: assumed one API call" };

/** The table key for a resource: its type, or a `#variant` when its inputs change the figure. */
export function timeKey(resource: PlanResource): string {
    if (resource.type === types.remoteCommand && inputOf(resource, "create") === undefined && inputOf(resource, "delete") !== undefined) return `${resource.type}#deleteOnly`;
    // Pushes on one host run one after another; the command that depends on no other remote
    // resource is the first to reach the new host, and so the one that waits for boot and cloud-init.
    if (resource.type === types.remoteCommand && !dependencyUrns(resource).some((urn) => typeOfUrn(urn) === types.remoteCommand)) {
        return `${resource.type}#freshHost`;
    }
    if (resource.type === types.rdsInstance && inputOf(resource, "multiAz") === true) return `${resource.type}#multiAz`;
    if (resource.type === types.replicationGroup) {
        const clusters = inputOf(resource, "numCacheClusters");
        if (inputOf(resource, "automaticFailoverEnabled") === true || (typeof clusters === "number" && clusters > 1)) {
            return `${resource.type}#replicas`;
        }
    }
    return resource.type;
}

export function createTimeOf(resource: PlanResource): CreateTime {
    if (!resource.custom || isProviderType(resource.type)) return { seconds: 0, source: "no cloud resource" };
    return createTimes[timeKey(resource)] ?? unlistedCreateTime;
}

export interface ChainStep {
    readonly name: string;
    readonly type: string;
    readonly seconds: number;
}

export interface DeployEstimate {
    /** Wall time if everything not on one chain runs in parallel (the engine's default). */
    readonly longestChainSeconds: number;
    /** Sum of every create time: the wall time with `--parallel 1`. */
    readonly totalSerialSeconds: number;
    /** The longest chain, first-created first. */
    readonly chain: readonly ChainStep[];
    readonly unlistedTypes: readonly string[];
}

/**
 * Builds the dependency graph of cloud resources (a dependency on a component stands for every
 * cloud resource inside it) and finds its longest chain by create time.
 */
export function estimateDeployTime(resources: readonly PlanResource[]): DeployEstimate {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, PlanResource[]>();
    for (const r of resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);

    const cloudDescendants = (urn: string, seen = new Set<string>()): PlanResource[] => {
        if (seen.has(urn)) return [];
        seen.add(urn);
        return (children.get(urn) ?? []).flatMap((c) => (c.custom ? [c] : cloudDescendants(c.urn, seen)));
    };
    const waitsFor = (r: PlanResource): PlanResource[] =>
        dependencyUrns(r).flatMap((urn) => {
            const dep = byUrn.get(urn);
            if (!dep) return [];
            return dep.custom ? [dep] : cloudDescendants(dep.urn);
        });

    const cloud = resources.filter((r) => r.custom);
    // finish[urn] = the longest chain ending with that resource (memoised; a cycle, which the
    // engine would reject, is cut rather than looped on).
    const finish = new Map<string, { seconds: number; previous?: PlanResource }>();
    const visiting = new Set<string>();
    const finishOf = (r: PlanResource): number => {
        const known = finish.get(r.urn);
        if (known) return known.seconds;
        if (visiting.has(r.urn)) return 0;
        visiting.add(r.urn);
        let best: { seconds: number; previous?: PlanResource } = { seconds: 0 };
        for (const dep of waitsFor(r)) {
            const seconds = finishOf(dep);
            if (seconds > best.seconds || (seconds === best.seconds && best.previous === undefined)) best = { seconds, previous: dep };
        }
        visiting.delete(r.urn);
        const own = createTimeOf(r).seconds;
        finish.set(r.urn, { seconds: best.seconds + own, previous: best.previous });
        return best.seconds + own;
    };

    let last: PlanResource | undefined;
    for (const r of cloud) if (last === undefined || finishOf(r) > finishOf(last)) last = r;

    const chain: ChainStep[] = [];
    for (let step = last; step !== undefined; step = finish.get(step.urn)?.previous) {
        chain.unshift({ name: step.name, type: step.type, seconds: createTimeOf(step).seconds });
    }
    const unlisted = new Set(cloud.filter((r) => createTimeOf(r) === unlistedCreateTime).map((r) => r.type));
    return {
        longestChainSeconds: last ? finishOf(last) : 0,
        totalSerialSeconds: cloud.reduce((sum, r) => sum + createTimeOf(r).seconds, 0),
        chain,
        unlistedTypes: [...unlisted].sort(),
    };
}
