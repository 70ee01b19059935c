import { KubernetesClusterExtension } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-extension";
import { KubernetesFluxConfiguration } from "@cdktf/provider-azurerm/lib/kubernetes-flux-configuration";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import { IPrincipal } from "../core/interfaces";
import { checkPattern, checkRange, collectProblems, propError } from "../core/validation";

/**
 * The folders of a rendered environment, applied in this order by one Flux Kustomization each (`dependsOn`):
 * the CRDs, then the controllers (namespaces, NetworkPolicies, Helm releases of cert-manager and the Gateway API
 * implementation) and, once they are ready, the objects that need them (everything `<env>-k8s-config` holds).
 */
export const FLUX_LAYERS = {
  crds: { dependsOn: [], prune: false },
  controllers: { dependsOn: ["crds"], prune: true },
  config: { dependsOn: ["controllers"], prune: true },
} as const;
export type FluxLayer = keyof typeof FLUX_LAYERS;

/** The Flux post-build variables the rendered objects use, for values only Azure knows (filled in from this stack). */
export const FLUX_VARIABLES = { certManagerClientId: "CERT_MANAGER_CLIENT_ID" } as const;

/** Variables named per application workload: the client id of the identity it reads its Key Vault secrets as. */
export const FLUX_WORKLOAD_CLIENT_ID_PREFIX = "WORKLOAD_CLIENT_ID_";

/** The Flux variable of one workload's client id, e.g. `WORKLOAD_CLIENT_ID_SHOP_DATABASE`. */
export function workloadClientIdVariable(app: string, workload: string): string {
  return `${FLUX_WORKLOAD_CLIENT_ID_PREFIX}${app}_${workload}`.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
}

/** The namespace AKS's Flux extension runs in, where the configuration's sources and HelmReleases live. */
export const FLUX_NAMESPACE = "flux-system";

/** Props of {@link FluxGitOps}. */
export interface FluxGitOpsProps {
  /** Resource id of the AKS cluster. */
  readonly clusterId: string;
  /**
   * The identity Flux's source-controller reads the container as, through the nodes' instance metadata service:
   * the cluster's kubelet identity (the extension is installed with `useKubeletIdentity=true`, as Microsoft's
   * GitOps tutorial requires for it). It gets "Storage Blob Data Reader" on the container only; any pod that can
   * reach the instance metadata service could use it to read the rendered folder (which holds no secret).
   */
  readonly readerIdentity: IPrincipal & { readonly clientId: string };
  /** The container the environment's rendered folder is published to. */
  readonly source: {
    /** Resource Manager id of the container (scope of the reader's role). */
    readonly containerId: string;
    /** `https://<account>.blob.core.windows.net/<container>`. */
    readonly url: string;
  };
  /**
   * Post-build substitutions (`${NAME}` in the rendered objects), for values only Azure knows.
   * @default {}
   */
  readonly substitute?: Record<string, string>;
  /**
   * How often Flux checks the container and reconciles each layer, in seconds (60-3600).
   * @default 300
   */
  readonly syncIntervalInSeconds?: number;
}

export const FLUX_GITOPS_DEFAULTS = {
  substitute: {},
  syncIntervalInSeconds: 300,
} as const satisfies Partial<FluxGitOpsProps>;

const VARIABLE = /^[_A-Za-z][_A-Za-z0-9]*$/;

/**
 * Pull-based delivery for a cluster no pipeline can reach: AKS's Flux extension (`microsoft.flux`, auto-upgraded
 * on its Stable train) and a cluster-scoped Flux configuration that pulls the environment's rendered folder from a
 * blob container with the kubelet identity (no secret in configuration or state) and applies its layers in order
 * ({@link FLUX_LAYERS}), each waiting for the one before to be ready.
 *
 * @example
 * ```ts
 * new FluxGitOps(this, "Flux", {
 *   clusterId: cluster.id,
 *   readerIdentity: cluster.kubeletIdentity,
 *   source: { containerId: gitopsContainerId, url: "https://stgitopsdev.blob.core.windows.net/gitops-dev" },
 *   substitute: { [FLUX_VARIABLES.certManagerClientId]: certManagerIdentity.clientId },
 * });
 * ```
 */
export class FluxGitOps extends Construct {
  public readonly extension: KubernetesClusterExtension;
  public readonly sourceReader: RoleAssignment;
  public readonly configuration: KubernetesFluxConfiguration;

  constructor(scope: Construct, id: string, props: FluxGitOpsProps) {
    super(scope, id);
    const substitute = props.substitute ?? FLUX_GITOPS_DEFAULTS.substitute;
    collectProblems(this, [
      () =>
        checkPattern(
          this,
          "source.url",
          props.source.url,
          /^https:\/\/[a-z0-9]{3,24}\.blob\.core\.windows\.net\/[a-z0-9-]{3,63}$/,
          "https://<account>.blob.core.windows.net/<container>",
        ),
      () => checkRange(this, "syncIntervalInSeconds", props.syncIntervalInSeconds, 60, 3600),
      () => {
        const bad = Object.keys(substitute).find((name) => !VARIABLE.test(name));
        if (bad !== undefined)
          throw propError(
            this,
            "substitute",
            "keys must be Flux variable names (letters, digits, _)",
            bad,
            "rename the variable, e.g. CERT_MANAGER_CLIENT_ID.",
          );
      },
    ]);
    const interval = props.syncIntervalInSeconds ?? FLUX_GITOPS_DEFAULTS.syncIntervalInSeconds;

    this.extension = new KubernetesClusterExtension(this, "Extension", {
      name: "flux",
      clusterId: props.clusterId,
      extensionType: "microsoft.flux",
      releaseTrain: "Stable",
      // The source-controller authenticates to the blob container as the kubelet identity (tutorial-use-gitops-flux2).
      configurationSettings: { useKubeletIdentity: "true" },
    });
    this.sourceReader = new RoleAssignment(this, "SourceReader", {
      scope: props.source.containerId,
      roleDefinitionName: "Storage Blob Data Reader",
      principalId: props.readerIdentity.principalId,
      principalType: props.readerIdentity.principalType,
      description: "Flux source-controller reads the cluster's rendered folder",
    });
    const postBuild = Object.keys(substitute).length > 0 ? { substitute } : undefined;
    this.configuration = new KubernetesFluxConfiguration(this, "Configuration", {
      name: "platform",
      clusterId: props.clusterId,
      namespace: FLUX_NAMESPACE,
      scope: "cluster",
      blobStorage: {
        containerId: props.source.url,
        managedIdentity: { clientId: props.readerIdentity.clientId },
        syncIntervalInSeconds: interval,
      },
      kustomizations: Object.entries(FLUX_LAYERS).map(([name, layer]) => ({
        name,
        path: `./${name}`,
        dependsOn: [...layer.dependsOn],
        garbageCollectionEnabled: layer.prune,
        wait: true,
        syncIntervalInSeconds: interval,
        retryIntervalInSeconds: 60,
        timeoutInSeconds: 900,
        postBuild: name === "crds" ? undefined : postBuild,
      })),
      dependsOn: [this.extension, this.sourceReader],
    });
  }
}
