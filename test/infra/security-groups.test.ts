import { strict as assert } from "assert";
import { MockedRun, RecordedResource } from "../../offline/mock-run";
import { parseStackConfig } from "../../infra/config";
import { planIngress } from "../../facts/ingress";
import { apiForbiddenPorts, ports, roleTagKey, twilioMediaCidrs, twilioSignallingCidrs } from "../../facts/ports";
import { effectiveIngress, EffectiveRule, groupIngress, sourceLabel, sourcesFor } from "../helpers/ingress";
import { committedStacks, committedValues, mockedStack, ofType, one, plain } from "../helpers/stacks";
import { types } from "../../facts/resource-types";

const host = (run: MockedRun, role: string) => one(run, types.instance, (r) => plain(r).tags?.[roleTagKey] === role);
const group = (run: MockedRun, role: string) => one(run, types.securityGroup, (r) => plain(r).tags?.[roleTagKey] === role);
const labels = (rules: EffectiveRule[], port: number, protocol: string) => sourcesFor(rules, port, protocol).map(sourceLabel).sort();
const sorted = (list: readonly string[]) => [...list].sort();

/** Every rule as "from-to/protocol", to compare a host's whole inbound surface. */
function openedPorts(rules: EffectiveRule[]): string[] {
    return rules.map((r) => `${r.from}-${r.to}/${r.protocol}`);
}

for (const stack of committedStacks) {
    describe(`security groups (${stack})`, () => {
        let run: MockedRun;
        const config = parseStackConfig(committedValues(stack));
        before(async () => {
            run = await mockedStack(stack);
        });

        it("gives each role its own security group, irisx-<env>-sg-<role> by its Name tag, autonamed so a replacement never waits on its old self", () => {
            for (const role of ["api", "freeswitch", "db", "cache"]) {
                const sg = group(run, role);
                assert.equal(sg.name, `irisx-${stack}-sg-${role}`);
                assert.equal(plain(sg).tags.Name, `irisx-${stack}-sg-${role}`);
                assert.equal(plain(sg).name, undefined);
            }
            assert.notEqual(group(run, "api").urn, group(run, "freeswitch").urn);
        });

        it("attaches exactly one security group to each host, the one of its role", () => {
            for (const role of ["api", "freeswitch"]) {
                const deps = host(run, role).propertyDependencies.vpcSecurityGroupIds ?? [];
                assert.deepEqual(deps, [group(run, role).urn]);
            }
        });

        it("never lets the API host accept SIP, SIP-TLS, RTP or ESL from anyone", () => {
            const rules = effectiveIngress(run, host(run, "api"));
            for (const spec of apiForbiddenPorts) {
                for (const protocol of spec.protocols) {
                    for (const port of [spec.from, spec.to, Math.floor((spec.from + spec.to) / 2)]) {
                        assert.deepEqual(sourcesFor(rules, port, protocol), [], `API host accepts ${port}/${protocol}`);
                    }
                }
            }
        });

        it("opens the API host to SSH from the admin CIDRs only and to HTTP/HTTPS from anywhere, nothing else", () => {
            const rules = effectiveIngress(run, host(run, "api"));
            assert.deepEqual(labels(rules, 22, "tcp"), sorted(config.adminCidrs));
            assert.deepEqual(labels(rules, 80, "tcp"), ["0.0.0.0/0"]);
            assert.deepEqual(labels(rules, 443, "tcp"), ["0.0.0.0/0"]);
            assert.deepEqual(sorted(openedPorts(rules)), sorted([
                ...config.adminCidrs.map(() => "22-22/tcp"), "80-80/tcp", "443-443/tcp",
            ]));
        });

        it("opens FreeSWITCH SIP (tcp+udp) to the signalling peers only", () => {
            const rules = effectiveIngress(run, host(run, "freeswitch"));
            assert.deepEqual(config.sipSignallingPeers, twilioSignallingCidrs, "committed stacks use Twilio's signalling /30s");
            assert.deepEqual(labels(rules, 5060, "udp"), sorted(twilioSignallingCidrs));
            assert.deepEqual(labels(rules, 5060, "tcp"), sorted(twilioSignallingCidrs));
        });

        it(`${config.sipTls ? "opens" : "keeps closed"} SIP-TLS 5061 as sipTls=${config.sipTls} says`, () => {
            const rules = effectiveIngress(run, host(run, "freeswitch"));
            assert.deepEqual(labels(rules, 5061, "tcp"), config.sipTls ? sorted(twilioSignallingCidrs) : []);
            assert.deepEqual(labels(rules, 5061, "udp"), []);
        });

        it("opens RTP 16384-32768/udp to the media peers only, and never over TCP", () => {
            const rules = effectiveIngress(run, host(run, "freeswitch"));
            for (const port of [ports.rtp.from, 20000, ports.rtp.to]) {
                assert.deepEqual(labels(rules, port, "udp"), sorted(twilioMediaCidrs));
                assert.deepEqual(labels(rules, port, "tcp"), []);
            }
            assert.deepEqual(labels(rules, ports.rtp.from - 1, "udp"), []);
            assert.deepEqual(labels(rules, ports.rtp.to + 1, "udp"), []);
        });

        it("allows ESL 8021 on FreeSWITCH only by reference to the API host's security group", () => {
            const rules = effectiveIngress(run, host(run, "freeswitch"));
            assert.deepEqual(labels(rules, 8021, "tcp"), ["sg:api"]);
            assert.deepEqual(labels(rules, 8021, "udp"), []);
        });

        it("opens FreeSWITCH SSH to the admin CIDRs only and nothing on it to the whole internet", () => {
            const rules = effectiveIngress(run, host(run, "freeswitch"));
            assert.deepEqual(labels(rules, 22, "tcp"), sorted(config.adminCidrs));
            const world = rules.filter((r) => "cidr" in r.source && /\/0$/.test(r.source.cidr));
            assert.deepEqual(world, []);
        });

        for (const [role, port] of [["db", ports.postgres.from], ["cache", ports.redis.from]] as const) {
            it(`lets only the API and FreeSWITCH groups reach ${role} on ${port}, and nothing else`, () => {
                const rules = groupIngress(run, group(run, role));
                assert.deepEqual(rules.map((r) => `${r.from}-${r.to}/${r.protocol}<-${sourceLabel(r.source)}`).sort(), [
                    `${port}-${port}/tcp<-sg:api`,
                    `${port}-${port}/tcp<-sg:freeswitch`,
                ]);
            });
        }

        it("gives the hosts outbound access and the data tier none", () => {
            const egressOf = (sg: RecordedResource) => ofType(run, types.securityGroupEgressRule).filter((r) => (r.propertyDependencies.securityGroupId ?? []).includes(sg.urn));
            for (const role of ["api", "freeswitch"]) assert.equal(egressOf(group(run, role)).length, 1, `${role} has egress`);
            for (const role of ["db", "cache"]) {
                assert.deepEqual(egressOf(group(run, role)), [], `${role} has egress`);
                assert.equal(plain(group(run, role)).egress, undefined);
            }
        });

        it("declares rules in one style only: standalone, never inline", () => {
            for (const sg of ofType(run, types.securityGroup)) {
                assert.equal(plain(sg).ingress, undefined, `${sg.name} has inline ingress`);
            }
            assert.deepEqual(ofType(run, types.securityGroupRule), []);
        });
    });
}

