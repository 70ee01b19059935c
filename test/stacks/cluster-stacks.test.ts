import { Testing } from "cdktf";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { loadEnvironmentConfigs } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema";
import { addEnvironment, EnvironmentStacks } from "../../stacks/environment";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";

const configs = loadEnvironmentConfigs(SHIPPED_CONFIG_DIR);
const byEnv = (env: string): EnvironmentConfig => configs.find((c) => c.environment === env)!;

function environment(env: string): EnvironmentStacks {
  return addEnvironment(Testing.app({ stackTraces: false }), byEnv(env));
}

const kinds = ["aks", "k8sAddons", "k8sConfig"] as const;

describe("cluster stacks", () => {
  test.each(configs.flatMap((c) => kinds.map((k) => [c.environment, k] as const)))("%s %s matches its snapshot", (env, kind) => {
    expect(Testing.synth(environment(env)[kind], true)).toMatchSnapshot();
  });

  test("<env>-aks holds the cluster and no in-cluster provider", () => {
    const out = Testing.synth(environment("prod").aks);
    expect(out).toHaveResourceWithProperties(KubernetesCluster, { local_account_disabled: true, sku_tier: "Standard", private_cluster_enabled: true });
    expect(out).not.toHaveProvider(KubernetesProvider);
    expect(out).not.toHaveProvider(HelmProvider);
  });

  test("<env>-aks grants cert-manager's identity DNS Zone Contributor when a DNS zone is configured", () => {
    const tf = JSON.parse(Testing.synth(environment("prod").aks));
    expect(Object.values<any>(tf.resource.azurerm_role_assignment)).toContainEqual(
      expect.objectContaining({
        role_definition_name: "DNS Zone Contributor",
        scope: "/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/rg-dns-prod/providers/Microsoft.Network/dnsZones/contoso.com",
      }),
    );
    expect(Object.values<any>(tf.resource.azurerm_federated_identity_credential)).toContainEqual(
      expect.objectContaining({ subject: "system:serviceaccount:cert-manager:cert-manager", audience: ["api://AzureADTokenExchange"] }),
    );
    expect(JSON.parse(Testing.synth(environment("dev").aks)).resource.azurerm_federated_identity_credential).toBeUndefined();
  });

  test.each([
    ["dev", "azurecli"],
    ["prod", "workloadidentity"],
  ])("%s: the in-cluster providers log in with kubelogin (%s), host and CA from the cluster data source", (env, mode) => {
    const stacks = environment(env);
    for (const stack of [stacks.k8sAddons, stacks.k8sConfig]) {
      expect(Testing.synth(stack)).toHaveProviderWithProperties(KubernetesProvider, {
        host: "${data.azurerm_kubernetes_cluster.Cluster.kube_config[0].host}",
        cluster_ca_certificate: "${base64decode(data.azurerm_kubernetes_cluster.Cluster.kube_config[0].cluster_ca_certificate)}",
        exec: [{ api_version: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", mode, "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"] }],
      });
    }
    expect(Testing.synth(stacks.k8sAddons)).toHaveProvider(HelmProvider);
    expect(Testing.synth(stacks.k8sConfig)).not.toHaveProvider(HelmProvider);
  });

  test("<env>-k8s-addons labels application namespaces for the shared Gateway and restricts them", () => {
    const tf = JSON.parse(Testing.synth(environment("dev").k8sAddons));
    const shop = Object.values<any>(tf.resource.kubernetes_manifest).find((r) => r.manifest.kind === "Namespace" && r.manifest.metadata.name === "shop");
    expect(shop.manifest.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "shared-gateway-access": "true",
    });
  });

  test("<env>-k8s-addons installs cert-manager after the gateway release that brings the Gateway API CRDs", () => {
    const tf = JSON.parse(Testing.synth(environment("dev").k8sAddons));
    const releases = Object.entries<any>(tf.resource.helm_release);
    const [gatewayAddress] = releases.find(([, r]) => r.chart === "gateway-helm")!;
    const certManager = releases.find(([, r]) => r.chart === "cert-manager")![1];
    expect(certManager.depends_on).toContain(`helm_release.${gatewayAddress}`);
  });

  test("prod runs two replicas of each controller; dev one", () => {
    const replicas = (env: string) =>
      Object.values<any>(JSON.parse(Testing.synth(environment(env).k8sAddons)).resource.helm_release)
        .map((r) => `${r.chart}:${/(?:replicaCount|replicas): (\d+)/.exec(r.values.join("\n"))?.[1]}`)
        .sort();
    expect(replicas("prod")).toEqual(["cert-manager:2", "gateway-helm:2"]);
    expect(replicas("dev")).toEqual(["cert-manager:1", "gateway-helm:1"]);
  });

  test("<env>-k8s-config: HPA-managed Deployments set no replicas; the database keeps its one", () => {
    const tf = JSON.parse(Testing.synth(environment("staging").k8sConfig));
    const byName = (kind: string, name: string) => Object.values<any>(tf.resource.kubernetes_manifest).find((r) => r.manifest.kind === kind && r.manifest.metadata.name === name).manifest;
    expect(byName("Deployment", "frontend").spec.replicas).toBeUndefined();
    expect(byName("Deployment", "backend").spec.replicas).toBeUndefined();
    expect(byName("StatefulSet", "database").spec.replicas).toBe(1);
    expect(byName("HorizontalPodAutoscaler", "frontend").spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(byName("PodDisruptionBudget", "frontend").spec.maxUnavailable).toBe(1);
  });
});
