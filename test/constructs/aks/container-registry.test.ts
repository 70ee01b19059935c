import { ContainerRegistry as AzContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { Testing } from "cdktf";
import {
  ALLOWED_IMAGES_POLICY,
  ALLOWED_IMAGES_POLICY_DEFAULTS,
  AllowedImagesPolicy,
  AllowedImagesPolicyProps,
  allowedImagesRegex,
} from "../../../constructs/aks/allowed-images-policy";
import { CONTAINER_REGISTRY_DEFAULTS, ContainerRegistry, ContainerRegistryProps } from "../../../constructs/aks/container-registry";
import { mirroredImage, sourceImage } from "../../../constructs/kubernetes/image-references";

const SUBNET = "/subscriptions/s/resourceGroups/rg-aks/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-private-endpoints";
const ZONE = "/subscriptions/s/resourceGroups/rg-aks/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io";
const baseProps: ContainerRegistryProps = {
  resourceGroupName: "rg-aks",
  location: "westeurope",
  name: "acrmedaldevweu1234",
  privateEndpoint: { subnetId: SUBNET, privateDnsZoneId: ZONE },
};

function build(props: Partial<ContainerRegistryProps> = {}, extra?: (r: ContainerRegistry) => void): { out: string; registry: ContainerRegistry } {
  let registry: ContainerRegistry | undefined;
  const out = Testing.synthScope((scope) => {
    registry = new ContainerRegistry(scope, "Registry", { ...baseProps, ...props });
    extra?.(registry);
  });
  return { out, registry: registry as ContainerRegistry };
}

const warnings = (r: ContainerRegistry) => r.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));

describe("ContainerRegistry", () => {
  test("defaults: Premium, private, no admin user, no anonymous pull, no export, dedicated data endpoint, zone-redundant, no retention", () => {
    expect(CONTAINER_REGISTRY_DEFAULTS).toEqual({ zoneRedundant: true });
    const { out, registry } = build();
    expect(out).toHaveResourceWithProperties(AzContainerRegistry, {
      name: "acrmedaldevweu1234",
      sku: "Premium",
      admin_enabled: false,
      anonymous_pull_enabled: false,
      public_network_access_enabled: false,
      export_policy_enabled: false,
      data_endpoint_enabled: true,
      zone_redundancy_enabled: true,
      // Trusted services: az acr import and Defender's scanning come in that way.
      network_rule_bypass_option: "AzureServices",
    });
    // A retention policy (a preview) would delete untagged manifests that pods still pin by digest.
    expect(Object.values<any>(JSON.parse(out).resource.azurerm_container_registry)[0].retention_policy_in_days).toBeUndefined();
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      subnet_id: SUBNET,
      private_service_connection: expect.objectContaining({ subresource_names: ["registry"] }),
    });
    expect(registry.loginServer).toBe("acrmedaldevweu1234.azurecr.io");
    expect(warnings(registry)).toEqual([]);
  });

  test("no zone redundancy (a region without zones), a lock and diagnostics", () => {
    const { out } = build({ zoneRedundant: false, lock: { kind: "CanNotDelete" }, diagnosticSettings: { logs: { workspaceId: "/law" } } });
    expect(out).toHaveResourceWithProperties(AzContainerRegistry, { zone_redundancy_enabled: false });
    expect(JSON.parse(out).resource.azurerm_management_lock).toBeDefined();
    expect(JSON.parse(out).resource.azurerm_monitor_diagnostic_setting).toBeDefined();
  });

  test("grantPull gives AcrPull on the registry", () => {
    const { out } = build({}, (r) => r.grantPull({ principalId: "kubelet", principalType: "ServicePrincipal" }, "kubelet"));
    expect(Object.values<any>(JSON.parse(out).resource.azurerm_role_assignment)).toEqual([
      expect.objectContaining({
        role_definition_name: "AcrPull",
        principal_id: "kubelet",
        scope: expect.stringMatching(/^\$\{azurerm_container_registry\.[^.]+\.id\}$/),
      }),
    ]);
  });

  test("fails on a name the registry refuses", () => {
    expect(() => build({ name: "acr-dev" })).toThrow(/Registry: name must be 5-50 letters and digits \(got "acr-dev"\)/);
  });
});

