import { block, environmentStacks, manifests, ofType, releaseValues } from "../stack-view";
import { resourceRule, stackRule } from "../rule-helpers";
import { PolicyRule, ResourceView, StackView, Violation } from "../types";

/**
 * Rules about the platform around the applications: the ingress path from the internet to the gateway's proxies,
 * zero trust in every namespace the platform creates, and the availability of ingress and controllers.
 */

const INTERNET_SOURCES = ["*", "internet", "0.0.0.0/0", "any"];
const AGENT_POOL_LABEL = "kubernetes.azure.com/agentpool";
const INTERNAL_LB_ANNOTATION = "service.beta.kubernetes.io/azure-load-balancer-internal";

/** `type.name` of the resource a `${type.name.attr}` reference points to. */
function referenced(value: unknown): string | undefined {
  return typeof value === "string" ? /^\$\{([a-z0-9_]+\.[^.}]+)\./.exec(value)?.[1] : undefined;
}

const address = (r: ResourceView) => `${r.type}.${r.name}`;
const byAddress = (stacks: readonly StackView[], addr: string) => stacks.flatMap((s) => s.resources).find((r) => address(r) === addr);

/** An NSG rule, inline (security_rule) or standalone (azurerm_network_security_rule), in one shape. */
interface NsgRule {
  readonly direction?: string;
  readonly access?: string;
  readonly protocol?: string;
  readonly sources: string[];
  readonly ports: string[];
}

function nsgRule(a: Record<string, any>): NsgRule {
  return {
    direction: a.direction,
    access: a.access,
    protocol: a.protocol,
    sources: [a.source_address_prefix, ...(a.source_address_prefixes ?? [])].filter((s): s is string => typeof s === "string"),
    ports: [a.destination_port_range, ...(a.destination_port_ranges ?? [])].filter((p): p is string => p !== undefined && p !== null).map(String),
  };
}

/** The rules of an NSG: inline ones and `azurerm_network_security_rule` resources naming it. */
function rulesOf(stacks: readonly StackView[], nsg: ResourceView): NsgRule[] {
  const inline = ([] as any[]).concat(nsg.attrs.security_rule ?? []).map(nsgRule);
  const standalone = stacks
    .flatMap((s) => ofType(s, "azurerm_network_security_rule"))
    .filter((r) => referenced(r.attrs.network_security_group_name) === address(nsg))
    .map((r) => nsgRule(r.attrs));
  return [...inline, ...standalone];
}

/** True when `ports` (NSG port expressions: `80`, `80-443`, `*`) include `port`. */
function portCovered(ports: readonly string[], port: number): boolean {
  return ports.some((p) => {
    if (p === "*") return true;
    const [from, to] = p.split("-").map(Number);
    return port >= from && port <= (to ?? from);
  });
}

const admitsClients = (r: NsgRule, port: number) =>
  r.direction === "Inbound" &&
  r.access === "Allow" &&
  ["tcp", "*"].includes(String(r.protocol).toLowerCase()) &&
  portCovered(r.ports, port) &&
  r.sources.some((s) => !["virtualnetwork", "azureloadbalancer"].includes(s.toLowerCase()));

/** The NSG of the subnet a node pool runs in, found through the pool's `vnet_subnet_id` reference. */
function poolNsg(stacks: readonly StackView[], pool: Record<string, any>): ResourceView | undefined {
  const subnetRef = referenced(pool.vnet_subnet_id);
  if (!subnetRef) return undefined;
  const associations = stacks.flatMap((s) => ofType(s, "azurerm_subnet_network_security_group_association"));
  const association = subnetRef.startsWith("azurerm_subnet_network_security_group_association.")
    ? byAddress(stacks, subnetRef)
    : associations.find((a) => referenced(a.attrs.subnet_id) === subnetRef);
  const nsgRef = association ? referenced(association.attrs.network_security_group_id) : undefined;
  return nsgRef ? byAddress(stacks, nsgRef) : undefined;
}

/** Node pools of the environment by name: the cluster's default pool and every `azurerm_kubernetes_cluster_node_pool`. */
function nodePools(stacks: readonly StackView[]): Map<string, Record<string, any>> {
  const pools = new Map<string, Record<string, any>>();
  for (const s of stacks) {
    for (const c of ofType(s, "azurerm_kubernetes_cluster")) {
      const pool = block(c.attrs.default_node_pool);
      if (pool?.name) pools.set(pool.name, pool);
    }
    for (const p of ofType(s, "azurerm_kubernetes_cluster_node_pool")) pools.set(p.attrs.name, p.attrs);
  }
  return pools;
}

