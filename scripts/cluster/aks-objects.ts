/**
 * The objects AKS itself creates on every cluster that matter to the in-cluster stacks, modelled on what AKS
 * documents (names, provisioners, labels; the SKUs are the LRS ones, ZRS on multi-zone clusters; CoreDNS's image
 * and version label are not documented and are not run here), so a name collision or a selector that misses them
 * fails on the test API server as it would on AKS:
 * - the built-in StorageClasses of the Azure Disk and Azure Files CSI drivers (AKS docs, "Storage options for
 *   applications in AKS", Kubernetes 1.35 and later; `default` is the same as `managed-csi` and is the default class);
 * - CoreDNS in `kube-system`: the `coredns` Deployment and the `kube-dns` Service, both selected by
 *   `k8s-app: kube-dns` (the label the platform's DNS egress rules select), at the cluster's DNS service IP;
 * - the SecretProviderClass CRD that the Key Vault secrets provider add-on installs (the pinned driver release's
 *   own CRD, from its module download).
 * The API server creates `default`, `kube-system`, `kube-public` and `kube-node-lease` itself.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { moduleDir, yamlDocuments } from "../module-sources";
import { SECRET_PROVIDER_CLASS_SCHEMA } from "../../constructs/kubernetes/secret-provider-class";

/** A Kubernetes object as JSON. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: unknown }; [k: string]: unknown };

const AKS_LABELS = { "kubernetes.io/cluster-service": "true", "addonmanager.kubernetes.io/mode": "EnsureExists" };

function storageClass(name: string, provisioner: string, parameters: Record<string, string>, isDefault = false): KubeObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name, labels: AKS_LABELS, ...(isDefault ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } : {}) },
    provisioner,
    parameters,
    reclaimPolicy: "Delete",
    allowVolumeExpansion: true,
    volumeBindingMode: provisioner === "disk.csi.azure.com" ? "WaitForFirstConsumer" : "Immediate",
  };
}

/** The built-in StorageClasses of an AKS cluster with the CSI drivers (Kubernetes 1.35 and later). */
export const AKS_BUILT_IN_STORAGE_CLASSES: readonly KubeObject[] = [
  storageClass("default", "disk.csi.azure.com", { skuname: "StandardSSD_LRS" }, true),
  storageClass("managed-csi", "disk.csi.azure.com", { skuname: "StandardSSD_LRS" }),
  storageClass("managed-csi-premium", "disk.csi.azure.com", { skuname: "Premium_LRS" }),
  storageClass("managed-csi-premium-v2", "disk.csi.azure.com", { skuname: "PremiumV2_LRS", cachingMode: "None" }),
  storageClass("azurefile-csi", "file.csi.azure.com", { skuName: "Standard_LRS" }),
  storageClass("azurefile-csi-premium", "file.csi.azure.com", { skuName: "Premium_LRS" }),
];

/** CoreDNS as AKS runs it in kube-system, at the cluster's DNS service IP. */
export function aksCoreDns(dnsServiceIp: string): KubeObject[] {
  const labels = { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true" };
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "coredns", namespace: "kube-system", labels: { ...labels, version: "v20" } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { "k8s-app": "kube-dns", version: "v20" } },
        template: {
          metadata: { labels: { ...labels, version: "v20" } },
          spec: {
            priorityClassName: "system-node-critical",
            containers: [
              {
                name: "coredns",
                image: "mcr.microsoft.com/oss/v2/kubernetes/coredns:v1.12.1",
                args: ["-conf", "/etc/coredns/Corefile"],
                ports: [
                  { name: "dns", containerPort: 53, protocol: "UDP" },
                  { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
                ],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "kube-dns", namespace: "kube-system", labels: { ...labels, "kubernetes.io/name": "CoreDNS" } },
      spec: {
        selector: { "k8s-app": "kube-dns" },
        clusterIP: dnsServiceIp,
        ports: [
          { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
          { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
        ],
      },
    },
  ];
}

/** The SecretProviderClass CRD of the pinned secrets-store CSI driver release (the Key Vault add-on's). */
export function secretProviderClassCrd(): KubeObject {
  const version = SECRET_PROVIDER_CLASS_SCHEMA.driverVersion;
  const dir = moduleDir("sigs.k8s.io/secrets-store-csi-driver", version);
  const [crd] = yamlDocuments<KubeObject>(readFileSync(join(dir, "config", "crd", "bases", "secrets-store.csi.x-k8s.io_secretproviderclasses.yaml"), "utf8"));
  return crd;
}

/** Every object AKS creates that the fixture seeds. */
export function aksObjects(dnsServiceIp: string): KubeObject[] {
  return [...AKS_BUILT_IN_STORAGE_CLASSES, ...aksCoreDns(dnsServiceIp), secretProviderClassCrd()];
}
