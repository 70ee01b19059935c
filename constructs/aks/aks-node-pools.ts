import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { Construct } from "constructs";
import { ISubnet } from "../core/interfaces";
import { checkPattern, checkRange, collectProblems, isKnown, propError } from "../core/validation";

/** OS disk kinds of an AKS node pool. */
export type AksOsDiskType = "Ephemeral" | "Managed";

/** Sizing of one node pool; every pool is autoscaled between `minCount` and `maxCount`. */
export interface AksNodePoolProps {
  /** VM size, e.g. "Standard_D4ds_v5". */
  readonly vmSize: string;
  /** Minimum node count of the autoscaler (system pool: 1-1000, user pools: 0-1000). */
  readonly minCount: number;
  /** Maximum node count of the autoscaler (1-1000, at least `minCount`). */
  readonly maxCount: number;
  /** Maximum pods per node (system pool: 30-250, user pools: 10-250; 250 is the Azure CNI Overlay limit). */
  readonly maxPods: number;
  /**
   * OS disk size in GiB (30-2048).
   * @default 128 - the AKS default
   */
  readonly osDiskSizeGiB?: number;
  /**
   * OS disk type. Throws when `Ephemeral` is requested for a VM size known to lack the local storage for the disk.
   * @default - "Ephemeral" when the VM size is in {@link AKS_EPHEMERAL_OS_DISK_MAX_GIB} and the disk fits, else "Managed"
   */
  readonly osDiskType?: AksOsDiskType;
  /**
   * Key in `AksClusterProps.nodeSubnets` of the subnet the pool's nodes join.
   * @default - the only node subnet; required when there are several
   */
  readonly subnet?: string;
}

/** A user node pool (mode `User`). */
export interface AksUserNodePoolProps extends AksNodePoolProps {
  /**
   * Kubernetes node labels.
   * @default {}
   */
  readonly labels?: Record<string, string>;
  /**
   * Node taints, `key=value:Effect` with Effect NoSchedule, PreferNoSchedule or NoExecute.
   * @default []
   */
  readonly taints?: string[];
}

/** Name of the system (default) node pool. */
export const AKS_SYSTEM_POOL_NAME = "system";

/** Node OS of every pool: Azure Linux, the minimal, hardened host OS the AKS baseline uses. */
export const AKS_OS_SKU = "AzureLinux";

/** Default OS disk size of every pool, GiB (the AKS default). */
export const AKS_DEFAULT_OS_DISK_SIZE_GIB = 128;

/** Upgrade surge of every pool: a third of the nodes at a time, the AKS production recommendation for speed vs. capacity. */
export const AKS_POOL_MAX_SURGE = "33%";

/**
 * Largest ephemeral OS disk, in GiB, of the VM sizes this construct knows about (lowercase names), i.e. the size of
 * the local storage the disk is placed on: the temp (resource) disk for the v5 "d" sizes, the cache disk for Dsv3
 * and DSv2, capped at Azure's 2,040 GiB ephemeral limit. 0 marks sizes without local storage, where ephemeral OS
 * disks are not supported (Dsv5, Dasv5, Esv5).
 *
 * Sources: learn.microsoft.com "Ephemeral OS disks for Azure VMs" (size limit: cache, temp or NVMe disk size, or
 * 2,040 GiB, whichever is smaller; the FAQ's Standard_D2ads_v5 example: 30 GiB OS + 45 GiB temp = 75 GiB), the
 * size tables of the Ddsv5, Dadsv5, Edsv5, Eadsv5, Dsv5, Dasv5, Esv5, Dsv3 and DSv2 series ("Temp storage (SSD)
 * GiB" and "cache size in GiB"), and learn.microsoft.com "AKS storage concepts" (Standard_DS2_v2: 86 GiB cache).
 * Sizes not listed default to Managed; asking for Ephemeral on them is passed through to Azure unchecked.
 */
