import { createHash } from "node:crypto";
import { Testing } from "cdktf";
import { certManagerImages } from "../../constructs/kubernetes/addons/cert-manager";
import { ENVOY_PROXY_DEFAULT_IMAGE, envoyGatewayImages } from "../../constructs/kubernetes/addons/envoy-gateway";
import { parse } from "yaml";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { loadEnvironmentConfigs } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema";
import { addEnvironment, stackNames } from "../../stacks/environment";
import { addShippedEnvironment } from "./shipped-platform";
import { shippedStackText } from "./synthesized-app";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";

const configs = loadEnvironmentConfigs(SHIPPED_CONFIG_DIR);
const byEnv = (env: string): EnvironmentConfig => configs.find((c) => c.environment === env)!;

/**
 * The shipped environments' stacks are read, never changed, so the tests read them from the run's shared synth
 * (`npm run synth`: the shipped environments are deployed by pipelines, so their custom roles come from bootstrap).
 * `environment(env)` names an environment's stacks by kind; `synth(name)` is the stack's JSON as Testing.synth gives it.
 */
const environment = stackNames;
const synth = shippedStackText;

const kinds = ["aks", "k8sAddons", "k8sConfig"] as const;

/**
 * The stack JSON with each vendored CRD's spec replaced by its sha256: the bundle is pinned and checked elsewhere
 * (test/constructs/kubernetes/addons/gateway-api-crds.test.ts); a bump still changes the snapshot.
 */
function snapshotOf(json: string): string {
  const tf = JSON.parse(json);
  for (const r of Object.values<any>(tf.resource?.kubernetes_manifest ?? {})) {
    if (r.manifest.kind === "CustomResourceDefinition")
      r.manifest = { ...r.manifest, spec: `sha256:${createHash("sha256").update(JSON.stringify(r.manifest.spec)).digest("hex")}` };
  }
  return JSON.stringify(tf, null, 2);
}

