import { z } from "zod";
import { AKS_DEFAULT_KUBERNETES_VERSION, AKS_KUBERNETES_SUPPORT, isSupportedKubernetesMinor } from "../constructs/aks/kubernetes-versions";
import { cidrContains, cidrOverlaps } from "../constructs/core/cidr";
import { aksSubnetRangeProblems } from "../constructs/aks/aks-network";
import { poolSubnetProblem } from "../constructs/aks/aks-node-pools";
import { allowList, cidr, count, guid, renamed, withoutRenamed } from "./primitives";

/** `aks:` of an environment file: the cluster of the `<env>-aks` stack. */

const poolName = z.string().regex(/^[a-z][a-z0-9]{0,11}$/, { error: "must be 1-12 lowercase letters or digits, starting with a letter" });

const pool = z
  .strictObject({
    vmSize: z.string().regex(/^Standard_[A-Za-z0-9_]+$/, { error: "must be an Azure VM size such as Standard_D4ds_v5" }),
    minCount: count(1, 1000),
    maxCount: count(1, 1000),
    maxPods: count(10, 250),
    /** Key of `aks.network.nodeSubnets` the pool's nodes live in. */
    subnet: z.string().min(1),
  })
  .superRefine((p, ctx) => {
    if (p.minCount > p.maxCount) ctx.addIssue({ code: "custom", path: ["minCount"], message: `must be <= maxCount (${p.maxCount})` });
  });

const window = z.strictObject({
  dayOfWeek: z.enum(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "must be HH:mm" }),
  durationHours: count(4, 24),
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/, { error: "must be an offset such as +00:00" }),
});

// The one spelling of public exposure (checkPublicEndpoint): `publicNetworkAccess`, and `allowedIpRanges` when it is on.
const apiServerRenamed = {
  access: renamed("write aks.apiServer.publicNetworkAccess: true (public) or false (private)"),
  authorizedIpRanges: renamed("write aks.apiServer.allowedIpRanges"),
};
const apiServer = z
  .discriminatedUnion(
    "publicNetworkAccess",
    [
      z.strictObject({ publicNetworkAccess: z.literal(false), ...apiServerRenamed }),
      z.strictObject({
        publicNetworkAccess: z.literal(true),
        allowedIpRanges: allowList({ count: 1, error: "must list at least one range: the API server is never open to the world" }),
        ...apiServerRenamed,
      }),
    ],
    { error: "must be false (a private cluster) or true with allowedIpRanges; it replaces access and authorizedIpRanges" },
  )
  .transform(withoutRenamed("access", "authorizedIpRanges"));

export const aksSchema = z
  .strictObject({
    kubernetesVersion: z
      .string()
      .regex(/^1\.\d{2}$/, { error: `must be a minor version such as ${AKS_DEFAULT_KUBERNETES_VERSION} (patches are automatic)` })
      .refine(isSupportedKubernetesMinor, {
        error: `is older than ${AKS_KUBERNETES_SUPPORT.minimum}, the oldest minor AKS supports for new clusters (calendar reviewed ${AKS_KUBERNETES_SUPPORT.reviewed}); use ${AKS_DEFAULT_KUBERNETES_VERSION}`,
      }),
    skuTier: z.enum(["Free", "Standard", "Premium"]),
    /**
     * Microsoft Defender for Containers' sensor on the cluster (runtime threat detection, to the environment's Log
     * Analytics workspace); it reports only where the subscription's Defender for Containers plan is on. Required
     * in prod.
     */
    defender: z.boolean().default(true),
    adminGroupObjectIds: z.array(guid).min(1, { error: "must name at least one Entra group: local accounts are disabled" }),
    network: z.strictObject({
      addressSpace: cidr,
      nodeSubnets: z.record(z.string().regex(/^[a-z][a-z0-9]{0,19}$/), cidr),
      /** Private endpoints of the cluster's own services (its registry, the workloads' Key Vaults): /28 or larger, admits the nodes only. */
      privateEndpoints: cidr,
      /** Networks besides the nodes that may reach those endpoints on 443 (administrators putting secrets into the workloads' vaults). */
      privateEndpointClients: allowList().default([]),
      podCidr: cidr,
      serviceCidr: cidr,
      dnsServiceIp: z.ipv4({ error: "must be an IPv4 address" }),
    }),
    apiServer,
    availabilityZones: z
      .array(z.enum(["1", "2", "3"]))
      .min(1)
      .optional(),
    systemPool: pool,
    userPools: z.record(poolName, pool),
    maintenance: z.strictObject({ autoUpgrade: window, nodeOs: window }),
    /** Azure DNS zone for cert-manager DNS-01 of the gateway hostname: a workload identity gets TXT read/write on its `_acme-challenge` record set only. */
    dnsZone: z.strictObject({ name: z.string().min(3), resourceGroupName: z.string().min(1) }).optional(),
    /**
     * Effect of the Azure Policy initiative "pod security restricted standards" on the cluster: `Audit` (default,
     * as the AKS baseline) reports in Azure Policy and Defender; `Deny` refuses, once the compliance view is clean.
     */
    podSecurityEffect: z.enum(["Audit", "Deny"]).default("Audit"),
    /**
     * Effect of the Azure Policy "Kubernetes cluster containers should only use allowed images" on the cluster
     * (the environment's registry only, system namespaces aside): `Audit` (default) reports, `Deny` refuses, once
     * the compliance view shows every pod on the registry.
     */
    allowedImagesEffect: z.enum(["Audit", "Deny"]).default("Audit"),
    /** How the kubernetes and helm providers log in: `azurecli` on a workstation, `workloadidentity` in a pipeline. */
    kubeloginMode: z.enum(["azurecli", "workloadidentity"]),
  })
  .superRefine((a, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const { network } = a;
    for (const p of aksSubnetRangeProblems(network.addressSpace, network.nodeSubnets, network.privateEndpoints)) {
      issue(
        ["network", ...(p.where === "nodeSubnet" ? ["nodeSubnets", p.key!] : p.where === "addressSpace" ? ["addressSpace"] : ["privateEndpoints"])],
        p.problem,
      );
    }
    for (const key of ["podCidr", "serviceCidr"] as const) {
      if (cidrOverlaps(network[key], network.addressSpace)) issue(["network", key], `overlaps the VNet address space ${network.addressSpace}`);
    }
    if (cidrOverlaps(network.podCidr, network.serviceCidr)) issue(["network", "serviceCidr"], `overlaps podCidr ${network.podCidr}`);
    if (!cidrContains(network.serviceCidr, `${network.dnsServiceIp}/32`))
      issue(["network", "dnsServiceIp"], `must lie inside serviceCidr ${network.serviceCidr}`);
    const pools = [["systemPool", a.systemPool] as const, ...Object.entries(a.userPools).map(([k, p]) => [`userPools.${k}`, p] as const)];
    for (const [where, p] of pools) {
      const wrong = poolSubnetProblem(p.subnet, Object.keys(network.nodeSubnets));
      if (wrong) issue([...where.split("."), "subnet"], `${wrong.problem} (network.nodeSubnets): ${wrong.fix.replace(/\.$/, "")}`);
    }
    if (Object.keys(a.userPools).includes("system")) issue(["userPools", "system"], "is reserved for the system pool");
  });

export type AksConfig = z.output<typeof aksSchema>;
