import { LabelSelector, Labels } from "./types";

/** Label every namespace carries (set by the API server): what `namespaceSelector`s usually match on. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * Whether `labels` satisfy a LabelSelector: every `matchLabels` pair AND every `matchExpressions` requirement.
 * An empty selector `{}` matches everything. Operators follow meta/v1: `In` needs the key with one of the values,
 * `NotIn` matches when the key is absent or its value is not listed, `Exists` / `DoesNotExist` test the key only.
 * Throws on an unknown operator or a requirement whose `values` the API server would reject.
 */
export function matchesSelector(selector: LabelSelector, labels: Labels | undefined): boolean {
  checkSelector(selector);
  const actual = labels ?? {};
  const has = (key: string) => Object.prototype.hasOwnProperty.call(actual, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || actual[key] !== value) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const values = req.values ?? [];
    switch (req.operator) {
      case "In":
      case "NotIn": {
        const listed = has(req.key) && values.includes(actual[req.key]);
        if (req.operator === "In" ? !listed : listed) return false;
        break;
      }
      case "Exists":
      case "DoesNotExist":
        if (req.operator === "Exists" ? !has(req.key) : has(req.key)) return false;
        break;
    }
  }
  return true;
}

/** Throws when the API server would reject the selector: unknown operator, or `values` not fitting the operator. */
export function checkSelector(selector: LabelSelector, where = "selector"): void {
  for (const req of selector.matchExpressions ?? []) {
    const count = req.values?.length ?? 0;
    if (req.operator === "In" || req.operator === "NotIn") {
      if (count === 0) throw new Error(`${where}: matchExpressions operator ${req.operator} on key ${req.key} needs at least one value`);
    } else if (req.operator === "Exists" || req.operator === "DoesNotExist") {
      if (count > 0) throw new Error(`${where}: matchExpressions operator ${req.operator} on key ${req.key} takes no values`);
    } else {
      throw new Error(`${where}: matchExpressions has unknown operator ${JSON.stringify(req.operator)} on key ${req.key}`);
    }
  }
}

/** Namespace labels as the API server keeps them: the given labels plus `kubernetes.io/metadata.name`. */
export function namespaceLabels(name: string, labels: Labels = {}): Labels {
  return { ...labels, [NAMESPACE_NAME_LABEL]: name };
}