export const AKS_EPHEMERAL_OS_DISK_MAX_GIB: Readonly<Record<string, number>> = {
  // Ddsv5 / Dadsv5 / Edsv5 / Eadsv5: temp disk, 37.5 GiB per vCPU, capped at 2,040 GiB.
  standard_d2ds_v5: 75,
  standard_d4ds_v5: 150,
  standard_d8ds_v5: 300,
  standard_d16ds_v5: 600,
  standard_d32ds_v5: 1200,
  standard_d48ds_v5: 1800,
  standard_d64ds_v5: 2040,
  standard_d96ds_v5: 2040,
  standard_d2ads_v5: 75,
  standard_d4ads_v5: 150,
  standard_d8ads_v5: 300,
  standard_d16ads_v5: 600,
  standard_d32ads_v5: 1200,
  standard_d48ads_v5: 1800,
  standard_d64ads_v5: 2040,
  standard_d96ads_v5: 2040,
  standard_e2ds_v5: 75,
  standard_e4ds_v5: 150,
  standard_e8ds_v5: 300,
  standard_e16ds_v5: 600,
  standard_e32ds_v5: 1200,
  standard_e48ds_v5: 1800,
  standard_e64ds_v5: 2040,
  standard_e96ds_v5: 2040,
  standard_e2ads_v5: 75,
  standard_e4ads_v5: 150,
  standard_e8ads_v5: 300,
  standard_e16ads_v5: 600,
  standard_e32ads_v5: 1200,
  standard_e48ads_v5: 1800,
  standard_e64ads_v5: 2040,
  standard_e96ads_v5: 2040,
  // Dsv5 / Dasv5 / Esv5: no local storage, so no ephemeral OS disk.
  standard_d2s_v5: 0,
  standard_d4s_v5: 0,
  standard_d8s_v5: 0,
  standard_d16s_v5: 0,
  standard_d32s_v5: 0,
  standard_d48s_v5: 0,
  standard_d64s_v5: 0,
  standard_d96s_v5: 0,
  standard_d2as_v5: 0,
  standard_d4as_v5: 0,
  standard_d8as_v5: 0,
  standard_d16as_v5: 0,
  standard_d32as_v5: 0,
  standard_d48as_v5: 0,
  standard_d64as_v5: 0,
  standard_d96as_v5: 0,
  standard_e2s_v5: 0,
  standard_e4s_v5: 0,
  standard_e8s_v5: 0,
  standard_e16s_v5: 0,
  standard_e32s_v5: 0,
  standard_e48s_v5: 0,
  standard_e64s_v5: 0,
  standard_e96s_v5: 0,
  // Dsv3: cache disk (larger than its temp disk).
  standard_d2s_v3: 50,
  standard_d4s_v3: 100,
  standard_d8s_v3: 200,
  standard_d16s_v3: 400,
  standard_d32s_v3: 800,
  // DSv2: cache disk.
  standard_ds2_v2: 86,
  standard_ds3_v2: 172,
  standard_ds4_v2: 344,
  standard_ds5_v2: 688,
};

/** Resolved OS disk settings of a pool. */
export interface ResolvedOsDisk {
  readonly osDiskType: AksOsDiskType;
  readonly osDiskSizeGb: number;
}

/**
 * Picks the OS disk type: the requested one (checked against the table), else Ephemeral when the VM size is known
 * to hold a disk of the requested size, else Managed.
 */
export function resolveOsDisk(scope: Construct, prop: string, pool: AksNodePoolProps): ResolvedOsDisk {
  const size = pool.osDiskSizeGiB ?? AKS_DEFAULT_OS_DISK_SIZE_GIB;
  const max = isKnown(pool.vmSize) ? AKS_EPHEMERAL_OS_DISK_MAX_GIB[pool.vmSize.toLowerCase()] : undefined;
  const fits = max !== undefined && isKnown(size) && size <= max;
  if (pool.osDiskType === "Ephemeral" && max !== undefined && !fits) {
    const problem =
      max === 0
        ? `cannot be Ephemeral on ${pool.vmSize}, which has no local storage`
        : `cannot be Ephemeral with ${size} GiB on ${pool.vmSize}, whose local storage holds at most ${max} GiB`;
    throw propError(
      scope,
      `${prop}.osDiskType`,
      problem,
      pool.osDiskType,
      "lower osDiskSizeGiB, choose a VM size with a temp disk (e.g. *ds_v5), or use Managed.",
    );
  }
  return { osDiskType: pool.osDiskType ?? (fits ? "Ephemeral" : "Managed"), osDiskSizeGb: size };
}

