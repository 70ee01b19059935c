import { BACKUP_OF_LABEL } from "../../constructs/kubernetes/postgres-backup";
import { isAksBuiltInStorageClassName } from "../../constructs/kubernetes/storage-classes";
import { manifests } from "../stack-view";
import { resourceRule, stackRule } from "../rule-helpers";
import { PolicyRule, ResourceView, StackView, Violation } from "../types";

const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease", "default"];

/** Pod templates of a workload manifest. */
function podSpec(m: any): any {
  return m.kind === "CronJob" ? m.spec?.jobTemplate?.spec?.template?.spec : m.spec?.template?.spec;
}

function containersOf(m: any): any[] {
  const spec = podSpec(m);
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}

/** Each container problem of each workload, as violations. */
function perContainer(stack: StackView, problem: (c: any, pod: any) => string | undefined): Violation[] {
  return manifests(stack)
    .filter((r) => WORKLOAD_KINDS.includes(r.manifest.kind))
    .flatMap((r) =>
      containersOf(r.manifest).flatMap((c) => {
        const p = problem(c, podSpec(r.manifest));
        return p
          ? [
              {
                resource: r as ResourceView,
                message: `${r.manifest.kind} ${r.manifest.metadata.namespace}/${r.manifest.metadata.name} container ${c.name} ${p}`,
              },
            ]
          : [];
      }),
    );
}

/** Namespaces that run application workloads in this stack. */
function appNamespaces(stack: StackView): Map<string, ResourceView> {
  const found = new Map<string, ResourceView>();
  for (const r of manifests(stack)) {
    const ns = r.manifest.metadata?.namespace;
    if (WORKLOAD_KINDS.includes(r.manifest.kind) && ns && !SYSTEM_NAMESPACES.includes(ns) && !found.has(ns)) found.set(ns, r);
  }
  return found;
}

const isEmptySelector = (s: any) => !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);

