/**
 * The test API server is not vacuous: each kind of mistake the issue names makes its check fail with a clear
 * message, and the compliant twin of each passes. Runs against the toolchain `npm run validate:cluster` builds.
 */
import { join } from "node:path";
import { loadGatewayApiBundle } from "../../constructs/kubernetes/addons/gateway-api-crds";
import { aksObjects, KubeObject } from "../../scripts/cluster/aks-objects";
import { ApiServer } from "../../scripts/cluster/api-server";
import {
  apply,
  collisions,
  controllerPods,
  peersSelectingNothing,
  podAdmission,
  refusedPods,
  storedAsWritten,
  waitEstablished,
} from "../../scripts/cluster/checks";
import { toolchain } from "../../scripts/cluster/validate";

jest.setTimeout(180_000);

let server: ApiServer;

beforeAll(async () => {
  const cacheDir = toolchain("1.36");
  server = await ApiServer.start({ binDir: join(cacheDir, "bin"), serviceCidr: "172.16.0.0/16", label: "fixture-test" });
  const seed = aksObjects("172.16.0.10");
  const bundle = loadGatewayApiBundle("standard") as unknown as KubeObject[];
  expect(apply(server, [...seed, ...bundle], { what: "seeding" })).toEqual([]);
  expect(waitEstablished(server, [...seed, ...bundle])).toEqual([]);
});

afterAll(() => server?.stop());

const namespace = (name: string, level: string): KubeObject => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels: { "pod-security.kubernetes.io/enforce": level } },
});

function route(path: string): KubeObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "web", namespace: "apps" },
    spec: {
      parentRefs: [{ name: "shared", namespace: "gateway" }],
      rules: [{ matches: [{ path: { type: "PathPrefix", value: path } }], backendRefs: [{ name: "web", port: 8080 }] }],
    },
  };
}

function deployment(securityContext: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "apps" },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.29", securityContext }] } },
    },
  };
}

const RESTRICTED = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };

describe("the test API server", () => {
  test("fails an object that violates a CRD's CEL rule, naming the rule", () => {
    expect(apply(server, [namespace("apps", "restricted")], { what: "namespace" })).toEqual([]);
    expect(apply(server, [route("/shop")], { dryRun: true, what: "valid route" })).toEqual([]);
    const problems = apply(server, [route("shop")], { dryRun: true, what: "route" });
    expect(problems.join("\n")).toMatch(/HTTPRoute.*is invalid[\s\S]*value must be an absolute path and start with '\/'/);
  });

  test("fails a pod that violates the namespace's restricted Pod Security level", () => {
    expect(podAdmission(server, [{ object: deployment(RESTRICTED), namespace: "apps" }])).toEqual([]);
    const problems = podAdmission(server, [{ object: deployment({}), namespace: "apps" }]);
    expect(problems.join("\n")).toMatch(/the pod of Deployment apps\/web is not admitted[\s\S]*violates PodSecurity "restricted:latest"/);
  });

  test("fails a pod the controller-manager cannot create", async () => {
    expect(
      apply(server, [namespace("apps2", "restricted"), { ...deployment({}), metadata: { name: "web", namespace: "apps2" } }], { what: "deployment" }),
    ).toEqual([]);
    const problems = await controllerPods(server, ["apps2"], 20_000);
    expect(problems).toEqual([
      expect.stringMatching(
        /^no pod was created within 20 s for apps2\/web: the controller-manager could not create a pod:\nReplicaSet apps2\/web-[a-z0-9]+: .*violates PodSecurity "restricted:latest"[^\n]*$/,
      ),
    ]);
  });

  test("fails a StorageClass named like one AKS creates", () => {
    const ours = (name: string): KubeObject => ({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name },
      provisioner: "disk.csi.azure.com",
    });
    expect(collisions(server, [ours("platform-disk-premium-zrs-retain")])).toEqual([]);
    expect(collisions(server, [ours("managed-csi")])).toEqual([
      expect.stringMatching(/^StorageClass managed-csi already exists in the cluster \(AKS or another stack creates it\)/),
    ]);
  });

  test("fails a DNS rule whose selector misses AKS's CoreDNS", async () => {
    expect(await controllerPods(server, ["kube-system"])).toEqual([]);
    const policy = (labels: Record<string, string>): KubeObject => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "allow-dns", namespace: "apps" },
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: labels } }] }],
      },
    });
    expect(peersSelectingNothing(server, [policy({ "k8s-app": "kube-dns" })], ["apps"])).toEqual([]);
    expect(peersSelectingNothing(server, [policy({ app: "coredns" })], ["apps"])).toEqual([
      expect.stringMatching(/^NetworkPolicy apps\/allow-dns allows pods app=coredns in kube-system, and no pod there has those labels/),
    ]);
  });

  test("fails a field the server stores otherwise than written (the provider's inconsistent result)", () => {
    const withCpu = (cpu: string): KubeObject => {
      const d = deployment(RESTRICTED) as any;
      d.metadata = { name: `cpu-${cpu}`, namespace: "apps" };
      d.spec.replicas = 0;
      d.spec.template.spec.containers[0].resources = { requests: { cpu } };
      return d;
    };
    expect(apply(server, [withCpu("1"), withCpu("1000m")], { what: "deployments" })).toEqual([]);
    expect(storedAsWritten(server, [withCpu("1")])).toEqual([]);
    expect(storedAsWritten(server, [withCpu("1000m")])).toEqual([
      'Deployment apps/cpu-1000m is not stored as written:\n.spec.template.spec.containers[0].resources.requests.cpu: we wrote "1000m", the server holds "1"',
    ]);
  });

  test("fails a workload applied before the ServiceAccount its pods need, even if a retry succeeds later", async () => {
    const account: KubeObject = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "late", namespace: "apps3" } };
    const d = deployment(RESTRICTED) as any;
    d.metadata = { name: "late", namespace: "apps3" };
    d.spec.template.spec.serviceAccountName = "late";
    expect(apply(server, [namespace("apps3", "restricted"), d], { what: "deployment first" })).toEqual([]);
    // Events are recorded asynchronously: wait (up to 60 s) for the refusal before the account arrives.
    for (let i = 0; i < 60 && refusedPods(server, ["apps3"]).length === 0; i++) await new Promise((r) => setTimeout(r, 1000));
    expect(await controllerPods(server, ["apps3"], 1_000)).toEqual([expect.stringMatching(/serviceaccount "late" not found/)]);
    expect(apply(server, [account], { what: "account" })).toEqual([]);
    expect(await controllerPods(server, ["apps3"])).toEqual([]);
    expect(refusedPods(server, ["apps3"])).toEqual([
      expect.stringMatching(/^the controllers were refused pods[^\n]*\nReplicaSet apps3\/late-[a-z0-9]+: .*serviceaccount "late" not found/),
    ]);
    expect(refusedPods(server, ["apps"])).toEqual([]);
  });
});