describe("cluster stacks", () => {
  test("without bootstrap (workstation-only environments) the aks stack creates the cluster's custom role itself", () => {
    const own = JSON.parse(Testing.synth(addEnvironment(Testing.app({ stackTraces: false }), byEnv("dev")).aks, true));
    expect(Object.values<any>(own.resource.azurerm_role_definition).map((r) => r.name)).toEqual(["AKS file share private endpoints (aks-medal-dev-weu)"]);
    expect(JSON.parse(synth(environment("dev").aks)).resource.azurerm_role_definition).toBeUndefined();
  });

  test.each(configs.flatMap((c) => kinds.map((k) => [c.environment, k] as const)))("%s %s matches its snapshot", (env, kind) => {
    expect(snapshotOf(synth(environment(env)[kind]))).toMatchSnapshot();
  });

  test("<env>-aks holds the cluster and no in-cluster provider", () => {
    const out = synth(environment("prod").aks);
    expect(out).toHaveResourceWithProperties(KubernetesCluster, { local_account_disabled: true, sku_tier: "Standard", private_cluster_enabled: true });
    expect(out).not.toHaveProvider(KubernetesProvider);
    expect(out).not.toHaveProvider(HelmProvider);
  });

  test("<env>-aks gives cert-manager's identity, in a resource group of its own, TXT rights on the gateway name's challenge record set only", () => {
    const tf = JSON.parse(synth(environment("prod").aks));
    const assignments = Object.values<any>(tf.resource.azurerm_role_assignment);
    expect(assignments.filter((a) => a.role_definition_name === "DNS Zone Contributor" || /dnsZones\/contoso\.com$/.test(a.scope))).toEqual([]);
    expect(Object.values<any>(tf.data.azurerm_dns_zone)).toEqual([{ name: "contoso.com", resource_group_name: expect.any(String) }]);
    const [txt] = Object.values<any>(tf.resource.azurerm_dns_txt_record);
    expect(txt).toMatchObject({
      name: "_acme-challenge.shop",
      zone_name: "contoso.com",
      // The zone's resource group as read from Azure (ExistingDnsZone): a plan fails early when the zone is missing.
      resource_group_name: expect.stringMatching(/^\$\{data\.azurerm_dns_zone\.DnsZone_[A-Z0-9]+\.resource_group_name\}$/),
      ttl: 60,
      lifecycle: { ignore_changes: ["record"] },
    });
    const acme = assignments.filter((a) => String(a.scope).startsWith("${azurerm_dns_txt_record."));
    expect(acme).toHaveLength(1);
    // The role comes from bootstrap (rolesFromBootstrap in the shipped app), so the id is the derived one.
    expect(acme[0].role_definition_id).toMatch(
      /^\/subscriptions\/44444444-4444-4444-4444-444444444444\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/,
    );
    const identity = Object.values<any>(tf.resource.azurerm_user_assigned_identity).find((i) => i.name.includes("cert-manager"));
    expect(identity.resource_group_name).toMatch(/^\$\{azurerm_resource_group\.CertManagerResourceGroup\.name\}$/);
    expect(Object.values<any>(tf.resource.azurerm_resource_group).map((g) => g.name)).toContain("rg-medal-prod-weu-cert-manager");
    expect(Object.values<any>(tf.resource.azurerm_federated_identity_credential)).toContainEqual(
      expect.objectContaining({ subject: "system:serviceaccount:cert-manager:cert-manager", audience: ["api://AzureADTokenExchange"] }),
    );
    // Without a DNS zone (dev) the only federated credential is the database's, for its Key Vault.
    const devCredentials = Object.values<any>(JSON.parse(synth(environment("dev").aks)).resource.azurerm_federated_identity_credential);
    expect(devCredentials.map((c) => c.subject)).toEqual(["system:serviceaccount:shop:database"]);
  });

  test.each([
    ["dev", "azurecli"],
    ["prod", "workloadidentity"],
  ])("%s: the in-cluster providers log in with kubelogin (%s), host and CA from the cluster data source", (env, mode) => {
    const stacks = environment(env);
    for (const stack of [stacks.k8sAddons, stacks.k8sConfig]) {
      expect(synth(stack)).toHaveProviderWithProperties(KubernetesProvider, {
        host: "${data.azurerm_kubernetes_cluster.Cluster.kube_config[0].host}",
        cluster_ca_certificate: "${base64decode(data.azurerm_kubernetes_cluster.Cluster.kube_config[0].cluster_ca_certificate)}",
        exec: [
          {
            api_version: "client.authentication.k8s.io/v1beta1",
            command: "kubelogin",
            args: ["get-token", "--login", mode, "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"],
          },
        ],
      });
    }
    expect(synth(stacks.k8sAddons)).toHaveProvider(HelmProvider);
    expect(synth(stacks.k8sConfig)).not.toHaveProvider(HelmProvider);
  });

  test("<env>-k8s-addons labels application namespaces for the shared Gateway and restricts them", () => {
    const tf = JSON.parse(synth(environment("dev").k8sAddons));
    const shop = Object.values<any>(tf.resource.kubernetes_manifest).find((r) => r.manifest.kind === "Namespace" && r.manifest.metadata.name === "shop");
    expect(shop.manifest.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "shared-gateway-access": "true",
    });
  });

  test("<env>-k8s-addons installs the Gateway API CRDs (standard channel) before either release, each release after its namespace's NetworkPolicies", () => {
    const tf = JSON.parse(synth(environment("dev").k8sAddons));
    const manifests = Object.entries<any>(tf.resource.kubernetes_manifest);
    const crds = manifests.filter(([, r]) => r.manifest.kind === "CustomResourceDefinition");
    expect(crds.map(([, r]) => r.manifest.metadata.annotations["gateway.networking.k8s.io/channel"])).toEqual(Array(10).fill("standard"));
    const policiesOf = (ns: string) =>
      manifests.filter(([, r]) => r.manifest.kind === "NetworkPolicy" && r.manifest.metadata.namespace === ns).map(([k]) => `kubernetes_manifest.${k}`);
    for (const [chart, ns] of [
      ["gateway-helm", "envoy-gateway-system"],
      ["cert-manager", "cert-manager"],
    ]) {
      const release = Object.values<any>(tf.resource.helm_release).find((r) => r.chart === chart);
      expect(release.depends_on).toEqual(expect.arrayContaining([...crds.map(([k]) => `kubernetes_manifest.${k}`), ...policiesOf(ns)]));
      expect(policiesOf(ns).length).toBeGreaterThan(3);
    }
  });

  test("every namespace is Pod Security restricted, the Envoy Gateway namespace included", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const tf = JSON.parse(synth(environment(env).k8sAddons));
      const namespaces = Object.values<any>(tf.resource.kubernetes_manifest).filter((r) => r.manifest.kind === "Namespace");
      expect(namespaces.map((n) => `${n.manifest.metadata.name}:${n.manifest.metadata.labels["pod-security.kubernetes.io/enforce"]}`).sort()).toEqual([
        "cert-manager:restricted",
        "envoy-gateway-system:restricted",
        "gateway:restricted",
        "shop:restricted",
      ]);
    }
  });

  test("<env>-aks opens the user pool's subnet NSG to the gateway's clients on TCP 80 and 443, and nothing else", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const tf = JSON.parse(synth(environment(env).aks));
      // The private-endpoint subnet's rules are about the nodes, not the gateway's clients.
      const rules = Object.values<any>(tf.resource.azurerm_network_security_rule).filter(
        (r) => !String(r.network_security_group_name).includes("Nsg-private-endpoints"),
      );
      expect(rules).toEqual([
        expect.objectContaining({
          name: "allow-gateway-inbound",
          network_security_group_name: expect.stringMatching(/^\$\{azurerm_network_security_group\.Network_Nsg-user_\w+\.name\}$/),
          direction: "Inbound",
          access: "Allow",
          protocol: "Tcp",
          source_address_prefix: "Internet",
          destination_port_ranges: ["80", "443"],
        }),
      ]);
    }
  });

  test("an internal gateway gets no internet rule, an internal load balancer and its clients' ranges", () => {
    const config = structuredClone(byEnv("prod"));
    const gateway = config.kubernetes.gateway as any;
    gateway.publicNetworkAccess = false;
    gateway.allowedIpRanges = ["10.0.0.0/8"];
    const stacks = addShippedEnvironment(Testing.app({ stackTraces: false }), config);
    const rules = Object.values<any>(JSON.parse(Testing.synth(stacks.aks)).resource.azurerm_network_security_rule ?? {});
    expect(rules.map((r) => r.name)).toEqual(["AllowNodesToEndpoints", "DenyVirtualNetworkToEndpoints"]);
    const proxy = Object.values<any>(JSON.parse(Testing.synth(stacks.k8sConfig)).resource.kubernetes_manifest).find(
      (r) => r.manifest.kind === "EnvoyProxy",
    ).manifest;
    expect(proxy.spec.provider.kubernetes.envoyService.annotations).toEqual({ "service.beta.kubernetes.io/azure-load-balancer-internal": "true" });
    const clients = Object.values<any>(JSON.parse(Testing.synth(stacks.k8sAddons)).resource.kubernetes_manifest).find(
      (r) => r.manifest.metadata.name === "allow-clients-to-proxies",
    ).manifest;
    expect(clients.spec.ingress[0].from).toEqual([{ ipBlock: { cidr: "10.0.0.0/8" } }]);
  });

  test("the proxy fleet: staging and prod autoscale from 2 and 3 with a PDB, dev from 1 without; all on the apps pool", () => {
    const fleet = (env: string) => {
      const proxy = Object.values<any>(JSON.parse(synth(environment(env).k8sConfig)).resource.kubernetes_manifest).find(
        (r) => r.manifest.kind === "EnvoyProxy",
      ).manifest;
      const k = proxy.spec.provider.kubernetes;
      return {
        hpa: [k.envoyHpa.minReplicas, k.envoyHpa.maxReplicas],
        pdb: k.envoyPDB,
        pool: k.envoyDeployment.pod.nodeSelector["kubernetes.azure.com/agentpool"],
      };
    };
    expect(fleet("dev")).toEqual({ hpa: [1, 2], pdb: undefined, pool: "apps" });
    expect(fleet("staging")).toEqual({ hpa: [2, 4], pdb: { maxUnavailable: 1 }, pool: "apps" });
    expect(fleet("prod")).toEqual({ hpa: [3, 6], pdb: { maxUnavailable: 1 }, pool: "apps" });
  });

  test("the API server peer of the controllers' policies: the VNet for a private cluster, any address for a public one", () => {
    const apiServer = (env: string) =>
      Object.values<any>(JSON.parse(synth(environment(env).k8sAddons)).resource.kubernetes_manifest).find(
        (r) => r.manifest.metadata.name === "allow-controller-to-api-server",
      ).manifest.spec.egress[0];
    expect(apiServer("prod")).toEqual({ to: [{ ipBlock: { cidr: "10.31.0.0/16" } }], ports: [{ protocol: "TCP", port: 443 }] });
    expect(apiServer("dev")).toEqual({ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] });
  });

  test("prod runs two replicas of each controller; dev one", () => {
    const replicas = (env: string) =>
      Object.values<any>(JSON.parse(synth(environment(env).k8sAddons)).resource.helm_release)
        .map((r) => `${r.chart}:${/(?:replicaCount|replicas): (\d+)/.exec(r.values.join("\n"))?.[1]}`)
        .sort();
    expect(replicas("prod")).toEqual(["cert-manager:2", "gateway-helm:2"]);
    const certManager = Object.values<any>(JSON.parse(synth(environment("prod").k8sAddons)).resource.helm_release).find((r) => r.chart === "cert-manager");
    const values = parse(certManager.values[0]);
    for (const component of ["webhook", "cainjector"])
      expect(values[component]).toMatchObject({ replicaCount: 2, podDisruptionBudget: { enabled: true, maxUnavailable: 1 } });
    expect(replicas("dev")).toEqual(["cert-manager:1", "gateway-helm:1"]);
  });

  test.each(["dev", "staging", "prod"])(
    "%s: the database's backups go to a private account beside the cluster, written by the database's own identity",
    (env) => {
      const aks = JSON.parse(synth(environment(env).aks));
      // The account is private and keyless: the provider must not read its data plane with a key.
      expect(aks.provider.azurerm[0]).toMatchObject({ storage_use_azuread: true, features: [{ storage: [{ data_plane_available: false }] }] });
      const [account] = Object.values<any>(aks.resource.azurerm_storage_account);
      expect(account).toMatchObject({
        public_network_access_enabled: false,
        shared_access_key_enabled: false,
        account_replication_type: env === "prod" ? "GZRS" : "ZRS",
      });
      expect(account.lifecycle).toEqual({ prevent_destroy: env === "prod" });
      const [policy] = Object.values<any>(aks.resource.azurerm_storage_management_policy);
      expect(policy.rule[0].actions.base_blob.delete_after_days_since_creation_greater_than).toBe(
        byEnv(env).kubernetes.apps.shop.workloads.database.backup!.retentionDays,
      );
      const writers = Object.values<any>(aks.resource.azurerm_role_assignment).filter((a) => a.role_definition_name === "Storage Blob Data Contributor");
      expect(writers).toEqual([
        expect.objectContaining({
          principal_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.WorkloadKeyVault-shop-database_Identity_[^.]+\.principal_id\}$/),
          scope: expect.stringMatching(/^\$\{azurerm_storage_container\.BackupStorage_Container-shop-database_[^.]+\.id\}$/),
        }),
      ]);
      expect(Object.values<any>(aks.resource.azurerm_private_dns_zone).map((z) => z.name)).toContain("privatelink.blob.core.windows.net");
      expect(aks.output.backup_storage.value).toEqual({ account: account.name, containers: { "shop/database": "shop-database" } });
      expect(aks.output.registry_imports.value.map((i: any) => i.source)).toContain("mcr.microsoft.com/azure-cli:2.77.0");
      // Someone is told when the nightly dump has not succeeded for 26 hours.
      const [alert] = Object.values<any>(aks.resource.azurerm_monitor_scheduled_query_rules_alert_v2);
      expect(alert.criteria[0].query).toContain('ControllerName startswith "database-backup-"');
      expect(alert.criteria[0].query).toContain("ago(26h)");
      expect(Object.values<any>(aks.resource.azurerm_monitor_action_group)[0].email_receiver.map((r: any) => r.email_address)).toEqual(
        byEnv(env).kubernetes.backups!.alerts.emails,
      );
      const locks = Object.values<any>(aks.resource.azurerm_management_lock ?? {}).filter((l) => String(l.scope).includes("azurerm_storage_account"));
      expect(locks).toHaveLength(env === "prod" ? 1 : 0);
    },
  );

  test("<env>-k8s-config: HPA-managed Deployments set no replicas; the database keeps its one", () => {
    const tf = JSON.parse(synth(environment("staging").k8sConfig));
    const byName = (kind: string, name: string) =>
      Object.values<any>(tf.resource.kubernetes_manifest).find((r) => r.manifest.kind === kind && r.manifest.metadata.name === name).manifest;
    expect(byName("Deployment", "frontend").spec.replicas).toBeUndefined();
    expect(byName("Deployment", "backend").spec.replicas).toBeUndefined();
    expect(byName("StatefulSet", "database").spec.replicas).toBe(1);
    expect(byName("HorizontalPodAutoscaler", "frontend").spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(byName("PodDisruptionBudget", "frontend").spec.maxUnavailable).toBe(1);
  });

  test.each(["dev", "staging", "prod"])("%s: pods pull every application image from the environment's registry, which only the kubelet may read", (env) => {
    const aks = JSON.parse(synth(environment(env).aks));
    const [registry] = Object.values<any>(aks.resource.azurerm_container_registry);
    const loginServer = `${registry.name}.azurecr.io`;
    const pulls = Object.values<any>(aks.resource.azurerm_role_assignment).filter((a) => a.role_definition_name === "AcrPull");
    expect(pulls).toEqual([
      expect.objectContaining({ principal_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.Cluster_KubeletIdentity_[^.]+\.principal_id\}$/) }),
    ]);
    const imports: { source: string; image?: string }[] = aks.output.registry_imports.value;
    // Imported under the same name, the digest (Envoy's proxy image has one) kept in the source only.
    expect(imports.every((i) => i.image === i.source.split("@")[0])).toBe(true);
    expect(imports.map((i) => i.source)).toEqual(expect.arrayContaining([...certManagerImages(), ...envoyGatewayImages()]));
    const policy = Object.values<any>(aks.resource.azurerm_resource_policy_assignment).find((p) => p.name === "allowed-images");
    expect(JSON.parse(policy.parameters).allowedContainerImagesRegex.value).toBe(`^(${loginServer.replace(/\./g, "\\.")})/.+$`);
    const images = Object.values<any>(JSON.parse(synth(environment(env).k8sConfig)).resource.kubernetes_manifest)
      .filter((r) => ["Deployment", "StatefulSet"].includes(r.manifest.kind))
      .map((r) => r.manifest.spec.template.spec.containers[0].image);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image.startsWith(`${loginServer}/docker.io/`)).toBe(true);
    // The proxies too: their image is on the platform's EnvoyProxy, which replaces the controller's defaults.
    const envoyProxy = [synth(environment(env).k8sAddons), synth(environment(env).k8sConfig)]
      .flatMap((json) => Object.values<any>(JSON.parse(json).resource.kubernetes_manifest ?? {}))
      .find((r) => r.manifest.kind === "EnvoyProxy").manifest;
    images.push(envoyProxy.spec.provider.kubernetes.envoyDeployment.container.image);
    // Every image the pods use is imported.
    for (const image of images) expect(imports.map((i) => i.source)).toContain(image.slice(loginServer.length + 1));
    // The charts pull from the registry too: cert-manager's images under <registry>/quay.io, Envoy Gateway's under <registry>/docker.io.
    const releases = Object.values<any>(JSON.parse(synth(environment(env).k8sAddons)).resource.helm_release ?? {});
    const values = (chart: string) => parse(releases.find((r) => r.chart === chart).values[0]);
    expect(values("cert-manager").imageRegistry).toBe(`${loginServer}/quay.io`);
    expect(values("gateway-helm").global).toEqual({
      imageRegistry: `${loginServer}/docker.io`,
      images: { envoyGateway: { image: envoyGatewayImages()[0] }, envoyProxy: { image: ENVOY_PROXY_DEFAULT_IMAGE } },
    });
  });
});
