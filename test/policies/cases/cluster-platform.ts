/** Fixtures of the platform rules: the ingress path (K8S-009, AKS-012), zero trust everywhere (K8S-010), HA (K8S-011). */
import { stringify } from "yaml";
import { StackView } from "../../../policies/types";
import { aksCluster, clusterCompanions, defaultDeny, manifest, namespace, nodePool, res, Res, RuleCaseTable, view } from "../fixtures";

const AKS = "dev-aks";
const CONFIG = "dev-k8s-config";
const ADDONS = "dev-k8s-addons";
const GATEWAY = `${CONFIG}/Gateway/Resource`;

/** The cluster's stack: pool apps on subnet user, whose NSG has `rules` (standalone azurerm_network_security_rule). */
function aksStack(rules: Record<string, any>[] = [gatewayRule()], options: { readonly nsg?: boolean; readonly stack?: string } = {}): StackView {
  const stack = options.stack ?? AKS;
  const nsg = options.nsg ?? true;
  return view(stack, [
    aksCluster(stack, {
      default_node_pool: {
        name: "system",
        vm_size: "Standard_D4ds_v5",
        orchestrator_version: "1.36",
        auto_scaling_enabled: true,
        min_count: 1,
        max_count: 3,
        host_encryption_enabled: true,
        vnet_subnet_id: "${azurerm_subnet.system.id}",
      },
    }),
    nodePool(stack, {
      name: "apps",
      vnet_subnet_id: nsg ? "${azurerm_subnet_network_security_group_association.assoc_user.subnet_id}" : "${azurerm_subnet.user.id}",
    }),
    res("azurerm_subnet", "user", `${stack}/Network/Subnet-user`, { name: "snet-aks-user" }),
    ...clusterCompanions(stack),
    ...(nsg
      ? [
          res("azurerm_network_security_group", "nsg_user", `${stack}/Network/Nsg-user`, { name: "nsg-aks-user" }),
          res("azurerm_subnet_network_security_group_association", "assoc_user", `${stack}/Network/SubnetNsg-user`, {
            subnet_id: "${azurerm_subnet.user.id}",
            network_security_group_id: "${azurerm_network_security_group.nsg_user.id}",
          }),
        ]
      : []),
    ...rules.map((r, i) =>
      res("azurerm_network_security_rule", `rule_${i}`, `${stack}/Network/Ingress-${i}`, {
        network_security_group_name: "${azurerm_network_security_group.nsg_user.name}",
        ...r,
      }),
    ),
  ]);
}

function gatewayRule(overrides: Record<string, any> = {}): Record<string, any> {
  return {
    name: "allow-gateway-inbound",
    priority: 200,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    source_port_range: "*",
    source_address_prefix: "Internet",
    destination_address_prefix: "*",
    destination_port_ranges: ["80", "443"],
    ...overrides,
  };
}

/** The shared Gateway's client protections (K8S-015), as SharedGateway writes them. */
export function gatewayClientPolicies(stack = CONFIG, client: Record<string, any> = {}, backend: Record<string, any> = {}): Res[] {
  const ref = { group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared" };
  return [
    manifest(
      "clients",
      "Gateway/ClientProtection-ClientTrafficPolicy",
      {
        apiVersion: "gateway.envoyproxy.io/v1alpha1",
        kind: "ClientTrafficPolicy",
        metadata: { name: "shared-https-clients", namespace: "gateway" },
        spec: {
          targetRefs: [{ ...ref, sectionName: "https" }],
          tls: { minVersion: "1.2", ciphers: ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305"] },
          headers: { lateResponseHeaders: { set: [{ name: "Strict-Transport-Security", value: "max-age=31536000" }] } },
          ...client,
        },
      },
      stack,
    ),
    manifest(
      "ratelimit",
      "Gateway/ClientProtection-BackendTrafficPolicy",
      {
        apiVersion: "gateway.envoyproxy.io/v1alpha1",
        kind: "BackendTrafficPolicy",
        metadata: { name: "shared-rate-limit", namespace: "gateway" },
        spec: {
          targetRefs: [ref],
          rateLimit: {
            type: "Local",
            local: { rules: [{ clientSelectors: [{ sourceCIDR: { type: "Distinct", value: "0.0.0.0/0" } }], limit: { requests: 100, unit: "Second" } }] },
          },
          ...backend,
        },
      },
      stack,
    ),
  ];
}

/** The config stack: GatewayClass envoy -> EnvoyProxy data-plane, and Gateway shared on 80 and 443. */
function gatewayResources(
  proxy: Record<string, any> = { envoyDeployment: { pod: { nodeSelector: { "kubernetes.azure.com/agentpool": "apps" } } } },
  stack = CONFIG,
): Res[] {
  return [
    manifest(
      "gatewayclass",
      "GatewayClass",
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GatewayClass",
        metadata: { name: "envoy" },
        spec: {
          controllerName: "gateway.envoyproxy.io/gatewayclass-controller",
          parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: "data-plane", namespace: "envoy-gateway-system" },
        },
      },
      stack,
    ),
    manifest(
      "envoyproxy",
      "DataPlane",
      {
        apiVersion: "gateway.envoyproxy.io/v1alpha1",
        kind: "EnvoyProxy",
        metadata: { name: "data-plane", namespace: "envoy-gateway-system" },
        spec: { provider: { type: "Kubernetes", kubernetes: proxy } },
      },
      stack,
    ),
    manifest(
      "gateway",
      "Gateway",
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "shared", namespace: "gateway" },
        spec: {
          gatewayClassName: "envoy",
          listeners: [
            { name: "http", port: 80, protocol: "HTTP" },
            { name: "https", port: 443, protocol: "HTTPS" },
          ],
        },
      },
      stack,
    ),
    ...gatewayClientPolicies(stack),
  ];
}

