import { Testing } from "cdktf";
import {
  POD_SECURITY_EXCLUDED_NAMESPACES,
  POD_SECURITY_INITIATIVE_DEFAULTS,
  POD_SECURITY_RESTRICTED_INITIATIVE,
  PodSecurityInitiative,
  PodSecurityInitiativeProps,
} from "../../../constructs/aks/pod-security-initiative";

const CLUSTER = "${azurerm_kubernetes_cluster.cluster.id}";
const synth = (props: Partial<PodSecurityInitiativeProps> = {}) =>
  Object.values<any>(
    JSON.parse(
      Testing.synthScope((scope) => void new PodSecurityInitiative(scope, "PodSecurity", { cluster: { id: CLUSTER, name: "aks-medal-dev-weu" }, ...props })),
    ).resource.azurerm_resource_policy_assignment,
  );

describe("PodSecurityInitiative", () => {
  test("defaults: the restricted initiative on the cluster, Audit, the system namespaces and Flux's excluded", () => {
    const [a] = synth();
    expect(a).toMatchObject({
      name: "pod-security-restricted",
      display_name: "[aks-medal-dev-weu] Kubernetes cluster pod security restricted standards for Linux-based workloads",
      resource_id: CLUSTER,
      policy_definition_id: "/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00",
    });
    expect(JSON.parse(a.parameters)).toEqual({
      effect: { value: "Audit" },
      excludedNamespaces: { value: ["kube-system", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system", "flux-system"] },
    });
    expect(POD_SECURITY_INITIATIVE_DEFAULTS).toEqual({ effect: "Audit" });
    expect(POD_SECURITY_RESTRICTED_INITIATIVE).toMatch(/42b8ef37-b724-4e24-bbc8-7a7708edfe00$/);
    expect(POD_SECURITY_EXCLUDED_NAMESPACES).not.toContain("gateway");
  });

  test("effect: Deny", () => {
    expect(JSON.parse(synth({ effect: "Deny" })[0].parameters).effect).toEqual({ value: "Deny" });
  });

  test("fails on another effect", () => {
    expect(() => synth({ effect: "Disabled" as any })).toThrow(/PodSecurity: effect must be "Audit" or "Deny" \(got "Disabled"\).*Fix:/);
  });
});
