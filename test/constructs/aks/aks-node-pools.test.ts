import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { Token } from "cdktf";
import { AKS_DEFAULT_OS_DISK_SIZE_GIB, AKS_EPHEMERAL_OS_DISK_MAX_GIB, AksUserNodePoolProps } from "../../../constructs/aks/aks-node-pools";
import { SUBNET_SYSTEM, SUBNET_USER, baseProps, build, cluster, resources, synth } from "./aks-cluster-fixtures";

const general: AksUserNodePoolProps = { vmSize: "Standard_D8ds_v5", minCount: 0, maxCount: 10, maxPods: 110, subnet: "user" };

function systemPool(out: string): Record<string, any> {
  return cluster(out).default_node_pool;
}

function pool(out: string): Record<string, any> {
  const pools = resources(out, "azurerm_kubernetes_cluster_node_pool");
  expect(pools).toHaveLength(1);
  return pools[0];
}

describe("AksCluster node pools", () => {
  test("user pool defaults: mode User, autoscaled, ephemeral OS disk, same version and surge as the system pool", () => {
    const { out, aks } = build({ userPools: { general } });
    expect(out).toHaveResourceWithProperties(KubernetesClusterNodePool, {
      name: "general",
      kubernetes_cluster_id: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.Aks_[^.]+\.id\}$/),
      mode: "User",
      vm_size: "Standard_D8ds_v5",
      auto_scaling_enabled: true,
      min_count: 0,
      max_count: 10,
      max_pods: 110,
      os_disk_type: "Ephemeral",
      os_disk_size_gb: 128,
      os_sku: "AzureLinux",
      orchestrator_version: "1.36",
      vnet_subnet_id: SUBNET_USER,
      node_public_ip_enabled: false,
      temporary_name_for_rotation: "generaltmp",
      upgrade_settings: { max_surge: "33%" },
    });
    expect(aks.userPools.general.node.id).toBe("NodePool-general");
    const p = pool(out);
    for (const absent of ["zones", "node_labels", "node_taints"]) expect(p).not.toHaveProperty(absent);
  });

  test("labels and taints", () => {
    const out = synth({ userPools: { batch: { ...general, labels: { workload: "batch" }, taints: ["workload=batch:NoSchedule", "spot:PreferNoSchedule"] } } });
    expect(out).toHaveResourceWithProperties(KubernetesClusterNodePool, {
      node_labels: { workload: "batch" },
      node_taints: ["workload=batch:NoSchedule", "spot:PreferNoSchedule"],
    });
  });

  test("several user pools, each its own resource", () => {
    const out = synth({ userPools: { general, memory: { ...general, vmSize: "Standard_E8ds_v5" } } });
    expect(
      resources(out, "azurerm_kubernetes_cluster_node_pool")
        .map((p) => p.name)
        .sort(),
    ).toEqual(["general", "memory"]);
  });

  test("temporary names stay within 12 characters", () => {
    expect(pool(synth({ userPools: { abcdefghijkl: general } })).temporary_name_for_rotation).toBe("abcdefghitmp");
  });

  test("subnet: the one the pool names, else the only node subnet", () => {
    const subnet = (id: string) => ({ id, name: id.split("/").pop()! });
    const nodeSubnets = { system: subnet(SUBNET_SYSTEM), user: subnet(SUBNET_USER), gpu: subnet("/subnets/gpu") };
    expect(pool(synth({ nodeSubnets, userPools: { gpu: { ...general, subnet: "gpu" } } })).vnet_subnet_id).toBe("/subnets/gpu");
    expect(pool(synth({ nodeSubnets, userPools: { general: { ...general, subnet: "system" } } })).vnet_subnet_id).toBe(SUBNET_SYSTEM);
    expect(pool(synth({ nodeSubnets, userPools: { general } })).vnet_subnet_id).toBe(SUBNET_USER);
    const only = { system: subnet(SUBNET_SYSTEM) };
    expect(pool(synth({ nodeSubnets: only, userPools: { general: { ...general, subnet: undefined } } })).vnet_subnet_id).toBe(SUBNET_SYSTEM);
  });

  test("ephemeral OS disk table: v5 temp-disk sizes, no-local-storage sizes and cache-disk sizes", () => {
    expect(AKS_DEFAULT_OS_DISK_SIZE_GIB).toBe(128);
    expect(AKS_EPHEMERAL_OS_DISK_MAX_GIB.standard_d2ads_v5).toBe(75);
    expect(AKS_EPHEMERAL_OS_DISK_MAX_GIB.standard_d4ds_v5).toBe(150);
    expect(AKS_EPHEMERAL_OS_DISK_MAX_GIB.standard_d96ds_v5).toBe(2040);
    expect(AKS_EPHEMERAL_OS_DISK_MAX_GIB.standard_d4s_v5).toBe(0);
    expect(AKS_EPHEMERAL_OS_DISK_MAX_GIB.standard_ds2_v2).toBe(86);
  });

  test("OS disk defaults to Managed when the default 128 GiB does not fit the local storage", () => {
    const out = synth({ systemPool: { ...baseProps.systemPool, vmSize: "Standard_D2ds_v5" } });
    expect(systemPool(out)).toMatchObject({ os_disk_type: "Managed", os_disk_size_gb: 128 });
  });

  test("OS disk defaults to Ephemeral when a smaller disk fits", () => {
    const out = synth({ systemPool: { ...baseProps.systemPool, vmSize: "Standard_D2ds_v5", osDiskSizeGiB: 64 } });
    expect(systemPool(out)).toMatchObject({ os_disk_type: "Ephemeral", os_disk_size_gb: 64 });
  });

  test("OS disk defaults to Managed for sizes without local storage and for unknown sizes", () => {
    expect(systemPool(synth({ systemPool: { ...baseProps.systemPool, vmSize: "Standard_D4s_v5" } })).os_disk_type).toBe("Managed");
    expect(systemPool(synth({ systemPool: { ...baseProps.systemPool, vmSize: "Standard_D4ds_v6" } })).os_disk_type).toBe("Managed");
    expect(systemPool(synth({ systemPool: { ...baseProps.systemPool, vmSize: Token.asString({ Ref: "size" }) } })).os_disk_type).toBe("Managed");
  });

  test("VM size lookup ignores case", () => {
    expect(systemPool(synth({ systemPool: { ...baseProps.systemPool, vmSize: "standard_d4DS_v5" } })).os_disk_type).toBe("Ephemeral");
  });

  test("explicit osDiskType Managed wins over the table; explicit Ephemeral on an unknown size passes through", () => {
    expect(systemPool(synth({ systemPool: { ...baseProps.systemPool, osDiskType: "Managed", osDiskSizeGiB: 256 } }))).toMatchObject({
      os_disk_type: "Managed",
      os_disk_size_gb: 256,
    });
    expect(pool(synth({ userPools: { general: { ...general, vmSize: "Standard_L8s_v3", osDiskType: "Ephemeral" } } })).os_disk_type).toBe("Ephemeral");
  });

  test("fails when Ephemeral is requested on a size without local storage", () => {
    expect(() => synth({ systemPool: { ...baseProps.systemPool, vmSize: "Standard_D4s_v5", osDiskType: "Ephemeral" } })).toThrow(
      /Aks: systemPool\.osDiskType cannot be Ephemeral on Standard_D4s_v5, which has no local storage \(got "Ephemeral"\)\. Fix: /,
    );
  });

  test("fails when an Ephemeral disk does not fit the local storage", () => {
    expect(() => synth({ userPools: { general: { ...general, vmSize: "Standard_D2ds_v5", osDiskType: "Ephemeral" } } })).toThrow(
      /userPools\.general\.osDiskType cannot be Ephemeral with 128 GiB on Standard_D2ds_v5, whose local storage holds at most 75 GiB/,
    );
  });

  test("fails when min > max", () => {
    expect(() => synth({ systemPool: { ...baseProps.systemPool, minCount: 4, maxCount: 3 } })).toThrow(
      /systemPool\.minCount must be <= maxCount \(3\) \(got 4\)/,
    );
    expect(() => synth({ userPools: { general: { ...general, minCount: 5, maxCount: 2 } } })).toThrow(/userPools\.general\.minCount must be <= maxCount/);
  });

  test("fails when counts, max pods or disk size are out of bounds", () => {
    const sys = baseProps.systemPool;
    expect(() => synth({ systemPool: { ...sys, minCount: 0 } })).toThrow(/systemPool\.minCount must be a whole number from 1 to 1000/);
    expect(() => synth({ systemPool: { ...sys, maxCount: 1001 } })).toThrow(/systemPool\.maxCount must be a whole number from 1 to 1000/);
    expect(() => synth({ systemPool: { ...sys, maxPods: 20 } })).toThrow(/systemPool\.maxPods must be a whole number from 30 to 250/);
    expect(() => synth({ userPools: { general: { ...general, maxPods: 251 } } })).toThrow(/userPools\.general\.maxPods must be a whole number from 10 to 250/);
    expect(() => synth({ userPools: { general: { ...general, minCount: -1 } } })).toThrow(/userPools\.general\.minCount must be a whole number from 0 to 1000/);
    expect(() => synth({ systemPool: { ...sys, osDiskSizeGiB: 20 } })).toThrow(/systemPool\.osDiskSizeGiB must be a whole number from 30 to 2048/);
  });

  test("fails on invalid pool names", () => {
    for (const name of ["General", "1pool", "averylongname", "gen-eral"]) {
      expect(() => synth({ userPools: { [name]: general } })).toThrow(
        new RegExp(`userPools\\.${name} name must be 1-12 lowercase letters and digits starting with a letter`),
      );
    }
  });

  test("fails when a user pool is named system", () => {
    expect(() => synth({ userPools: { system: general } })).toThrow(/userPools\.system name is reserved for the system pool/);
  });

  test("fails on a malformed taint", () => {
    expect(() => synth({ userPools: { general: { ...general, taints: ["workload=batch"] } } })).toThrow(/userPools\.general\.taints must be key=value:Effect/);
    expect(() => synth({ userPools: { general: { ...general, taints: ["a=b:NoRun"] } } })).toThrow(/userPools\.general\.taints must be key=value:Effect/);
  });

  test("fails when a user pool's subnet is not in nodeSubnets, or it names none among several", () => {
    expect(() => synth({ userPools: { general: { ...general, subnet: "gpu" } } })).toThrow(
      /userPools\.general\.subnet is not a key of nodeSubnets \(got "gpu"\)\. Fix: use one of system, user\./,
    );
    expect(() => synth({ userPools: { general: { ...general, subnet: undefined } } })).toThrow(
      /userPools\.general\.subnet must name one of nodeSubnets when there are 2/,
    );
  });

  test("fails naming every problem of a pool at once", () => {
    expect(() => synth({ userPools: { system: { ...general, minCount: 5, maxCount: 2, maxPods: 5, taints: ["dedicated"] } } })).toThrow(
      /: 4 problems:\n- \S+: userPools\.system name is reserved for the system pool.*\n- \S+: userPools\.system\.minCount must be <= maxCount.*\n- \S+: userPools\.system\.maxPods must be a whole number.*\n- \S+: userPools\.system\.taints must be key=value:Effect.*$/,
    );
  });
});