const config = (siblings: StackView[] = [aksStack()], proxy?: Record<string, any>) => view(CONFIG, gatewayResources(proxy), { siblings });

/** An EnvoyProxy of a highly available fleet. */
const HA_PROXY = {
  envoyDeployment: {
    pod: {
      nodeSelector: { "kubernetes.azure.com/agentpool": "apps" },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" }],
    },
  },
  envoyHpa: { minReplicas: 2, maxReplicas: 4 },
  envoyPDB: { maxUnavailable: 1 },
};

const HA_CERT_MANAGER = {
  global: { rbac: { aggregateClusterRoles: false } },
  config: { controllers: ["*", "-ingress-shim"] },
  replicaCount: 2,
  podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
  webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true, maxUnavailable: 1 } },
  cainjector: { replicaCount: 2, podDisruptionBudget: { enabled: true, maxUnavailable: 1 } },
};

function release(stack: string, chart: string, values: Record<string, any>): Res {
  return res("helm_release", chart.replace(/-/g, "_"), `${stack}/${chart}/Release`, { name: chart, chart, values: [stringify(values)] });
}

const prodAddons = (
  cm: Record<string, any> = HA_CERT_MANAGER,
  eg: Record<string, any> = { deployment: { replicas: 2 }, podDisruptionBudget: { maxUnavailable: 1 } },
) => view("prod-k8s-addons", [release("prod-k8s-addons", "cert-manager", cm), release("prod-k8s-addons", "gateway-helm", eg)]);
const prodConfig = (proxy: Record<string, any> = HA_PROXY) =>
  view("prod-k8s-config", gatewayResources(proxy, "prod-k8s-config"), { siblings: [aksStack(undefined, { stack: "prod-aks" })] });

