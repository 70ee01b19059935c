import { Testing } from "cdktf";
import { Construct } from "constructs";
import {
  GATEWAY_API_BUNDLE,
  GATEWAY_API_CRDS_DEFAULTS,
  GatewayApiCrds,
  GatewayApiCrdsProps,
  escapeTemplateSyntax,
  loadGatewayApiBundle,
} from "../../../../constructs/kubernetes/addons/gateway-api-crds";

/** Built once per props for the whole file: the bundle is large, and the tests only read the output. */
const built = new Map<string, { out: any; crds: GatewayApiCrds }>();
function build(props: GatewayApiCrdsProps = {}): { out: any; crds: GatewayApiCrds } {
  const key = JSON.stringify(props);
  if (!built.has(key)) {
    let crds: GatewayApiCrds | undefined;
    const out = Testing.synthScope((scope: Construct) => {
      crds = new GatewayApiCrds(scope, "Crds", props);
    });
    built.set(key, { out: JSON.parse(out), crds: crds! });
  }
  return built.get(key)!;
}

const manifests = (out: any): any[] => Object.values<any>(out.resource.kubernetes_manifest).map((r) => r.manifest);
const warnings = (c: Construct) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));

describe("GatewayApiCrds", () => {
  test("defaults: every object of the standard channel of the pinned bundle, as server-side applied manifests", () => {
    expect(GATEWAY_API_BUNDLE.version).toBe("v1.6.1");
    expect(GATEWAY_API_CRDS_DEFAULTS).toEqual({ channel: "standard" });
    const { out, crds } = build();
    const all = manifests(out);
    expect(all.map((m) => `${m.kind} ${m.metadata.name}`).sort()).toEqual(
      [
        ...[
          "backendtlspolicies",
          "gatewayclasses",
          "gateways",
          "grpcroutes",
          "httproutes",
          "listenersets",
          "referencegrants",
          "tcproutes",
          "tlsroutes",
          "udproutes",
        ].map((n) => `CustomResourceDefinition ${n}.gateway.networking.k8s.io`),
        "ValidatingAdmissionPolicy safe-upgrades.gateway.networking.k8s.io",
        "ValidatingAdmissionPolicyBinding safe-upgrades.gateway.networking.k8s.io",
      ].sort(),
    );
    for (const m of all) {
      expect(m.metadata.annotations).toMatchObject({ "gateway.networking.k8s.io/bundle-version": "v1.6.1", "gateway.networking.k8s.io/channel": "standard" });
      expect(m).not.toHaveProperty("status");
    }
    expect(crds.channel).toBe("standard");
    expect(crds.crdNames).toHaveLength(10);
    expect(warnings(crds)).toEqual([]);
  });

  test("server-side apply takes the fields over from an earlier manager (a Helm release that installed the bundle)", () => {
    for (const r of Object.values<any>(build().out.resource.kubernetes_manifest)) expect(r.field_manager).toEqual({ force_conflicts: true });
  });

  test("the kinds the platform uses are served at the versions it uses", () => {
    const served = (name: string) =>
      manifests(build().out)
        .find((m) => m.metadata.name === name)
        .spec.versions.filter((v: any) => v.served)
        .map((v: any) => v.name);
    expect(served("gatewayclasses.gateway.networking.k8s.io")).toContain("v1");
    expect(served("gateways.gateway.networking.k8s.io")).toContain("v1");
    expect(served("httproutes.gateway.networking.k8s.io")).toContain("v1");
    expect(served("referencegrants.gateway.networking.k8s.io")).toContain("v1beta1");
  });

  test("experimental: the experimental bundle (alpha kinds of gateway.networking.x-k8s.io too), with a warning", () => {
    const { out, crds } = build({ channel: "experimental" });
    const all = manifests(out);
    const crdsOnly = all.filter((m) => m.kind === "CustomResourceDefinition");
    expect(crdsOnly.every((m) => m.metadata.annotations["gateway.networking.k8s.io/channel"] === "experimental")).toBe(true);
    expect(crds.crdNames).toEqual(expect.arrayContaining(["xbackendtrafficpolicies.gateway.networking.x-k8s.io", "httproutes.gateway.networking.k8s.io"]));
    expect(warnings(crds)).toEqual([expect.stringMatching(/^channel opts out of a secure default: experimental Gateway API CRDs carry alpha fields/)]);
  });

  test("switching channel keeps the Terraform addresses: the CRDs are updated in place", () => {
    const keys = (out: any) => Object.keys(out.resource.kubernetes_manifest);
    const standard = keys(build().out);
    const experimental = keys(build({ channel: "experimental" }).out);
    expect(standard.every((k) => experimental.includes(k))).toBe(true);
  });

  test("the vendored bundles are what their annotations say", () => {
    expect(loadGatewayApiBundle("standard")).toHaveLength(12);
    expect(() => loadGatewayApiBundle("standard", "v1.5.0")).toThrow(/no such file|ENOENT/);
  });

  test("Terraform template syntax in the bundle's strings is escaped", () => {
    expect(escapeTemplateSyntax({ rule: "self.x == '${y}' && %{z}", list: ["${a}"], n: 1 })).toEqual({
      rule: "self.x == '$${y}' && %%{z}",
      list: ["$${a}"],
      n: 1,
    });
  });

  test("fails on an unknown channel", () => {
    expect(() => build({ channel: "beta" as "standard" })).toThrow(/Crds: channel must be standard or experimental \(got "beta"\)/);
  });
});
