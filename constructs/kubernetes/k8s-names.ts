import { IConstruct } from "constructs";
import { collectProblems, isKnown, propError } from "../core/validation";

import { DNS_LABEL, DNS_SUBDOMAIN } from "../core/names";

export { DNS_LABEL, DNS_SUBDOMAIN } from "../core/names";

/** Throws unless a known value is an RFC 1123 label of at most `max` (<= 63) characters. */
export function checkDnsLabel(scope: IConstruct, prop: string, value: string, max = 63): void {
  if (!isKnown(value)) return;
  if (value.length > max || !DNS_LABEL.test(value)) {
    throw propError(
      scope,
      prop,
      `must be a DNS label: at most ${max} lowercase letters, digits and '-', starting and ending alphanumeric`,
      value,
      `rename it, e.g. "${slug(value, max) || "app"}".`,
    );
  }
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Throws unless every key and value is a valid Kubernetes label (the schema does not check label syntax), naming each bad label. */
export function checkLabels(scope: IConstruct, prop: string, labels: Record<string, string>): void {
  const each = Object.entries(labels).map(
    ([key, value]) =>
      () =>
        checkLabel(scope, prop, key, value),
  );
  collectProblems(scope, each);
}

function checkLabel(scope: IConstruct, prop: string, key: string, value: string): void {
  if (!isKnown(key) || !isKnown(value)) return;
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const keyOk = name.length <= 63 && LABEL_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && LABEL_PREFIX.test(prefix)));
  if (!keyOk) {
    throw propError(scope, `${prop} key`, "must be a label key ([prefix/]name, name at most 63 alphanumerics, '-', '_', '.')", key, "rename the label key.");
  }
  if (typeof value !== "string" || value.length > 63 || !LABEL_VALUE.test(value)) {
    throw propError(scope, `${prop}.${key}`, "must be a label value (at most 63 alphanumerics, '-', '_', '.')", value, "shorten or rename the value.");
  }
}

/** Lowercase DNS-label form of any text, at most `max` characters ("" when nothing is left). */
export function slug(text: string, max = 63): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .slice(0, max)
    .replace(/^-+|-+$/g, "");
}

/** Throws unless a known value is an RFC 1123 subdomain (at most 253 characters): StorageClass and object names. */
export function checkDnsSubdomain(scope: IConstruct, prop: string, value: string): void {
  if (!isKnown(value)) return;
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw propError(scope, prop, "must be a DNS subdomain: lowercase letters, digits, '-' and '.', at most 253 characters", value, "rename it.");
  }
}

/**
 * A file name in a secrets volume: letters, digits, '.', '_' and '-', no path separators, not "." and not starting
 * with ".." (the Secrets Store CSI driver's atomic writer refuses those).
 */
export const SECRET_FILE_NAME = /^(?!\.$)(?!\.\.)[A-Za-z0-9._-]{1,253}$/;
