import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { Namespace } from "../../../constructs/kubernetes/namespace";
import { NamespaceNetworkPolicies, NamespaceNetworkPoliciesProps, PolicyRuleSpec } from "../../../constructs/kubernetes/namespace-network-policies";

type Rule = ["ingress" | "egress", string, PolicyRuleSpec];

function build(props: Partial<NamespaceNetworkPoliciesProps> = {}, rules: Rule[] = []): { out: any; policies: NamespaceNetworkPolicies } {
  let policies: NamespaceNetworkPolicies | undefined;
  const out = Testing.synthScope((scope: Construct) => {
    policies = new NamespaceNetworkPolicies(scope, "Policies", { namespace: "edge", ...props });
    for (const [direction, name, spec] of rules) {
      if (direction === "ingress") policies.allowIngress(name, spec);
      else policies.allowEgress(name, spec);
    }
  });
  return { out: JSON.parse(out), policies: policies! };
}

const specs = (out: any): Record<string, any> =>
  Object.fromEntries(Object.values<any>(out.resource.kubernetes_manifest).map((r) => [r.manifest.metadata.name, r.manifest.spec]));
const proxies = { "app.kubernetes.io/name": "envoy" };

describe("NamespaceNetworkPolicies", () => {
  test("defaults: default deny of both directions and DNS to kube-dns for every pod", () => {
    const { out } = build();
    expect(specs(out)).toEqual({
      "default-deny-all": { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      "allow-dns": {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    });
  });

  test("dns: false for namespaces whose pods resolve nothing", () => {
    expect(Object.keys(specs(build({ dns: false }).out))).toEqual(["default-deny-all"]);
  });

  test("ingress from pods of the same namespace uses a pod selector only; of another namespace, both selectors ANDed", () => {
    const { out } = build({}, [
      ["ingress", "local", { pods: { app: "api" }, peers: [{ pods: { namespace: "edge", podLabels: proxies } }], ports: [{ port: 8080 }] }],
      ["ingress", "remote", { pods: { app: "api" }, peers: [{ pods: { namespace: "shop", podLabels: { app: "web" } } }], ports: [{ port: 8080 }] }],
    ]);
    expect(specs(out).local.ingress).toEqual([{ from: [{ podSelector: { matchLabels: proxies } }], ports: [{ protocol: "TCP", port: 8080 }] }]);
    expect(specs(out).remote.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } }, podSelector: { matchLabels: { app: "web" } } },
    ]);
  });

  test("egress to address ranges, with excepts kept only inside their range", () => {
    const { out } = build({}, [
      [
        "egress",
        "internet",
        { pods: {}, peers: [{ cidrs: ["0.0.0.0/0", "198.51.100.0/24"], except: ["10.0.0.0/8"] }], ports: [{ port: 443 }, { port: 53, protocol: "UDP" }] },
      ],
    ]);
    expect(specs(out).internet).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }, { ipBlock: { cidr: "198.51.100.0/24" } }],
          ports: [
            { protocol: "TCP", port: 443 },
            { protocol: "UDP", port: 53 },
          ],
        },
      ],
    });
  });

  test("anywhere: a rule without from, for callers no selector can name", () => {
    const { out } = build({}, [["ingress", "webhook", { pods: { app: "webhook" }, peers: [{ anywhere: true }], ports: [{ port: 10250 }] }]]);
    expect(specs(out).webhook).toEqual({
      podSelector: { matchLabels: { app: "webhook" } },
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ protocol: "TCP", port: 10250 }] }],
    });
  });

  test("every policy validates against the NetworkPolicy schema and waits for a Namespace construct", () => {
    const out = JSON.parse(
      Testing.synthScope((scope) => {
        const ns = new Namespace(scope, "Ns", { name: "edge" });
        new NamespaceNetworkPolicies(scope, "Policies", { namespace: ns }).allowEgress("out", {
          pods: {},
          peers: [{ cidrs: ["0.0.0.0/0"] }],
          ports: [{ port: 443 }],
        });
      }),
    );
    const policies = Object.values<any>(out.resource.kubernetes_manifest).filter((r) => r.manifest.kind === "NetworkPolicy");
    expect(policies).toHaveLength(3);
    for (const p of policies) {
      expect(() => new NetworkPolicy(p.manifest).validate()).not.toThrow();
      expect(p.depends_on).toEqual([expect.stringMatching(/^kubernetes_manifest\.Ns_/)]);
    }
  });

  test("exposes the policies by name", () => {
    const { policies } = build({}, [["egress", "out", { pods: {}, peers: [{ anywhere: true }], ports: [{ port: 443 }] }]]);
    expect(Object.keys(policies.policies)).toEqual(["default-deny-all", "allow-dns", "out"]);
    expect(policies.namespace).toBe("edge");
  });

  describe("fails", () => {
    const rule = (spec: Partial<PolicyRuleSpec>, name = "p"): Rule[] => [
      ["egress", name, { pods: {}, peers: [{ anywhere: true }], ports: [{ port: 443 }], ...spec }],
    ];
    test("on a policy name used twice or not a DNS label", () => {
      expect(() => build({}, [...rule({}), ...rule({})])).toThrow(/Policies: policy p name is already used in this namespace \(got "p"\)/);
      expect(() => build({}, rule({}, "Allow_All"))).toThrow(/policy Allow_All name must be a DNS label/);
    });
    test("on no peers, no ports or an out-of-range port", () => {
      expect(() => build({}, rule({ peers: [] }))).toThrow(/policy p peers must list at least one peer/);
      expect(() => build({}, rule({ ports: [] }))).toThrow(/policy p ports must list at least one port/);
      expect(() => build({}, rule({ ports: [{ port: 70000 }] }))).toThrow(/policy p ports\[0\]\.port must be a whole number from 1 to 65535/);
    });
    test("on anywhere combined with other peers", () => {
      expect(() => build({}, rule({ peers: [{ anywhere: true }, { cidrs: ["0.0.0.0/0"] }] }))).toThrow(
        /must not combine \{ anywhere: true \} with other peers/,
      );
    });
    test("on malformed ranges and empty pod selectors of peers", () => {
      expect(() => build({}, rule({ peers: [{ cidrs: ["10.0.0.1/8"] }] }))).toThrow(/policy p peers\[0\]\.cidrs has host bits set \(got "10\.0\.0\.1\/8"\)/);
      expect(() => build({}, rule({ peers: [{ cidrs: ["internet"] }] }))).toThrow(/policy p peers\[0\]\.cidrs must be IPv4 CIDRs/);
      expect(() => build({}, rule({ peers: [{ cidrs: [] }] }))).toThrow(/policy p peers\[0\]\.cidrs must list at least one range/);
      expect(() => build({}, rule({ peers: [{ pods: { namespace: "shop", podLabels: {} } }] }))).toThrow(
        /policy p peers\[0\]\.pods\.podLabels must select pods by at least one label/,
      );
    });
    test("naming every problem of a policy at once, down to each peer and port", () => {
      const peers = [{ cidrs: ["10.0.0.1/8"] }, { pods: { namespace: "shop", podLabels: {} } }];
      expect(() => build({}, rule({ peers, ports: [{ port: 0 }, { port: 443 }, { port: 70000 }] }, "Allow_All"))).toThrow(
        /Policies: 5 problems:\n- \S*Policies: policy Allow_All name must be a DNS label.*\n- \S*Policies: policy Allow_All peers\[0\]\.cidrs has host bits set.*\n- \S*Policies: policy Allow_All peers\[1\]\.pods\.podLabels must select pods.*\n- \S*Policies: policy Allow_All ports\[0\]\.port must be a whole number.*\n- \S*Policies: policy Allow_All ports\[2\]\.port must be a whole number.*$/,
      );
    });
    test("on an invalid namespace", () => {
      expect(() => build({ namespace: "Edge" })).toThrow(/namespace must be/);
    });
  });
});