/** The EnvoyProxy a Gateway's class points to (GatewayClass.spec.parametersRef), if any. */
function gatewayDataPlane(stack: StackView, gateway: any): any | undefined {
  const gatewayClass = manifests(stack, "GatewayClass").find((c) => c.manifest.metadata.name === gateway.spec?.gatewayClassName)?.manifest;
  const ref = gatewayClass?.spec?.parametersRef;
  if (!ref || ref.kind !== "EnvoyProxy") return undefined;
  return manifests(stack, "EnvoyProxy").find((p) => p.manifest.metadata.name === ref.name && p.manifest.metadata.namespace === ref.namespace)?.manifest;
}

const isDefaultDeny = (spec: any) =>
  spec &&
  Object.keys(spec.podSelector?.matchLabels ?? {}).length === 0 &&
  (spec.podSelector?.matchExpressions ?? []).length === 0 &&
  ["Ingress", "Egress"].every((t) => (spec.policyTypes ?? []).includes(t)) &&
  (spec.ingress ?? []).length === 0 &&
  (spec.egress ?? []).length === 0;

/** What keeps a controller chart's components available, by chart name: value paths that must hold. */
const CHART_AVAILABILITY: Record<string, (v: any) => string[]> = {
  "cert-manager": (v) =>
    [
      ["controller", v.replicaCount, v.podDisruptionBudget?.enabled],
      ["webhook", v.webhook?.replicaCount, v.webhook?.podDisruptionBudget?.enabled],
      ["cainjector", v.cainjector?.replicaCount, v.cainjector?.podDisruptionBudget?.enabled],
    ].flatMap(([component, replicas, pdb]) => [
      ...((replicas ?? 1) < 2 ? [`${component} runs ${replicas ?? 1} replica`] : []),
      ...(pdb !== true ? [`${component} has no PodDisruptionBudget`] : []),
    ]),
  "gateway-helm": (v) => [
    ...((v.deployment?.replicas ?? 1) < 2 ? [`controller runs ${v.deployment?.replicas ?? 1} replica`] : []),
    ...(!((v.podDisruptionBudget?.maxUnavailable ?? 0) >= 1 || (v.podDisruptionBudget?.minAvailable ?? 0) >= 1)
      ? ["controller has no PodDisruptionBudget"]
      : []),
  ],
};