export const KUBERNETES_RULES: PolicyRule[] = [
  stackRule({
    id: "K8S-001",
    severity: "high",
    title: "Every application namespace denies all ingress and egress by default",
    rationale: "Zero trust: without a default deny, any pod can reach any pod and the internet.",
    fix: "add a NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] and no rules",
    check: (stack) => {
      const policies = manifests(stack, "NetworkPolicy");
      return [...appNamespaces(stack)].flatMap(([ns, first]) => {
        const denies = policies.some(
          (p) =>
            p.manifest.metadata.namespace === ns &&
            isEmptySelector(p.manifest.spec?.podSelector) &&
            ["Ingress", "Egress"].every((t) => (p.manifest.spec?.policyTypes ?? []).includes(t)) &&
            (p.manifest.spec?.ingress ?? []).length === 0 &&
            (p.manifest.spec?.egress ?? []).length === 0,
        );
        return denies ? [] : [{ resource: first, message: `namespace ${ns} has no default-deny NetworkPolicy` }];
      });
    },
  }),
  stackRule({
    id: "K8S-002",
    severity: "medium",
    title: "Every application namespace allows DNS egress to kube-dns only",
    rationale: "Under default deny, pods need DNS; it must go to kube-dns, not anywhere on port 53.",
    fix: "add an egress NetworkPolicy for all pods to namespace kube-system pods k8s-app=kube-dns on UDP and TCP 53",
    check: (stack) => {
      const policies = manifests(stack, "NetworkPolicy");
      return [...appNamespaces(stack)].flatMap(([ns, first]) => {
        const dns = policies.some(
          (p) =>
            p.manifest.metadata.namespace === ns &&
            isEmptySelector(p.manifest.spec?.podSelector) &&
            (p.manifest.spec?.egress ?? []).some(
              (rule: any) =>
                (rule.to ?? []).some(
                  (peer: any) =>
                    peer.podSelector?.matchLabels?.["k8s-app"] === "kube-dns" &&
                    peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "kube-system",
                ) && ["UDP", "TCP"].every((proto) => (rule.ports ?? []).some((port: any) => (port.protocol ?? "TCP") === proto && port.port === 53)),
            ),
        );
        return dns ? [] : [{ resource: first, message: `namespace ${ns} has no DNS egress policy to kube-dns on UDP and TCP 53` }];
      });
    },
  }),
  resourceRule({
    id: "K8S-003",
    severity: "high",
    title: "Namespaces enforce a Pod Security Standard",
    rationale: "Pod Security Admission rejects privileged pods only in labelled namespaces.",
    fix: "label the namespace pod-security.kubernetes.io/enforce=restricted (audit and warn too)",
    mirrors: { checkov: "CKV_K8S_21" },
    types: ["kubernetes_manifest"],
    test: (a) => {
      if (a.manifest?.kind !== "Namespace") return undefined;
      const labels = a.manifest.metadata?.labels ?? {};
      const level = labels["pod-security.kubernetes.io/enforce"];
      if (!level) return `namespace ${a.manifest.metadata.name} has no pod-security.kubernetes.io/enforce label`;
      return level === "restricted" ? undefined : `namespace ${a.manifest.metadata.name} enforces only ${level}`;
    },
  }),
  stackRule({
    id: "K8S-004",
    severity: "high",
    title: "Containers satisfy the restricted securityContext",
    rationale: "Root, privilege escalation, capabilities and writable roots are the usual container-escape paths.",
    fix: "set runAsNonRoot, allowPrivilegeEscalation: false, capabilities.drop [ALL], seccompProfile RuntimeDefault, readOnlyRootFilesystem",
    mirrors: { checkov: "CKV_K8S_20/22/23/28/31", trivy: "KSV001/003/012/014/030" },
    check: (stack) =>
      perContainer(stack, (c, pod) => {
        const sc = c.securityContext ?? {};
        const psc = pod?.securityContext ?? {};
        const missing: string[] = [];
        if (!(sc.runAsNonRoot ?? psc.runAsNonRoot)) missing.push("runAsNonRoot");
        if (sc.allowPrivilegeEscalation !== false) missing.push("allowPrivilegeEscalation: false");
        if (!(sc.capabilities?.drop ?? []).includes("ALL")) missing.push("capabilities.drop [ALL]");
        if ((sc.seccompProfile ?? psc.seccompProfile)?.type !== "RuntimeDefault" && (sc.seccompProfile ?? psc.seccompProfile)?.type !== "Localhost")
          missing.push("seccompProfile RuntimeDefault");
        if (sc.readOnlyRootFilesystem !== true) missing.push("readOnlyRootFilesystem");
        if (sc.privileged === true) missing.push("privileged: false");
        return missing.length ? `lacks ${missing.join(", ")}` : undefined;
      }),
  }),
  stackRule({
    id: "K8S-005",
    severity: "medium",
    title: "Containers declare CPU and memory requests and limits",
    rationale: "Requests drive scheduling and HPA utilization; limits contain noisy neighbours.",
    fix: "set resources.requests and resources.limits for cpu and memory",
    mirrors: { checkov: "CKV_K8S_10/11/12/13", trivy: "KSV011/015/016/018" },
    check: (stack) =>
      perContainer(stack, (c) => {
        const missing = ["requests", "limits"].flatMap((k) => ["cpu", "memory"].filter((r) => !c.resources?.[k]?.[r]).map((r) => `${k}.${r}`));
        return missing.length ? `has no ${missing.join(", ")}` : undefined;
      }),
  }),
  stackRule({
    id: "K8S-012",
    severity: "medium",
    title: "Workloads run as their own ServiceAccount, never the namespace's default",
    rationale: "Every pod without a serviceAccountName shares `default`: a role binding or workload identity meant for one workload reaches them all.",
    fix: "create a ServiceAccount per workload (automountServiceAccountToken: false) and set spec.template.spec.serviceAccountName",
    mirrors: { checkov: "CKV_K8S_41" },
    check: (stack) =>
      manifests(stack)
        .filter((r) => WORKLOAD_KINDS.includes(r.manifest.kind))
        .filter((r) => [undefined, "default"].includes(podSpec(r.manifest)?.serviceAccountName))
        .map((r) => ({
          resource: r as ResourceView,
          message: `${r.manifest.kind} ${r.manifest.metadata.namespace}/${r.manifest.metadata.name} runs as the namespace's default ServiceAccount`,
        })),
  }),
  stackRule({
    id: "K8S-006",
    severity: "medium",
    title: "Images are pinned, never latest; in production, by digest",
    rationale:
      "Mutable tags make deployments unreproducible and silently change what runs; in production even a version tag can be re-pushed, only a digest names the bytes that were reviewed and scanned.",
    fix: "use an explicit version tag, and in production a sha256 digest (repo:1.2.3@sha256:...) copied from the registry the cluster pulls from",
    mirrors: { checkov: "CKV_K8S_14 / CKV_K8S_43", trivy: "KSV013" },
    check: (stack) =>
      perContainer(stack, (c) => {
        const image: string = c.image ?? "";
        if (/@sha256:[a-f0-9]{64}$/.test(image)) return undefined;
        if (image.includes("@")) return `uses image ${image} with a malformed digest (sha256: and 64 lowercase hex digits)`;
        const tag = /:([^/:]+)$/.exec(image)?.[1];
        if (!tag) return `uses image ${image} without a tag`;
        if (tag === "latest") return `uses image ${image}`;
        return stack.production ? `uses image ${image} by tag only (production requires a sha256 digest)` : undefined;
      }),
  }),
  stackRule({
    id: "K8S-017",
    severity: "medium",
    title: "In production, workloads read secrets from Key Vault files, not from Kubernetes Secrets",
    rationale:
      "A Kubernetes Secret is made by hand or by whatever may write Secrets in the namespace, is readable by everyone who may read them, sits in etcd and leaks into environment dumps; a Key Vault secret mounted by the CSI driver is audited, rotated in one place and read only by the workload's own identity.",
    fix: "list the secret under the workload's keyVaultSecrets (a file in /mnt/secrets-store, e.g. POSTGRES_PASSWORD_FILE) instead of envFromSecrets",
    check: (stack) => {
      if (!stack.production) return [];
      const fromEnv = perContainer(stack, (c) => {
        const refs = [
          ...(c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name).filter(Boolean),
          ...(c.envFrom ?? []).map((e: any) => e.secretRef?.name).filter(Boolean),
        ];
        return refs.length ? `reads the Kubernetes Secret ${refs[0]} into its environment` : undefined;
      });
      const fromVolumes = manifests(stack)
        .filter((r) => WORKLOAD_KINDS.includes(r.manifest.kind))
        .flatMap((r) =>
          (podSpec(r.manifest)?.volumes ?? [])
            .filter((v: any) => v.secret || v.projected?.sources?.some((s: any) => s.secret) || v.csi?.nodePublishSecretRef)
            .map((v: any) => ({
              resource: r as ResourceView,
              message: `${r.manifest.kind} ${r.manifest.metadata.namespace}/${r.manifest.metadata.name} mounts a Kubernetes Secret (volume ${v.name})`,
            })),
        );
      // A SecretProviderClass with secretObjects copies the vault's values into a Kubernetes Secret (etcd).
      const synced = manifests(stack, "SecretProviderClass")
        .filter((r) => (r.manifest.spec?.secretObjects ?? []).length > 0)
        .map((r) => ({
          resource: r as ResourceView,
          message: `SecretProviderClass ${r.manifest.metadata.namespace}/${r.manifest.metadata.name} syncs Key Vault secrets into Kubernetes Secrets (secretObjects)`,
        }));
      return [...fromEnv, ...fromVolumes, ...synced];
    },
  }),
  stackRule({
    id: "K8S-018",
    severity: "high",
    title: "In production, every StatefulSet with persistent volumes has a scheduled backup",
    rationale:
      "A volume claim template holds the only copy of its data, on disks in the cluster's resource group: a dropped table, a bad migration, a deleted claim or a lost resource group takes it away unless a copy lives elsewhere, taken on a schedule.",
    fix: "give the workload a backup (kubernetes.apps.<app>.workloads.<name>.backup): a CronJob in its namespace labelled backup-of: <name> that copies the data out of the cluster",
    check: (stack) => {
      if (!stack.production) return [];
      const backups = new Set(manifests(stack, "CronJob").map((r) => `${r.manifest.metadata?.namespace}/${r.manifest.metadata?.labels?.[BACKUP_OF_LABEL]}`));
      return manifests(stack, "StatefulSet")
        .filter((r) => (r.manifest.spec?.volumeClaimTemplates ?? []).length > 0)
        .filter((r) => !backups.has(`${r.manifest.metadata.namespace}/${r.manifest.metadata.name}`))
        .map((r) => ({
          resource: r as ResourceView,
          message: `StatefulSet ${r.manifest.metadata.namespace}/${r.manifest.metadata.name} keeps persistent volumes and has no backup CronJob (${BACKUP_OF_LABEL}: ${r.manifest.metadata.name})`,
        }));
    },
  }),
  stackRule({
    id: "K8S-007",
    severity: "medium",
    title: "HorizontalPodAutoscalers are sane",
    rationale: "An HPA on a missing target, without requests for its metrics, with min > max, or fighting a fixed replicas count does not scale.",
    fix: "target an existing Deployment/StatefulSet whose containers request every resource metric, keep min <= max, and drop spec.replicas from the target",
    check: (stack) => {
      const all = manifests(stack);
      return manifests(stack, "HorizontalPodAutoscaler").flatMap((h): Violation[] => {
        const spec = h.manifest.spec ?? {};
        const name = `${h.manifest.metadata.namespace}/${h.manifest.metadata.name}`;
        if ((spec.minReplicas ?? 1) > spec.maxReplicas)
          return [{ resource: h, message: `HPA ${name} has minReplicas ${spec.minReplicas} > maxReplicas ${spec.maxReplicas}` }];
        const ref = spec.scaleTargetRef ?? {};
        const target = all.find(
          (r) => r.manifest.kind === ref.kind && r.manifest.metadata.name === ref.name && r.manifest.metadata.namespace === h.manifest.metadata.namespace,
        );
        if (!target) return [{ resource: h, message: `HPA ${name} targets missing ${ref.kind} ${ref.name}` }];
        const problems: string[] = [];
        if (target.manifest.spec?.replicas !== undefined && target.manifest.kind === "Deployment")
          problems.push(`its target sets spec.replicas ${target.manifest.spec.replicas}`);
        for (const metric of spec.metrics ?? []) {
          const resource = metric.type === "Resource" ? metric.resource?.name : undefined;
          if (!resource) continue;
          for (const c of containersOf(target.manifest))
            if (!c.resources?.requests?.[resource]) problems.push(`container ${c.name} has no ${resource} request`);
        }
        return problems.map((p) => ({ resource: h, message: `HPA ${name}: ${p}` }));
      });
    },
  }),
  resourceRule({
    id: "K8S-008",
    severity: "high",
    title: "StorageClasses never take the name of one of AKS's built-in classes",
    rationale:
      "AKS creates and reconciles default, managed*, azurefile*, azureblob* (and more) on every cluster: a class of that name cannot be created (the object exists), nor adopted (its parameters are immutable and AKS reverts them), so the apply fails.",
    fix: "give the class a name of your own (e.g. a platform- prefix)",
    types: ["kubernetes_manifest"],
    test: (a) => {
      if (a.manifest?.kind !== "StorageClass") return undefined;
      const name: string = a.manifest.metadata?.name ?? "";
      return isAksBuiltInStorageClassName(name) ? `StorageClass ${name} collides with AKS's built-in classes` : undefined;
    },
  }),
];
