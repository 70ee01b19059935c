import {
  Endpoint,
  LabelSelector,
  NetworkPolicyManifest,
  ReachabilityAnalyzer,
  externalAddress,
  matchesSelector,
  policyTypes,
} from "../../../review/reachability";

/** Small fixtures: namespaces `a` (team=red) and `b` (team=blue), a few pods, one external address. */
const namespaces = [
  { name: "a", labels: { team: "red" } },
  { name: "b", labels: { team: "blue" } },
];
const pod = (ns: string, name: string, labels: Record<string, string>, ports: Endpoint["ports"] = [{ name: "http", port: 8080 }]): Endpoint => ({
  id: `${ns}/${name}`,
  kind: "pod",
  namespace: ns,
  labels,
  ports,
});
const web = pod("a", "web", { app: "web" });
const api = pod("a", "api", { app: "api" });
const db = pod("a", "db", { app: "db", tier: "data" }, [{ name: "pg", port: 5432 }]);
const otherApi = pod("b", "api", { app: "api" });
const otherWeb = pod("b", "web", { app: "web" });
const internet = externalAddress("203.0.113.10");

function np(name: string, spec: NetworkPolicyManifest["spec"], namespace = "a"): NetworkPolicyManifest {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}
const analyze = (...policies: NetworkPolicyManifest[]) => new ReachabilityAnalyzer(policies, namespaces);

describe("matchesSelector", () => {
  const labels = { app: "web", env: "prod" };
  it.each<[string, LabelSelector, Record<string, string>, boolean]>([
    ["empty selector matches all", {}, labels, true],
    ["empty selector matches unlabelled", {}, {}, true],
    ["matchLabels subset", { matchLabels: { app: "web" } }, labels, true],
    ["matchLabels wrong value", { matchLabels: { app: "api" } }, labels, false],
    ["matchLabels AND matchExpressions", { matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "In", values: ["dev"] }] }, labels, false],
    ["In", { matchExpressions: [{ key: "env", operator: "In", values: ["prod", "staging"] }] }, labels, true],
    ["In without the key", { matchExpressions: [{ key: "zone", operator: "In", values: ["x"] }] }, labels, false],
    ["NotIn listed", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, labels, false],
    ["NotIn unlisted", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] }, labels, true],
    ["NotIn matches a missing key", { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["x"] }] }, labels, true],
    ["Exists", { matchExpressions: [{ key: "env", operator: "Exists" }] }, labels, true],
    ["Exists missing", { matchExpressions: [{ key: "zone", operator: "Exists" }] }, labels, false],
    ["DoesNotExist", { matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, labels, true],
    ["DoesNotExist present", { matchExpressions: [{ key: "env", operator: "DoesNotExist" }] }, labels, false],
  ])("%s", (_name, selector, l, expected) => {
    expect(matchesSelector(selector, l)).toBe(expected);
  });

  it("rejects selectors the API server rejects", () => {
    expect(() => matchesSelector({ matchExpressions: [{ key: "a", operator: "In", values: [] }] }, {})).toThrow(/needs at least one value/);
    expect(() => matchesSelector({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }, {})).toThrow(/takes no values/);
    expect(() => matchesSelector({ matchExpressions: [{ key: "a", operator: "Gt" as never, values: ["1"] }] }, {})).toThrow(/unknown operator/);
  });
});