describe("AllowedImagesPolicy", () => {
  const props: AllowedImagesPolicyProps = { cluster: { id: "/cluster", name: "aks-medal-dev-weu" }, registries: ["acrmedaldevweu1234.azurecr.io"] };
  const synth = (p: Partial<AllowedImagesPolicyProps> = {}) =>
    Testing.synthScope((scope) => {
      new AllowedImagesPolicy(scope, "AllowedImages", { ...props, ...p });
    });

  test("defaults: the built-in policy on the cluster, Audit, the registries only, the system namespaces left out", () => {
    expect(ALLOWED_IMAGES_POLICY_DEFAULTS).toEqual({ effect: "Audit" });
    const out = synth();
    expect(out).toHaveResourceWithProperties(ResourcePolicyAssignment, {
      name: "allowed-images",
      resource_id: "/cluster",
      policy_definition_id: ALLOWED_IMAGES_POLICY,
    });
    const assignment = Object.values<any>(JSON.parse(out).resource.azurerm_resource_policy_assignment)[0];
    const parameters = JSON.parse(assignment.parameters);
    expect(parameters.effect.value).toBe("Audit");
    expect(parameters.excludedNamespaces.value).toEqual(["kube-system", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system", "flux-system"]);
    const regex = new RegExp(parameters.allowedContainerImagesRegex.value);
    expect(regex.test("acrmedaldevweu1234.azurecr.io/docker.io/library/postgres:17.6-alpine")).toBe(true);
    expect(regex.test("mcr.microsoft.com/azure-cli:2.60.0")).toBe(false);
    expect(regex.test("docker.io/library/postgres:17.6-alpine")).toBe(false);
    expect(regex.test("acrmedaldevweu1234xazurecrxio/evil:1")).toBe(false);
    expect(regex.test("acrmedaldevweu1234.azurecr.io.evil.com/x:1")).toBe(false);
    expect(allowedImagesRegex(["a.io"])).toBe("^(a\\.io)/.+$");
  });

  test("Deny", () => {
    const assignment = Object.values<any>(JSON.parse(synth({ effect: "Deny" })).resource.azurerm_resource_policy_assignment)[0];
    expect(JSON.parse(assignment.parameters).effect.value).toBe("Deny");
  });

  test("fails on no registry, and on something that is not a registry host", () => {
    expect(() => synth({ registries: [] })).toThrow(/registries must name at least one registry/);
    expect(() => synth({ registries: ["https://acr.azurecr.io"] })).toThrow(
      /registries must be a registry host such as myregistry\.azurecr\.io \(got "https:\/\/acr\.azurecr\.io"\)/,
    );
  });

  test("fails naming every problem at once", () => {
    expect(() => synth({ effect: "Disabled" as never, registries: ["acr.azurecr.io", "https://acr.azurecr.io"] })).toThrow(
      /: 2 problems:\n- \S+: effect must be "Audit" or "Deny".*\n- \S+: registries must be a registry host .*\(got "https:\/\/acr\.azurecr\.io"\).*$/,
    );
  });

  test("fails on an effect Gatekeeper does not have here", () => {
    expect(() => synth({ effect: "Disabled" as never })).toThrow(/effect must be "Audit" or "Deny" \(got "Disabled"\)/);
  });
});

describe("image references in the registry", () => {
  test("Docker Hub's implied host and library/ are made explicit; other hosts are kept", () => {
    expect(sourceImage("postgres:17.6-alpine")).toBe("docker.io/library/postgres:17.6-alpine");
    expect(sourceImage("nginxinc/nginx-unprivileged:1.28.0-alpine")).toBe("docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine");
    expect(sourceImage("ghcr.io/acme/api:2.0.1")).toBe("ghcr.io/acme/api:2.0.1");
    expect(sourceImage("registry.local:5000/acme/api:2.0.1")).toBe("registry.local:5000/acme/api:2.0.1");
    expect(sourceImage("docker.io/postgres:17.6-alpine")).toBe("docker.io/library/postgres:17.6-alpine");
    expect(sourceImage("index.docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine")).toBe("docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine");
    expect(sourceImage(`postgres:17.6-alpine@sha256:${"a".repeat(64)}`)).toBe(`docker.io/library/postgres:17.6-alpine@sha256:${"a".repeat(64)}`);
    expect(mirroredImage("acr.azurecr.io", "postgres:17.6-alpine")).toBe("acr.azurecr.io/docker.io/library/postgres:17.6-alpine");
  });
});
