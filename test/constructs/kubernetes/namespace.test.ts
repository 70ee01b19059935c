import { Namespace as NamespaceModel } from "kubernetes-models/v1/Namespace";
import { Testing } from "cdktf";
import { KubeObject } from "../../../constructs/kubernetes/kube-object";
import { NAMESPACE_DEFAULTS, Namespace, NamespaceProps, podSecurityLabels } from "../../../constructs/kubernetes/namespace";
import { Workload } from "../../../constructs/kubernetes/workload";
import { manifestOf, manifests, resourceOf, synth, warnings, webContainer } from "./kube-test-helpers";

function build(props: Partial<NamespaceProps> = {}): { out: any; ns: Namespace } {
  let ns: Namespace | undefined;
  const out = synth((scope) => {
    ns = new Namespace(scope, "Ns", { name: "shop", ...props });
  });
  return { out, ns: ns as Namespace };
}

const RESTRICTED = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/audit-version": "latest",
  "pod-security.kubernetes.io/warn": "restricted",
  "pod-security.kubernetes.io/warn-version": "latest",
};

describe("Namespace", () => {
  test("defaults: restricted Pod Security Standard enforced, audited and warned at latest", () => {
    expect(NAMESPACE_DEFAULTS).toEqual({ podSecurity: "restricted" });
    const { out, ns } = build();
    expect(manifests(out)).toHaveLength(1);
    expect(manifestOf(out, "Namespace", "shop")).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: RESTRICTED } });
    expect(ns.name).toBe("shop");
    expect(ns.podSecurity).toBe("restricted");
    expect(ns.labels).toEqual(RESTRICTED);
    expect(warnings(ns)).toEqual([]);
  });

  test.each(["baseline", "privileged"] as const)("podSecurity %s sets the level and warns", (level) => {
    const { out, ns } = build({ podSecurity: level });
    const labels = manifestOf(out, "Namespace", "shop").metadata.labels;
    expect(labels).toEqual(podSecurityLabels(level));
    expect(labels["pod-security.kubernetes.io/enforce"]).toBe(level);
    expect(warnings(ns)).toEqual([expect.stringMatching(/podSecurity opts out of a secure default: .*restricted.*\(/)]);
  });

  test("extra labels (e.g. the gateway admission label) and annotations", () => {
    const { out } = build({ labels: { "gateway-access": "shared" }, annotations: { owner: "team-shop" } });
    const m = manifestOf(out, "Namespace", "shop");
    expect(m.metadata.labels).toEqual({ "gateway-access": "shared", ...RESTRICTED });
    expect(m.metadata.annotations).toEqual({ owner: "team-shop" });
  });

  test("objects in a Namespace construct depend on it", () => {
    const out = synth((scope) => {
      const ns = new Namespace(scope, "Ns", { name: "shop" });
      new Workload(scope, "Web", { name: "web", namespace: ns, tier: "frontend", containers: [webContainer()] });
    });
    const nsKey = Object.keys(out.resource.kubernetes_manifest).find((k) => out.resource.kubernetes_manifest[k].manifest.kind === "Namespace");
    const saKey = Object.keys(out.resource.kubernetes_manifest).find((k) => out.resource.kubernetes_manifest[k].manifest.kind === "ServiceAccount");
    // The Deployment also waits for its ServiceAccount (Workload).
    expect(resourceOf(out, "Deployment", "web").depends_on).toEqual([`kubernetes_manifest.${saKey}`, `kubernetes_manifest.${nsKey}`]);
    expect(resourceOf(out, "Service", "web").depends_on).toEqual([`kubernetes_manifest.${nsKey}`]);
    expect(resourceOf(out, "ServiceAccount", "web").depends_on).toEqual([`kubernetes_manifest.${nsKey}`]);
  });

  test("every manifest passes its schema", () => {
    const { ns } = build({ labels: { team: "shop" } });
    for (const obj of KubeObject.allIn(ns)) expect(() => new NamespaceModel(obj.toManifest() as any).validate()).not.toThrow();
  });

  test("fails on a schema-invalid object (KubeObject validates)", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new KubeObject(scope, "Bad", { render: () => new NamespaceModel({ metadata: { name: "x" }, spec: { finalizers: 42 as any } }) });
      }),
    ).toThrow(/Namespace x does not match its schema/);
  });

  test("fails on a name that is not a DNS label", () => {
    expect(() => build({ name: "Shop_1" })).toThrow(/Ns: name must be a DNS label.*\(got "Shop_1"\)\. Fix: rename it, e.g\. "shop-1"/);
    expect(() => build({ name: "a".repeat(64) })).toThrow(/name must be a DNS label/);
  });

  test("fails on reserved kube- names", () => {
    expect(() => build({ name: "kube-apps" })).toThrow(/name must not start with 'kube-'/);
  });

  test("fails on an unknown podSecurity level", () => {
    expect(() => build({ podSecurity: "strict" as any })).toThrow(/podSecurity must be one of restricted, baseline, privileged \(got "strict"\)/);
  });

  test("fails when labels set the Pod Security labels or the metadata.name label", () => {
    expect(() => build({ labels: { "pod-security.kubernetes.io/enforce": "privileged" } })).toThrow(
      /labels must not set pod-security\.kubernetes\.io\/enforce .*Fix: use podSecurity/,
    );
    expect(() => build({ labels: { "kubernetes.io/metadata.name": "other" } })).toThrow(/must not set kubernetes\.io\/metadata\.name/);
  });

  test("fails on invalid label keys and values", () => {
    expect(() => build({ labels: { "bad key": "x" } })).toThrow(/labels key must be a label key .*\(got "bad key"\)/);
    expect(() => build({ labels: { team: "has space" } })).toThrow(/labels\.team must be a label value/);
  });

  test("fails naming every bad label at once", () => {
    expect(() => build({ labels: { "bad key": "x", team: "has space" } })).toThrow(
      /Ns: 2 problems:\n- \S*Ns: labels key must be a label key.*\n- \S*Ns: labels\.team must be a label value.*$/,
    );
  });

  test("fails naming every problem at once", () => {
    expect(() => build({ name: "kube-apps", podSecurity: "strict" as any, labels: { team: "has space" } })).toThrow(
      /Ns: 3 problems:\n- \S*Ns: name must not start with 'kube-'.*\n- \S*Ns: podSecurity must be one of.*\n- \S*Ns: labels\.team must be a label value.*$/,
    );
  });
});