describe("isolation and policyTypes", () => {
  it("no policy: everything is allowed, nothing isolated", () => {
    const v = analyze().check(web, db, 5432);
    expect(v).toMatchObject({ allowed: true, egress: { isolated: false }, ingress: { isolated: false } });
  });

  it("implied policyTypes: Ingress always, Egress only with non-empty egress rules", () => {
    expect(policyTypes(np("p", { podSelector: {} }))).toEqual(["Ingress"]);
    expect(policyTypes(np("p", { podSelector: {}, egress: [{}] }))).toEqual(["Ingress", "Egress"]);
    // The API server defaults on len(egress) != 0: an empty list implies nothing; an empty policyTypes is "absent".
    expect(policyTypes(np("p", { podSelector: {}, egress: [] }))).toEqual(["Ingress"]);
    expect(policyTypes(np("p", { podSelector: {}, policyTypes: [], egress: [{}] }))).toEqual(["Ingress", "Egress"]);
  });

  it("a policy with only spec.egress and no policyTypes isolates BOTH directions", () => {
    const a = analyze(
      np("egress-rules-only", { podSelector: { matchLabels: { app: "db" } }, egress: [{ to: [{ podSelector: { matchLabels: { app: "api" } } }] }] }),
    );
    const inbound = a.check(web, db, 5432);
    expect(inbound).toMatchObject({ allowed: false, ingress: { isolated: true, selectedBy: ["a/egress-rules-only"], allowedBy: [] } });
    expect(a.check(db, api, 8080)).toMatchObject({ allowed: true, egress: { isolated: true, allowedBy: ["a/egress-rules-only"] } });
    expect(a.check(db, web, 8080).allowed).toBe(false);
  });

  it("policyTypes [Egress] with no rules: egress denied, ingress left open", () => {
    const a = analyze(np("deny-egress", { podSelector: {}, policyTypes: ["Egress"] }));
    expect(a.check(web, db, 5432)).toMatchObject({ allowed: false, egress: { isolated: true, allowed: false }, ingress: { isolated: false, allowed: true } });
    // Ingress from outside the namespace still works: only egress is isolated.
    expect(a.check(otherApi, db, 5432)).toMatchObject({ allowed: true, ingress: { isolated: false } });
    expect(a.check(web, internet, 443).allowed).toBe(false);
  });

  it("absent spec.podSelector selects every pod of the namespace, like {}", () => {
    const a = analyze(np("no-selector", { policyTypes: ["Ingress"] }));
    expect(a.check(web, db, 5432).ingress.selectedBy).toEqual(["a/no-selector"]);
    expect(a.check(db, web, 8080).ingress.selectedBy).toEqual(["a/no-selector"]);
  });

  it("a policy in another namespace does not select pods here", () => {
    const a = analyze(np("deny-all-in-b", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, "b"));
    expect(a.check(web, api, 8080)).toMatchObject({ allowed: true, egress: { isolated: false }, ingress: { isolated: false } });
    expect(a.check(web, otherApi, 8080)).toMatchObject({ allowed: false, ingress: { isolated: true, selectedBy: ["b/deny-all-in-b"] } });
  });

  it("external endpoints are not subject to policies; only pod sides are judged", () => {
    const v = analyze(np("deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] })).check(internet, web, 8080);
    expect(v).toMatchObject({ allowed: false, egress: { pod: false, allowed: true }, ingress: { pod: true, isolated: true, allowed: false } });
    expect(v.ingress.reason).toMatch(/isolated by a\/deny-all/);
  });
});

describe("rules: empty vs absent from/ports", () => {
  const target = { matchLabels: { app: "db" } };
  it("ingress absent or [] allows nothing; ingress [{}] allows everything", () => {
    expect(analyze(np("p", { podSelector: target, policyTypes: ["Ingress"] })).check(web, db, 5432).allowed).toBe(false);
    expect(analyze(np("p", { podSelector: target, ingress: [] })).check(web, db, 5432).allowed).toBe(false);
    const open = analyze(np("p", { podSelector: target, ingress: [{}] }));
    expect(open.check(otherWeb, db, 5432).allowed).toBe(true);
    expect(open.check(internet, db, 9999, "UDP").allowed).toBe(true);
  });

  it("from: [] matches all peers; ports: [] matches all ports", () => {
    const a = analyze(np("p", { podSelector: target, ingress: [{ from: [], ports: [] }] }));
    expect(a.check(otherWeb, db, 1, "SCTP")).toMatchObject({ allowed: true, ingress: { allowedBy: ["a/p"] } });
  });

  it("from given, ports absent: only those peers, on every port", () => {
    const a = analyze(np("p", { podSelector: target, ingress: [{ from: [{ podSelector: { matchLabels: { app: "api" } } }] }] }));
    expect(a.check(api, db, 5432).allowed).toBe(true);
    expect(a.check(api, db, 22).allowed).toBe(true);
    expect(a.check(web, db, 5432).allowed).toBe(false);
  });
});

describe("peers", () => {
  const onDb = (from: NetworkPolicyManifest["spec"]["ingress"]) => analyze(np("p", { podSelector: { matchLabels: { app: "db" } }, ingress: from }));

  it("podSelector alone: pods of the POLICY's namespace only", () => {
    const a = onDb([{ from: [{ podSelector: { matchLabels: { app: "api" } } }] }]);
    expect(a.check(api, db, 5432).allowed).toBe(true);
    expect(a.check(otherApi, db, 5432).allowed).toBe(false);
  });

  it("podSelector {} alone: every pod of the policy's namespace, nothing outside", () => {
    const a = onDb([{ from: [{ podSelector: {} }] }]);
    expect(a.check(web, db, 5432).allowed).toBe(true);
    expect(a.check(otherWeb, db, 5432).allowed).toBe(false);
    expect(a.check(internet, db, 5432).allowed).toBe(false);
  });

  it("namespaceSelector alone: every pod of the matching namespaces", () => {
    const a = onDb([{ from: [{ namespaceSelector: { matchLabels: { team: "blue" } } }] }]);
    expect(a.check(otherWeb, db, 5432).allowed).toBe(true);
    expect(a.check(otherApi, db, 5432).allowed).toBe(true);
    expect(a.check(api, db, 5432).allowed).toBe(false);
  });

  it("namespaceSelector {}: pods of every namespace, but no external address", () => {
    const a = onDb([{ from: [{ namespaceSelector: {} }] }]);
    expect(a.check(otherWeb, db, 5432).allowed).toBe(true);
    expect(a.check(pod("unlisted", "x", {}), db, 5432).allowed).toBe(true);
    expect(a.check(internet, db, 5432).allowed).toBe(false);
  });

  it("kubernetes.io/metadata.name is always a namespace label, also for namespaces not given", () => {
    const a = onDb([{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }] }]);
    expect(a.check(pod("kube-system", "x", {}), db, 5432).allowed).toBe(true);
    expect(a.check(otherApi, db, 5432).allowed).toBe(false);
  });

  it("ONE peer with both selectors is ANDed", () => {
    const a = onDb([{ from: [{ namespaceSelector: { matchLabels: { team: "blue" } }, podSelector: { matchLabels: { app: "api" } } }] }]);
    expect(a.check(otherApi, db, 5432).allowed).toBe(true);
    expect(a.check(otherWeb, db, 5432).allowed).toBe(false); // right namespace, wrong pod
    expect(a.check(api, db, 5432).allowed).toBe(false); // right pod, wrong namespace
  });

  it("TWO peers are ORed", () => {
    const a = onDb([{ from: [{ namespaceSelector: { matchLabels: { team: "blue" } } }, { podSelector: { matchLabels: { app: "api" } } }] }]);
    expect(a.check(otherApi, db, 5432).allowed).toBe(true);
    expect(a.check(otherWeb, db, 5432).allowed).toBe(true); // any pod of team=blue
    expect(a.check(api, db, 5432).allowed).toBe(true); // app=api of the policy's namespace
    expect(a.check(web, db, 5432).allowed).toBe(false);
  });

  it("matchExpressions in peers", () => {
    const a = onDb([
      {
        from: [
          {
            namespaceSelector: { matchExpressions: [{ key: "team", operator: "NotIn", values: ["red"] }] },
            podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] },
          },
        ],
      },
    ]);
    expect(a.check(otherWeb, db, 5432).allowed).toBe(true);
    expect(a.check(web, db, 5432).allowed).toBe(false);
    expect(a.check(pod("b", "bare", {}), db, 5432).allowed).toBe(false);
  });

  it("ipBlock with except matches external addresses only", () => {
    const a = analyze(
      np("egress", {
        podSelector: { matchLabels: { app: "web" } },
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "203.0.113.0/24", except: ["203.0.113.128/25"] } }] }],
      }),
    );
    expect(a.check(web, externalAddress("203.0.113.10"), 443)).toMatchObject({ allowed: true, egress: { allowedBy: ["a/egress"] } });
    expect(a.check(web, externalAddress("203.0.113.200"), 443).allowed).toBe(false); // in except
    expect(a.check(web, externalAddress("198.51.100.1"), 443).allowed).toBe(false); // outside cidr
    // Choice: pods are never matched by ipBlock, even with an ip in range.
    expect(a.check(web, { ...db, ip: "203.0.113.10" }, 5432).allowed).toBe(false);
    const all = analyze(np("any", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] }));
    expect(all.check(web, externalAddress("8.8.8.8"), 53, "UDP").allowed).toBe(true);
    expect(all.check(web, api, 8080).allowed).toBe(false);
  });

  it("ipBlock on ingress matches external sources", () => {
    const a = onDb([{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }]);
    expect(a.check(externalAddress("10.1.2.3"), db, 5432).allowed).toBe(true);
    expect(a.check(externalAddress("11.1.2.3"), db, 5432).allowed).toBe(false);
  });

  it("rejects peers and ports the API server rejects", () => {
    expect(() => onDb([{ from: [{}] }])).toThrow(/needs podSelector, namespaceSelector or ipBlock/);
    expect(() => onDb([{ from: [{ ipBlock: { cidr: "10.0.0.0/8" }, podSelector: {} }] }])).toThrow(/cannot be combined/);
    expect(() => onDb([{ from: [{ ipBlock: { cidr: "10.0.0/8" } }] }])).toThrow(/not an IPv4/);
    expect(() => onDb([{ ports: [{ port: "http", endPort: 9000 }] }])).toThrow(/endPort/);
    expect(() => onDb([{ ports: [{ port: 9000, endPort: 8000 }] }])).toThrow(/endPort/);
  });
});