describe("planIngress", () => {
    const base = { adminCidrs: ["203.0.113.10/32"], sipSignallingPeers: ["198.51.100.0/30"], mediaPeers: ["192.0.2.0/24"], sipTls: false };

    it("adds 5061 rules for every signalling peer only when sipTls is on", () => {
        const tls = (cfg: typeof base) => planIngress(cfg).filter((r) => r.port === "sipTls");
        assert.deepEqual(tls(base), []);
        assert.deepEqual(tls({ ...base, sipTls: true }).map((r) => [r.protocol, r.source]), [["tcp", { cidr: "198.51.100.0/30" }]]);
    });

    it("builds the FreeSWITCH peer rules from the configured lists, not from defaults", () => {
        const rules = planIngress({ ...base, sipSignallingPeers: ["198.51.100.0/30", "198.51.100.4/30"] });
        const sip = rules.filter((r) => r.port === "sip").map((r) => `${r.protocol} ${"cidr" in r.source ? r.source.cidr : ""}`);
        assert.deepEqual(sip.sort(), ["tcp 198.51.100.0/30", "tcp 198.51.100.4/30", "udp 198.51.100.0/30", "udp 198.51.100.4/30"]);
        assert.deepEqual(rules.filter((r) => r.port === "rtp").map((r) => r.source), [{ cidr: "192.0.2.0/24" }]);
    });
});

describe("effective ingress (test helper)", () => {
    const rec = (type: string, name: string, inputs: Record<string, any>, propertyDependencies: Record<string, string[]> = {}): RecordedResource => ({
        type, name, urn: `urn:${name}`, id: name, custom: true, inputs, dependencies: [], propertyDependencies, additionalSecretOutputs: [],
    });
    const sg = rec(types.securityGroup, "sg", { tags: { [roleTagKey]: "freeswitch" }, ingress: [{ protocol: "udp", fromPort: 5060, toPort: 5060, cidrBlocks: ["0.0.0.0/0"] }] });
    const run: MockedRun = {
        stack: "t", preview: false, outputs: {}, calls: [], stackUrn: "",
        resources: [
            sg,
            rec(types.instance, "vm", {}, { vpcSecurityGroupIds: [sg.urn] }),
            rec(types.securityGroupIngressRule, "r1", { ipProtocol: "-1", cidrIpv6: "::/0" }, { securityGroupId: [sg.urn] }),
            rec(types.securityGroupRule, "r2", { type: "ingress", protocol: "6", fromPort: 8000, toPort: 9000, cidrBlocks: ["10.0.0.0/8"] }, { securityGroupId: [sg.urn] }),
        ],
    };

    it("joins inline blocks, standalone ingress rules and legacy SecurityGroupRules attached to the host's group", () => {
        const rules = effectiveIngress(run, run.resources[1]);
        assert.deepEqual(labels(rules, 5060, "udp").sort(), ["0.0.0.0/0", "::/0"]);
        assert.deepEqual(labels(rules, 8021, "tcp").sort(), ["10.0.0.0/8", "::/0"]);
        assert.deepEqual(labels(rules, 22, "tcp"), ["::/0"]);
    });
});