export const CLUSTER_PLATFORM_RULES: PolicyRule[] = [
  stackRule({
    id: "K8S-009",
    severity: "high",
    title: "A public Gateway is reachable: the NSG of the subnet its proxies run in admits its listener ports",
    rationale:
      "AKS opens only the NSG of its node resource group for LoadBalancer Services; an NSG on the node subnet keeps DenyAllInBound, so clients (and Let's Encrypt's HTTP-01 on port 80) never reach the proxies.",
    fix: "pin the proxies to a node pool (EnvoyProxy nodeSelector kubernetes.azure.com/agentpool) and add an inbound Allow rule for TCP 80 and 443 from the clients to that pool's subnet NSG (AksNetwork publicIngress)",
    check: (stack) => {
      const gateways = manifests(stack, "Gateway");
      if (gateways.length === 0) return [];
      const known = environmentStacks(stack);
      if (nodePools(known).size === 0) return []; // the cluster's stack is not known here: nothing to compare
      return gateways.flatMap((g): Violation[] => {
        const proxy = gatewayDataPlane(stack, g.manifest);
        const service = proxy?.spec?.provider?.kubernetes?.envoyService;
        const internal = service?.annotations?.[INTERNAL_LB_ANNOTATION] === "true" || (service?.type && service.type !== "LoadBalancer");
        if (internal) return [];
        const name = `${g.manifest.metadata.namespace}/${g.manifest.metadata.name}`;
        const poolName = proxy?.spec?.provider?.kubernetes?.envoyDeployment?.pod?.nodeSelector?.[AGENT_POOL_LABEL];
        if (!poolName)
          return [
            { resource: g, message: `Gateway ${name} is public but its proxies are not pinned to a node pool, so no subnet NSG is known to admit its clients` },
          ];
        const pool = nodePools(known).get(poolName);
        if (!pool)
          return [{ resource: g, message: `Gateway ${name} runs its proxies on node pool ${poolName}, which the environment's cluster does not have` }];
        const nsg = poolNsg(known, pool);
        if (!nsg) return []; // no NSG on the pool's subnet: nothing denies the clients
        const rules = rulesOf(known, nsg);
        const ports: number[] = (g.manifest.spec?.listeners ?? []).map((l: any) => l.port);
        const closed = [...new Set(ports)].filter((port) => !rules.some((r) => admitsClients(r, port)));
        return closed.length
          ? [
              {
                resource: g,
                message: `Gateway ${name} is public, but NSG ${nsg.attrs.name} of node pool ${poolName}'s subnet admits no client on TCP ${closed.join(", ")}`,
              },
            ]
          : [];
      });
    },
  }),
  stackRule({
    id: "K8S-010",
    severity: "high",
    title: "Every namespace the platform creates denies all ingress and egress by default",
    rationale: "Zero trust stops where a namespace has no default deny: its controllers or proxies can then reach, and be reached from, anything.",
    fix: "add a NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] and no rules in the namespace (NamespaceNetworkPolicies or ZeroTrustPolicies), then allow exactly its flows",
    check: (stack) => {
      const deniedIn = (stacks: readonly StackView[]) =>
        new Set(
          stacks
            .flatMap((s) => manifests(s, "NetworkPolicy"))
            .filter((p) => isDefaultDeny(p.manifest.spec))
            .map((p) => p.manifest.metadata.namespace),
        );
      // This stack first: the other stacks are read only for namespaces whose policies live elsewhere.
      const local = deniedIn([stack]);
      const open = manifests(stack, "Namespace").filter((n) => !local.has(n.manifest.metadata.name));
      if (open.length === 0) return [];
      const elsewhere = deniedIn(stack.siblings ?? []);
      return open
        .filter((n) => !elsewhere.has(n.manifest.metadata.name))
        .map((n) => ({ resource: n, message: `namespace ${n.manifest.metadata.name} has no default-deny NetworkPolicy in the environment's stacks` }));
    },
  }),
  stackRule({
    id: "K8S-011",
    severity: "medium",
    title: "In production, ingress proxies and cluster controllers survive a node drain",
    rationale:
      "One replica, or replicas without a PodDisruptionBudget, means every node drain or automatic upgrade takes ingress or certificate issuance down.",
    fix: "run at least 2 replicas with a PodDisruptionBudget and zone spread: EnvoyProxy envoyHpa.minReplicas (or envoyDeployment.replicas) >= 2 with envoyPDB, and the controller charts' replicas and PDB values",
    check: (stack) => {
      if (!stack.production) return [];
      const proxies = manifests(stack, "EnvoyProxy").flatMap((p): Violation[] => {
        const k = p.manifest.spec?.provider?.kubernetes ?? {};
        const replicas = k.envoyHpa?.minReplicas ?? k.envoyDeployment?.replicas ?? 1;
        const spread = (k.envoyDeployment?.pod?.topologySpreadConstraints ?? []).some((t: any) => t.topologyKey === "topology.kubernetes.io/zone");
        const problems = [
          ...(replicas < 2 ? [`runs ${replicas} replica`] : []),
          ...(!k.envoyPDB ? ["has no PodDisruptionBudget"] : []),
          ...(!spread ? ["is not spread across zones"] : []),
        ];
        return problems.length
          ? [{ resource: p, message: `EnvoyProxy ${p.manifest.metadata.namespace}/${p.manifest.metadata.name} ${problems.join(", ")}` }]
          : [];
      });
      const releases = ofType(stack, "helm_release").flatMap((r): Violation[] => {
        const check = CHART_AVAILABILITY[r.attrs.chart];
        const problems = check ? check(releaseValues(r)) : [];
        return problems.length ? [{ resource: r, message: `release ${r.attrs.name} (${r.attrs.chart}): ${problems.join(", ")}` }] : [];
      });
      return [...proxies, ...releases];
    },
  }),
  resourceRule({
    id: "AKS-012",
    severity: "high",
    title: "NSG rules open AKS node subnets to the internet on TCP 80 and 443 only",
    rationale: "A node subnet reachable from the internet on any other port (SSH, RDP, NodePorts, kubelet) exposes the nodes themselves.",
    fix: "limit internet-facing inbound Allow rules of node subnet NSGs to protocol Tcp and ports 80 and 443 (AksNetwork publicIngress)",
    mirrors: { checkov: "CKV_AZURE_9 / CKV_AZURE_10" },
    types: ["azurerm_network_security_rule", "azurerm_network_security_group"],
    test: (a, r, stack) => {
      if (ofType(stack, "azurerm_kubernetes_cluster").length === 0) return undefined;
      const rules = r.type === "azurerm_network_security_group" ? ([] as any[]).concat(a.security_rule ?? []).map(nsgRule) : [nsgRule(a)];
      const open = rules.find(
        (rule) =>
          rule.direction === "Inbound" &&
          rule.access === "Allow" &&
          rule.sources.some((s) => INTERNET_SOURCES.includes(s.toLowerCase())) &&
          (String(rule.protocol).toLowerCase() !== "tcp" || rule.ports.some((p) => p !== "80" && p !== "443")),
      );
      return open ? `admits the internet on ${open.protocol} ${open.ports.join(", ")}` : undefined;
    },
  }),
];