describe("ports", () => {
  const multi = pod("a", "multi", { app: "multi" }, [
    { name: "http", port: 8080 },
    { name: "metrics", port: 9090 },
    { name: "dns", port: 5353, protocol: "UDP" },
  ]);
  const ingressOnMulti = (ports: NetworkPolicyManifest["spec"]["ingress"]) =>
    analyze(np("p", { podSelector: { matchLabels: { app: "multi" } }, ingress: ports }));

  it("numeric port, protocol defaulting to TCP", () => {
    const a = ingressOnMulti([{ ports: [{ port: 8080 }] }]);
    expect(a.check(web, multi, 8080).allowed).toBe(true);
    expect(a.check(web, multi, 9090).allowed).toBe(false);
    expect(a.check(web, multi, 8080, "UDP").allowed).toBe(false);
  });

  it("protocol mismatch: a UDP rule does not allow TCP", () => {
    const a = ingressOnMulti([{ ports: [{ protocol: "UDP", port: 5353 }] }]);
    expect(a.check(web, multi, 5353, "UDP").allowed).toBe(true);
    expect(a.check(web, multi, 5353, "TCP").allowed).toBe(false);
  });

  it("a port entry without port matches every port of its protocol", () => {
    const a = ingressOnMulti([{ ports: [{ protocol: "UDP" }] }]);
    expect(a.check(web, multi, 5353, "UDP").allowed).toBe(true);
    expect(a.check(web, multi, 1, "UDP").allowed).toBe(true);
    expect(a.check(web, multi, 8080).allowed).toBe(false);
  });

  it("endPort ranges are inclusive", () => {
    const a = ingressOnMulti([{ ports: [{ port: 8000, endPort: 9000 }] }]);
    expect([7999, 8000, 8080, 9000, 9001].map((p) => a.check(web, multi, p).allowed)).toEqual([false, true, true, true, false]);
  });

  it("named ports on ingress resolve on the selected pod", () => {
    const a = ingressOnMulti([{ ports: [{ port: "metrics" }] }]);
    expect(a.check(web, multi, 9090).allowed).toBe(true);
    expect(a.check(web, multi, "metrics")).toMatchObject({ allowed: true, port: 9090, portName: "metrics", protocol: "TCP" });
    expect(a.check(web, multi, 8080).allowed).toBe(false);
    // The name's protocol must match too.
    expect(ingressOnMulti([{ ports: [{ port: "dns" }] }]).check(web, multi, 5353, "UDP").allowed).toBe(false);
    expect(ingressOnMulti([{ ports: [{ port: "dns", protocol: "UDP" }] }]).check(web, multi, "dns").allowed).toBe(true);
  });

  it("named ports on egress resolve on the destination; external addresses have no port names", () => {
    const a = analyze(np("p", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Egress"], egress: [{ ports: [{ port: "http" }] }] }));
    expect(a.check(web, api, 8080)).toMatchObject({ allowed: true, egress: { allowedBy: ["a/p"] } });
    expect(a.check(web, db, 5432).allowed).toBe(false); // db names its port "pg"
    expect(a.check(web, pod("a", "alt", {}, [{ name: "http", port: 9000 }]), 9000).allowed).toBe(true); // same name, other number
    expect(a.check(web, externalAddress("203.0.113.10", [{ port: 8080 }]), 8080).allowed).toBe(false);
  });

  it("check() rejects a port name the destination does not declare", () => {
    expect(() => analyze().check(web, db, "http")).toThrow(/declares no port named http/);
  });
});

describe("multiple policies are additive", () => {
  it("the allowed set is the union of all selecting policies' rules", () => {
    const a = analyze(
      np("deny-all", { podSelector: {}, policyTypes: ["Ingress"] }),
      np("allow-api", { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "api" } } }] }] }),
      np("allow-web", {
        podSelector: { matchLabels: { tier: "data" } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }], ports: [{ port: 5432 }] }],
      }),
    );
    expect(a.check(api, db, 5432).ingress).toMatchObject({
      allowed: true,
      selectedBy: ["a/deny-all", "a/allow-api", "a/allow-web"],
      allowedBy: ["a/allow-api"],
    });
    expect(a.check(web, db, 5432).ingress.allowedBy).toEqual(["a/allow-web"]);
    expect(a.check(web, db, 22).allowed).toBe(false);
    expect(a.check(api, web, 8080).ingress).toMatchObject({ allowed: false, selectedBy: ["a/deny-all"] });
  });

  it("egress and ingress must both allow", () => {
    const a = analyze(
      np("web-egress", {
        podSelector: { matchLabels: { app: "web" } },
        policyTypes: ["Egress"],
        egress: [{ to: [{ podSelector: { matchLabels: { app: "api" } } }] }],
      }),
      np("api-ingress", { podSelector: { matchLabels: { app: "api" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "db" } } }] }] }),
    );
    expect(a.check(web, api, 8080)).toMatchObject({ allowed: false, egress: { allowed: true }, ingress: { allowed: false } });
    expect(a.check(db, api, 8080)).toMatchObject({ allowed: true, egress: { isolated: false }, ingress: { allowedBy: ["a/api-ingress"] } });
  });
});

describe("matrix", () => {
  it("lists every ordered pair of distinct endpoints for every destination port", () => {
    const a = analyze(
      np("db-from-api", { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "api" } } }] }] }),
    );
    const m = a.matrix([web, api, db]);
    expect(m.map((e) => `${e.from}->${e.to}:${e.port}/${e.protocol}`)).toEqual([
      "a/web->a/api:8080/TCP",
      "a/web->a/db:5432/TCP",
      "a/api->a/web:8080/TCP",
      "a/api->a/db:5432/TCP",
      "a/db->a/web:8080/TCP",
      "a/db->a/api:8080/TCP",
    ]);
    expect(a.allowedConnections([web, api, db])).not.toContainEqual({ from: "a/web", to: "a/db", port: 5432, protocol: "TCP" });
    expect(a.allowedConnections([web, api, db])).toContainEqual({ from: "a/api", to: "a/db", port: 5432, protocol: "TCP" });
    expect(() => a.matrix([web, web])).toThrow(/given twice/);
  });
});
