import { addressInCidr, clusterModel, debugPod, externalAddress, gatewayDataPlane, kubeDns, parseIPv4 } from "../../../review/reachability";

describe("clusterModel", () => {
  const manifests: unknown[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { env: "dev" } } },
    {
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop" },
      spec: {
        template: {
          metadata: { labels: { app: "web" } },
          spec: {
            containers: [
              {
                name: "web",
                ports: [
                  { name: "http", containerPort: 8080 },
                  { containerPort: 9090, protocol: "TCP" },
                ],
              },
            ],
            initContainers: [
              { name: "proxy", restartPolicy: "Always", ports: [{ name: "proxy", containerPort: 15001 }] },
              { name: "migrate", ports: [{ containerPort: 1 }] },
            ],
          },
        },
      },
    },
    {
      kind: "StatefulSet",
      metadata: { name: "db" },
      spec: { template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ ports: [{ name: "dns", containerPort: 53, protocol: "UDP" }] }] } } },
    },
    { kind: "Pod", metadata: { name: "bare", namespace: "shop", labels: { run: "bare" } }, spec: { containers: [{}] } },
    { kind: "Service", metadata: { name: "web", namespace: "shop" } },
    { kind: "NetworkPolicy", metadata: { name: "deny", namespace: "shop" }, spec: { podSelector: {} } },
    null,
    "not a manifest",
  ];

  it("makes one pod endpoint per workload with template labels and container ports (sidecars included)", () => {
    const { endpoints, namespaces, policies } = clusterModel(manifests);
    expect(endpoints).toEqual([
      {
        id: "shop/web",
        kind: "pod",
        namespace: "shop",
        labels: { app: "web" },
        ports: [
          { name: "http", port: 8080, protocol: "TCP" },
          { port: 9090, protocol: "TCP" },
          { name: "proxy", port: 15001, protocol: "TCP" },
        ],
      },
      { id: "default/db", kind: "pod", namespace: "default", labels: { app: "db" }, ports: [{ name: "dns", port: 53, protocol: "UDP" }] },
      { id: "shop/bare", kind: "pod", namespace: "shop", labels: { run: "bare" }, ports: [] },
    ]);
    expect(namespaces).toEqual([{ name: "shop", labels: { env: "dev", "kubernetes.io/metadata.name": "shop" } }]);
    expect(policies.map((p) => p.metadata.name)).toEqual(["deny"]);
  });

  it("builds the probes", () => {
    expect(debugPod("shop")).toEqual({ id: "shop/debug-pod", kind: "pod", namespace: "shop", labels: {}, ports: [] });
    expect(externalAddress("203.0.113.10")).toMatchObject({ id: "internet/203.0.113.10", kind: "external", ip: "203.0.113.10" });
    expect(kubeDns()).toMatchObject({
      id: "kube-system/kube-dns",
      labels: { "k8s-app": "kube-dns" },
      ports: [
        { name: "dns", port: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53, protocol: "TCP" },
      ],
    });
    expect(gatewayDataPlane("gw", { app: "envoy" })).toEqual({
      id: "gw/gateway-data-plane",
      kind: "pod",
      namespace: "gw",
      labels: { app: "envoy" },
      ports: [],
    });
  });
});

describe("IPv4", () => {
  it.each([
    ["0.0.0.0/0", "255.255.255.255", true],
    ["10.0.0.0/8", "10.255.0.1", true],
    ["10.0.0.0/8", "11.0.0.0", false],
    ["203.0.113.7/32", "203.0.113.7", true],
    ["203.0.113.7/32", "203.0.113.8", false],
    ["203.0.113.130/25", "203.0.113.128", true], // host bits of the base are ignored
    ["2001:db8::/32", "203.0.113.7", false], // IPv6 blocks match no IPv4 address
  ])("%s contains %s: %s", (cidr, ip, expected) => {
    expect(addressInCidr(cidr, ip)).toBe(expected);
  });

  it("rejects malformed input", () => {
    expect(parseIPv4("1.2.3.4")).toBe(0x01020304);
    expect(() => parseIPv4("1.2.3.256")).toThrow(/not an IPv4 address/);
    expect(() => addressInCidr("10.0.0.0", "10.0.0.1")).toThrow(/not an IPv4 CIDR/);
    expect(() => addressInCidr("10.0.0.0/33", "10.0.0.1")).toThrow(/not an IPv4 CIDR/);
  });
});
