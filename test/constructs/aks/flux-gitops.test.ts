import { Testing } from "cdktf";
import { FLUX_GITOPS_DEFAULTS, FluxGitOps, FluxGitOpsProps } from "../../../constructs/aks/flux-gitops";

const CONTAINER = "/subscriptions/5/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stgitops/blobServices/default/containers/gitops-prod";
const baseProps: FluxGitOpsProps = {
  clusterId: "/subscriptions/4/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks",
  readerIdentity: { principalId: "${kubelet.principal_id}", principalType: "ServicePrincipal", clientId: "${kubelet.client_id}" },
  source: { containerId: CONTAINER, url: "https://stgitops.blob.core.windows.net/gitops-prod" },
};

function synth(props: Partial<FluxGitOpsProps> = {}): any {
  return JSON.parse(Testing.synthScope((scope) => new FluxGitOps(scope, "Flux", { ...baseProps, ...props })));
}

describe("FluxGitOps", () => {
  test("defaults: the Flux extension, the kubelet identity reading only its container, three ordered layers pulled with no secret", () => {
    expect(FLUX_GITOPS_DEFAULTS).toEqual({ substitute: {}, syncIntervalInSeconds: 300 });
    const tf = synth();
    expect(Object.values<any>(tf.resource.azurerm_kubernetes_cluster_extension)).toEqual([
      expect.objectContaining({
        name: "flux",
        extension_type: "microsoft.flux",
        release_train: "Stable",
        cluster_id: baseProps.clusterId,
        configuration_settings: { useKubeletIdentity: "true" },
      }),
    ]);
    expect(Object.values<any>(tf.resource.azurerm_role_assignment)).toEqual([
      expect.objectContaining({ scope: CONTAINER, role_definition_name: "Storage Blob Data Reader", principal_id: "${kubelet.principal_id}" }),
    ]);
    const [config] = Object.values<any>(tf.resource.azurerm_kubernetes_flux_configuration);
    expect(config).toMatchObject({ name: "platform", namespace: "flux-system", scope: "cluster" });
    expect(config.blob_storage).toEqual({
      container_id: baseProps.source.url,
      managed_identity: { client_id: "${kubelet.client_id}" },
      sync_interval_in_seconds: 300,
    });
    expect(config.kustomizations.map((k: any) => [k.name, k.depends_on, k.garbage_collection_enabled, k.wait, k.post_build])).toEqual([
      ["crds", [], false, true, undefined],
      ["controllers", ["crds"], true, true, undefined],
      ["config", ["controllers"], true, true, undefined],
    ]);
    expect(config.depends_on).toHaveLength(2);
    expect(JSON.stringify(tf)).not.toMatch(/account_key|sas_token|client_secret|https_key|ssh_private_key/);
  });

  test("substitute fills the variables in the controllers and config layers, never in the CRDs", () => {
    const [config] = Object.values<any>(synth({ substitute: { CERT_MANAGER_CLIENT_ID: "${id.client_id}" } }).resource.azurerm_kubernetes_flux_configuration);
    expect(config.kustomizations.map((k: any) => k.post_build?.substitute)).toEqual([
      undefined,
      { CERT_MANAGER_CLIENT_ID: "${id.client_id}" },
      { CERT_MANAGER_CLIENT_ID: "${id.client_id}" },
    ]);
  });

  test("syncIntervalInSeconds sets how often the source and the layers reconcile", () => {
    const [config] = Object.values<any>(synth({ syncIntervalInSeconds: 120 }).resource.azurerm_kubernetes_flux_configuration);
    expect(config.blob_storage.sync_interval_in_seconds).toBe(120);
    expect(config.kustomizations.every((k: any) => k.sync_interval_in_seconds === 120)).toBe(true);
  });

  test("fails on a source that is not a blob container URL", () => {
    expect(() => synth({ source: { containerId: CONTAINER, url: "https://github.com/contoso/platform" } })).toThrow(
      /Flux: source.url must be https:\/\/<account>.blob.core.windows.net\/<container> \(got "https:\/\/github.com\/contoso\/platform"\)/,
    );
  });

  test("fails on a sync interval out of range", () => {
    expect(() => synth({ syncIntervalInSeconds: 10 })).toThrow(/syncIntervalInSeconds must be a whole number from 60 to 3600 \(got 10\)/);
  });

  test("fails on a variable name Flux cannot substitute", () => {
    expect(() => synth({ substitute: { "cert-manager-id": "x" } })).toThrow(
      /substitute keys must be Flux variable names \(letters, digits, _\) \(got "cert-manager-id"\)\. Fix: rename/,
    );
  });

  test("fails naming every problem at once", () => {
    expect(() => synth({ syncIntervalInSeconds: 10, substitute: { "cert-manager-id": "x" } })).toThrow(
      /: 2 problems:\n- \S+: syncIntervalInSeconds must be a whole number.*\n- \S+: substitute keys must be Flux variable names.*$/,
    );
  });
});
