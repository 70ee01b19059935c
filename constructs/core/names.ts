/**
 * One home for the name grammars that constructs, the config schema (config/primitives.ts) and the policy pack
 * share: each is written once, here, and every check of the same kind of name uses it.
 */

/**
 * An RFC 1123 label: 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit. Kubernetes
 * namespaces, Services, containers, NetworkPolicies; Gateway listeners; other keys that become such names.
 */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** An RFC 1123 subdomain (at most 253 characters): names of cluster-scoped objects, ServiceAccounts, issuers. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A lowercase DNS host name whose top-level label is 2-63 letters, a wildcard only as the whole leading label: what a
 * publicly trusted (ACME) certificate may name, so what the Gateway's and routes' host names must be.
 */
export const HOST_NAME = /^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A DNS zone name: a {@link HOST_NAME} without a wildcard, e.g. `contoso.com`. */
export const DNS_ZONE_NAME = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The grammar of a name prefix that Azure resource names start with (policy assignments, action groups, alerts):
 * 1 to `maxLength` letters, digits and hyphens, starting with a letter or digit. As `[pattern, rule]` for
 * `checkPattern(scope, "namePrefix", value, ...namePrefix(39))`; `maxLength` is what the longest name built from the
 * prefix leaves for it.
 */
export function namePrefix(maxLength: number): [RegExp, string] {
  return [new RegExp(`^[a-zA-Z0-9][a-zA-Z0-9-]{0,${maxLength - 1}}$`), `1-${maxLength} letters, digits and hyphens, starting with a letter or digit`];
}