/** AKS agent pool names: a lowercase letter, then lowercase letters and digits, 1-12 characters (Linux pools). */
export const AKS_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
const TAINT = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?(=[-A-Za-z0-9_.]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$/;

/** Validates a pool's sizing, naming every problem at once; `system` pools need at least one node and 30 pods per node. */
export function validatePool(scope: Construct, prop: string, pool: AksNodePoolProps, system: boolean): void {
  collectProblems(scope, [
    () => {
      checkRange(scope, `${prop}.minCount`, pool.minCount, system ? 1 : 0, 1000);
      checkRange(scope, `${prop}.maxCount`, pool.maxCount, 1, 1000);
      if (isKnown(pool.minCount) && isKnown(pool.maxCount) && pool.minCount > pool.maxCount) {
        throw propError(scope, `${prop}.minCount`, `must be <= maxCount (${pool.maxCount})`, pool.minCount, "raise maxCount or lower minCount.");
      }
    },
    () => checkRange(scope, `${prop}.maxPods`, pool.maxPods, system ? 30 : 10, 250),
    () => checkRange(scope, `${prop}.osDiskSizeGiB`, pool.osDiskSizeGiB, 30, 2048),
  ]);
}

/** Validates a user pool's name, labels and taints (sizing through {@link validatePool}). */
export function validateUserPool(scope: Construct, key: string, pool: AksUserNodePoolProps): void {
  const prop = `userPools.${key}`;
  collectProblems(scope, [
    () => {
      checkPattern(scope, `${prop} name`, key, AKS_POOL_NAME, "1-12 lowercase letters and digits starting with a letter");
      if (key === AKS_SYSTEM_POOL_NAME) {
        throw propError(scope, `${prop} name`, `is reserved for the system pool`, key, 'choose another key, e.g. "general".');
      }
    },
    () => validatePool(scope, prop, pool, false),
    ...(pool.taints ?? []).map(
      (taint) => () => checkPattern(scope, `${prop}.taints`, taint, TAINT, "key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute"),
    ),
  ]);
}

/** What a user pool takes from its cluster. */
export interface UserPoolContext {
  readonly clusterId: string;
  /** Encryption at host, as on the system pool. */
  readonly encryptionAtHost: boolean;
  readonly kubernetesVersion: string;
  readonly nodeSubnets: Readonly<Record<string, ISubnet>>;
  readonly zones: string[];
  readonly tags?: Record<string, string>;
}

/**
 * Adds the user pool `key` (validated beforehand) as child `NodePool-<key>` of `scope`: mode User, autoscaled,
 * same zones, version and surge as the system pool, no public node IPs.
 */
export function addUserPool(scope: Construct, key: string, pool: AksUserNodePoolProps, ctx: UserPoolContext): KubernetesClusterNodePool {
  const disk = resolveOsDisk(scope, `userPools.${key}`, pool);
  return new KubernetesClusterNodePool(scope, `NodePool-${key}`, {
    name: key,
    kubernetesClusterId: ctx.clusterId,
    mode: "User",
    vmSize: pool.vmSize,
    autoScalingEnabled: true,
    minCount: pool.minCount,
    maxCount: pool.maxCount,
    maxPods: pool.maxPods,
    osDiskType: disk.osDiskType,
    osDiskSizeGb: disk.osDiskSizeGb,
    osSku: AKS_OS_SKU,
    orchestratorVersion: ctx.kubernetesVersion,
    vnetSubnetId: poolSubnet(scope, `userPools.${key}`, pool, ctx.nodeSubnets).id,
    nodePublicIpEnabled: false,
    hostEncryptionEnabled: ctx.encryptionAtHost,
    nodeLabels: pool.labels,
    nodeTaints: pool.taints,
    zones: ctx.zones.length > 0 ? ctx.zones : undefined,
    temporaryNameForRotation: `${key.slice(0, 9)}tmp`,
    upgradeSettings: { maxSurge: AKS_POOL_MAX_SURGE },
    tags: ctx.tags,
  });
}

/** The node subnet a pool selects (`subnet`, or the only one); throws naming the keys when it selects none. */
export function poolSubnet(scope: Construct, prop: string, pool: AksNodePoolProps, nodeSubnets: Readonly<Record<string, ISubnet>>): ISubnet {
  const keys = Object.keys(nodeSubnets);
  const wrong = poolSubnetProblem(pool.subnet, keys);
  if (wrong) throw propError(scope, `${prop}.subnet`, wrong.problem, pool.subnet, wrong.fix);
  return nodeSubnets[pool.subnet ?? keys[0]];
}

/** The rule of a pool's `subnet` (the config schema checks it too): a key of the node subnets, or left out when there is one. */
export function poolSubnetProblem(subnet: string | undefined, subnetKeys: readonly string[]): { problem: string; fix: string } | undefined {
  if (subnet === undefined ? subnetKeys.length === 1 : subnetKeys.includes(subnet)) return undefined;
  return {
    problem: subnet === undefined ? `must name one of nodeSubnets when there are ${subnetKeys.length}` : "is not a key of nodeSubnets",
    fix: `use one of ${subnetKeys.join(", ") || "(none: give nodeSubnets)"}.`,
  };
}