export const CLUSTER_PLATFORM_CASES: RuleCaseTable = {
  "K8S-009": {
    compliant: {
      "proxies pinned to a pool whose subnet NSG admits 80 and 443 from the internet": config(),
      "two rules, one port each, from client ranges": config([
        aksStack([
          gatewayRule({
            destination_port_ranges: undefined,
            destination_port_range: "80",
            source_address_prefix: undefined,
            source_address_prefixes: ["198.51.100.0/24"],
          }),
          gatewayRule({ name: "b", priority: 210, destination_port_ranges: ["443"] }),
        ]),
      ]),
      "an internal gateway needs no internet rule": config([aksStack([])], {
        envoyService: { annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } },
        envoyDeployment: { pod: { nodeSelector: { "kubernetes.azure.com/agentpool": "apps" } } },
      }),
      "no NSG on the pool's subnet denies nothing": config([aksStack([], { nsg: false })]),
      "the cluster's stack is not known here": config([]),
    },
    violating: {
      "the node-subnet NSG keeps only Azure's defaults": {
        view: config([aksStack([])]),
        expected: [
          { path: GATEWAY, message: /^Gateway gateway\/shared is public, but NSG nsg-aks-user of node pool apps's subnet admits no client on TCP 80, 443$/ },
        ],
      },
      "only 443 is open: HTTP-01 and the redirect fail": {
        view: config([aksStack([gatewayRule({ destination_port_ranges: ["443"] })])]),
        expected: [{ path: GATEWAY, message: /admits no client on TCP 80$/ }],
      },
      "the rule admits the virtual network only": {
        view: config([aksStack([gatewayRule({ source_address_prefix: "VirtualNetwork" })])]),
        expected: [{ path: GATEWAY, message: /admits no client on TCP 80, 443$/ }],
      },
      "the proxies are not pinned to a pool": {
        view: config(undefined, {}),
        expected: [{ path: GATEWAY, message: /^Gateway gateway\/shared is public but its proxies are not pinned to a node pool/ }],
      },
      "the pool does not exist": {
        view: config(undefined, { envoyDeployment: { pod: { nodeSelector: { "kubernetes.azure.com/agentpool": "edge" } } } }),
        expected: [{ path: GATEWAY, message: /runs its proxies on node pool edge, which the environment's cluster does not have$/ }],
      },
    },
  },
  "K8S-010": {
    compliant: {
      "default deny in the same stack": view(ADDONS, [namespace("cert-manager"), defaultDeny("cert-manager")]),
      "default deny in another stack of the environment": view(ADDONS, [namespace("shop")], { siblings: [view(CONFIG, [defaultDeny("shop")])] }),
    },
    violating: {
      "a controller namespace without a default deny": {
        view: view(ADDONS, [namespace("envoy-gateway-system"), namespace("cert-manager"), defaultDeny("cert-manager")]),
        expected: [
          {
            path: `${CONFIG}/Namespaceenvoy-gateway-system/Resource`,
            message: /^namespace envoy-gateway-system has no default-deny NetworkPolicy in the environment's stacks$/,
          },
        ],
      },
      "a policy that allows some traffic is no default deny": {
        view: view(ADDONS, [namespace("gateway")], { siblings: [view(CONFIG, [defaultDeny("gateway", { ingress: [{ from: [{ podSelector: {} }] }] })])] }),
        expected: [{ path: `${CONFIG}/Namespacegateway/Resource`, message: /^namespace gateway has no default-deny/ }],
      },
    },
  },
  "K8S-011": {
    compliant: {
      "HA controllers": prodAddons(),
      "an HA proxy fleet": prodConfig(),
      "a fixed fleet of 3 with a PDB and zone spread": prodConfig({
        ...HA_PROXY,
        envoyHpa: undefined,
        envoyDeployment: { ...HA_PROXY.envoyDeployment, replicas: 3 },
      }),
    },
    violating: {
      "single-replica webhook and cainjector without PDBs": {
        view: prodAddons({ global: HA_CERT_MANAGER.global, config: HA_CERT_MANAGER.config, replicaCount: 2, podDisruptionBudget: { enabled: true } }),
        expected: [
          {
            path: "prod-k8s-addons/cert-manager/Release",
            message:
              /^release cert-manager \(cert-manager\): webhook runs 1 replica, webhook has no PodDisruptionBudget, cainjector runs 1 replica, cainjector has no PodDisruptionBudget$/,
          },
        ],
      },
      "a single gateway controller": {
        view: prodAddons(HA_CERT_MANAGER, { deployment: { replicas: 1 } }),
        expected: [
          {
            path: "prod-k8s-addons/gateway-helm/Release",
            message: /^release gateway-helm \(gateway-helm\): controller runs 1 replica, controller has no PodDisruptionBudget$/,
          },
        ],
      },
      "one proxy, no PDB, no zone spread (Envoy Gateway's defaults)": {
        view: prodConfig({ envoyDeployment: { pod: { nodeSelector: { "kubernetes.azure.com/agentpool": "apps" } } } }),
        expected: [
          {
            path: "prod-k8s-config/DataPlane/Resource",
            message: /^EnvoyProxy envoy-gateway-system\/data-plane runs 1 replica, has no PodDisruptionBudget, is not spread across zones$/,
          },
        ],
      },
    },
    notApplicable: {
      "dev runs one replica of everything": view(ADDONS, [
        release(ADDONS, "cert-manager", { replicaCount: 1 }),
        release(ADDONS, "gateway-helm", { deployment: { replicas: 1 } }),
      ]),
    },
  },
  "AKS-012": {
    compliant: {
      "the gateway rule: TCP 80 and 443 from the internet": aksStack(),
      "anything from the virtual network": aksStack([
        gatewayRule({ source_address_prefix: "VirtualNetwork", protocol: "*", destination_port_ranges: undefined, destination_port_range: "*" }),
      ]),
      "an NSG outside an AKS stack is not judged here": view("dev-data", [
        res("azurerm_network_security_group", "nsg", "dev-data/Nsg", { name: "nsg", security_rule: [gatewayRule({ destination_port_ranges: ["22"] })] }),
      ]),
    },
    violating: {
      "SSH from the internet": {
        view: aksStack([gatewayRule(), gatewayRule({ name: "ssh", priority: 300, destination_port_ranges: ["22"] })]),
        expected: [{ path: `${AKS}/Network/Ingress-1`, message: /^admits the internet on Tcp 22$/ }],
      },
      "an inline rule open to everything": {
        view: view(AKS, [
          aksCluster(AKS),
          nodePool(AKS),
          ...clusterCompanions(AKS),
          res("azurerm_network_security_group", "nsg", `${AKS}/Network/Nsg-user`, {
            name: "nsg",
            security_rule: [gatewayRule({ source_address_prefix: "*", protocol: "*", destination_port_ranges: undefined, destination_port_range: "*" })],
          }),
        ]),
        expected: [{ path: `${AKS}/Network/Nsg-user`, message: /^admits the internet on \* \*$/ }],
      },
      "UDP 443 from 0.0.0.0/0": {
        view: aksStack([gatewayRule({ protocol: "Udp", source_address_prefix: "0.0.0.0/0", destination_port_ranges: ["443"] })]),
        expected: [{ path: `${AKS}/Network/Ingress-0`, message: /^admits the internet on Udp 443$/ }],
      },
    },
  },
};
