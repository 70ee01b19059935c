import azurerm from "./azurerm-4.55.0.json";

/**
 * What a change of one attribute does at apply, per the provider's own code: replace the resource (destroy, then
 * create: data in it is gone), maybe replace it (a condition on old and new values that is not evaluated here),
 * fail (the provider or the API refuses the update), or rotate a node pool (AKS with temporary_name_for_rotation).
 */
export type ChangeEffect = "replace" | "may-replace" | "fails" | "rotates-node-pool";

export interface AttributeEffect {
  readonly attribute: string;
  readonly effect: ChangeEffect;
  /** Why, from the provider's source (condition, error message). */
  readonly note: string;
}

interface TypeRules {
  readonly file: string;
  readonly forceNew: readonly string[];
  readonly forceNewBlocks: readonly string[];
  readonly conditional: readonly { readonly attribute: string; readonly when: string; readonly line?: number | null }[];
  readonly immutable: readonly { readonly attribute: string; readonly why: string; readonly line?: number | null; readonly category: string }[];
}

/**
 * The replacement table of terraform-provider-azurerm v4.55.0, per resource type this project deploys:
 * `forceNew` from the compiled provider's schemas (ForceNew, nested blocks included); `conditional` (CustomizeDiff
 * ForceNew) and `immutable` (updates the provider or API refuses) read from its Create/Update/CustomizeDiff code
 * with line numbers (review/replacement/azurerm-4.55.0.json). Bump it with the provider.
 */
export const AZURERM_REPLACEMENT = azurerm as {
  readonly provider: string;
  readonly version: string;
  readonly source: string;
  readonly types: Readonly<Record<string, TypeRules>>;
};

/**
 * kubernetes_manifest (terraform-provider-kubernetes v2.38.0, manifest/provider/plan.go): only these fields
 * force replacement; everything else is a server-side-apply patch.
 */
export const KUBERNETES_MANIFEST_REPLACEMENT = ["manifest.apiVersion", "manifest.kind", "manifest.metadata.name", "manifest.metadata.namespace"] as const;

/**
 * Fields the API server refuses to change (Kubernetes validation), so their patch fails at apply and the object
 * must be deleted and created under a new name instead.
 */
export const KUBERNETES_IMMUTABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  StorageClass: ["manifest.parameters", "manifest.provisioner", "manifest.reclaimPolicy", "manifest.volumeBindingMode"],
  StatefulSet: ["manifest.spec.selector", "manifest.spec.serviceName", "manifest.spec.volumeClaimTemplates", "manifest.spec.podManagementPolicy"],
  Deployment: ["manifest.spec.selector"],
};

/** `a.b[0].c` -> `a.b.c`: the table names attributes without list indexes. */
export const normalizeAttribute = (path: string) => path.replace(/\[\d+\]/g, "");

const startsWithPath = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);

const ZONAL_REPLICATION = ["ZRS", "GZRS", "RAGZRS"];

/** Conditions of `conditional` entries this review can decide from the old and new values. */
const EVALUATED: Record<string, (before: unknown, after: unknown) => boolean> = {
  "azurerm_storage_account account_replication_type": (b, a) => ZONAL_REPLICATION.includes(String(b)) !== ZONAL_REPLICATION.includes(String(a)),
  "azurerm_kubernetes_cluster network_profile.network_policy": (b, a) => b !== undefined && b !== "" && b !== a,
  "azurerm_kubernetes_cluster network_profile.network_data_plane": (b, a) => b !== undefined && b !== "" && b !== a,
  "azurerm_kubernetes_cluster network_profile.network_plugin_mode": (b, a) => b !== a && a !== "overlay",
  "azurerm_kubernetes_cluster default_node_pool.name": (b, a) => b !== a,
};

/**
 * The effect of changing `attribute` (a flattened path such as `network_profile.network_policy` or
 * `manifest.spec.selector.matchLabels.app`) of a resource of `type` from `before` to `after`; undefined for an
 * in-place update. `blockPresence` tells whether a block on the path exists on each side.
 */
export function changeEffect(
  type: string,
  attribute: string,
  before: unknown,
  after: unknown,
  context: { readonly kind?: string; readonly blockExists?: (block: string, side: "before" | "after") => boolean; readonly rotationConfigured?: boolean } = {},
): AttributeEffect | undefined {
  const path = normalizeAttribute(attribute);
  if (type === "kubernetes_manifest") {
    const replaced = KUBERNETES_MANIFEST_REPLACEMENT.find((f) => path === f);
    if (replaced) return { attribute, effect: "replace", note: `${replaced} identifies the object: a new one is created, the old one deleted` };
    const immutable = (KUBERNETES_IMMUTABLE_FIELDS[context.kind ?? ""] ?? []).find((f) => startsWithPath(path, f));
    if (immutable)
      return { attribute, effect: "fails", note: `${context.kind} ${immutable.slice("manifest.".length)} is immutable: the API server refuses the patch` };
    return undefined;
  }
  const rules = AZURERM_REPLACEMENT.types[type];
  if (!rules) return undefined;
  const forceNew = rules.forceNew.find((f) => f === path || (startsWithPath(path, f) && !rules.forceNewBlocks.includes(f)));
  if (forceNew) return { attribute, effect: "replace", note: `${forceNew} forces replacement (${rules.file})` };
  const block = rules.forceNewBlocks.find((b) => startsWithPath(path, b));
  if (block && context.blockExists && context.blockExists(block, "before") !== context.blockExists(block, "after")) {
    return { attribute, effect: "replace", note: `adding or removing ${block} forces replacement (${rules.file})` };
  }
  const conditional = rules.conditional.find((c) => c.attribute === path);
  if (conditional) {
    const decide = EVALUATED[`${type} ${path}`];
    if (decide) return decide(before, after) ? { attribute, effect: "replace", note: conditional.when } : undefined;
    return { attribute, effect: "may-replace", note: `${conditional.when} (${rules.file}:${conditional.line ?? "?"})` };
  }
  const immutable = rules.immutable.find((i) => startsWithPath(path, i.attribute));
  if (immutable) {
    if (immutable.category === "rotation-required") {
      return context.rotationConfigured
        ? { attribute, effect: "rotates-node-pool", note: "the default node pool is rebuilt through temporary_name_for_rotation (the cluster stays)" }
        : { attribute, effect: "fails", note: immutable.why };
    }
    if (immutable.category === "not-updatable-no-forcenew") return { attribute, effect: "fails", note: immutable.why };
    if (type === "azurerm_key_vault" && path === "purge_protection_enabled" && !(before === true && after !== true)) return undefined;
    return { attribute, effect: "fails", note: immutable.why };
  }
  return undefined;
}
