import { Construct } from "constructs";
import { collectProblems, isKnown, propError, warnOptOut } from "../core/validation";
import { GatewayRateLimit } from "./addons/gateway-implementation";

/**
 * What the shared Gateway's clients get on its HTTPS listener: a TLS floor with modern ciphers, HSTS, and a rate
 * limit per client address. The implementation applies them with its own policy objects
 * (`GatewayImplementation.protectClients`).
 */

/**
 * TLS 1.2 cipher suites Envoy accepts (OpenSSL names; the list in Envoy Gateway's api/v1alpha1/tls_types.go, v1.9.1).
 */
export const ENVOY_TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
  "ECDHE-ECDSA-AES128-SHA",
  "ECDHE-RSA-AES128-SHA",
  "AES128-GCM-SHA256",
  "AES128-SHA",
  "ECDHE-ECDSA-AES256-SHA",
  "ECDHE-RSA-AES256-SHA",
  "AES256-GCM-SHA384",
  "AES256-SHA",
] as const;

/**
 * Forward-secret (ECDHE) key exchange with authenticated encryption (GCM, ChaCha20-Poly1305) only: Mozilla's
 * "intermediate" TLS 1.2 suites that Envoy supports. No CBC, no static-RSA key exchange.
 */
export const MODERN_TLS_CIPHERS = ENVOY_TLS12_CIPHERS.filter((c) => c.startsWith("ECDHE-") && /(GCM-SHA\d+|CHACHA20-POLY1305)$/.test(c));

/** Props of the shared Gateway's client protections (see {@link GATEWAY_CLIENT_PROTECTION_DEFAULTS}). */
export interface GatewayClientProtectionProps {
  /**
   * TLS floor of the HTTPS listener, and the cipher suites offered below TLS 1.3 (ignored with 1.3).
   * @default { minVersion: "1.2", ciphers: MODERN_TLS_CIPHERS }
   */
  readonly tls?: { readonly minVersion?: "1.2" | "1.3"; readonly ciphers?: string[] };
  /**
   * `Strict-Transport-Security` max-age in seconds on every HTTPS response. 0 opts out (adds a warning).
   * @default 31536000 (one year)
   */
  readonly hstsMaxAgeSeconds?: number;
  /**
   * Requests each client address may make per unit of time, counted by each proxy replica for each route (a
   * ceiling against floods; a WAF is what stops application attacks). `false` opts out (adds a warning).
   * @default { requestsPerClientIp: 100, unit: "Second" }
   */
  readonly rateLimit?: GatewayRateLimit | false;
}

export const GATEWAY_CLIENT_PROTECTION_DEFAULTS = {
  tls: { minVersion: "1.2", ciphers: MODERN_TLS_CIPHERS },
  hstsMaxAgeSeconds: 31_536_000,
  rateLimit: { requestsPerClientIp: 100, unit: "Second" },
} as const;

/** Two years: the longest max-age browsers' preload lists ask for; longer only delays recovering from a mistake. */
const MAX_HSTS_SECONDS = 63_072_000;

/** The protections with defaults applied, validated (throws naming every problem) and opt-outs warned. */
export function resolveClientProtections(
  scope: Construct,
  props: GatewayClientProtectionProps,
): { tls: { minVersion: "1.2" | "1.3"; ciphers: readonly string[] }; hstsMaxAgeSeconds: number; rateLimit?: GatewayRateLimit } {
  const d = GATEWAY_CLIENT_PROTECTION_DEFAULTS;
  const minVersion = props.tls?.minVersion ?? d.tls.minVersion;
  const ciphers = props.tls?.ciphers ?? [...d.tls.ciphers];
  const hsts = props.hstsMaxAgeSeconds ?? d.hstsMaxAgeSeconds;
  const rateLimit = props.rateLimit === false ? undefined : (props.rateLimit ?? d.rateLimit);
  // TLS, HSTS and the rate limit are checked on their own; each warns of its opt-out where it is checked.
  collectProblems(scope, [
    () => {
      if (minVersion !== "1.2" && minVersion !== "1.3") {
        throw propError(scope, "tls.minVersion", 'must be "1.2" or "1.3"', minVersion, 'use "1.2" (or "1.3" if every client supports it).');
      }
      if (props.tls?.ciphers === undefined) return;
      if (minVersion === "1.3") {
        throw propError(
          scope,
          "tls.ciphers",
          "has no effect with minVersion 1.3 (Envoy Gateway's CRD refuses it)",
          ciphers,
          "drop tls.ciphers or use minVersion 1.2.",
        );
      }
      if (ciphers.length === 0) throw propError(scope, "tls.ciphers", "must list at least one cipher suite", ciphers, "leave it unset for MODERN_TLS_CIPHERS.");
      const unknown = ciphers.find((c) => !(ENVOY_TLS12_CIPHERS as readonly string[]).includes(c));
      if (unknown !== undefined) {
        throw propError(
          scope,
          "tls.ciphers",
          `names a suite Envoy does not support (${ENVOY_TLS12_CIPHERS.join(", ")})`,
          unknown,
          "use OpenSSL names from that list.",
        );
      }
      const weak = ciphers.filter((c) => !(MODERN_TLS_CIPHERS as readonly string[]).includes(c));
      if (weak.length > 0) warnOptOut(scope, "tls.ciphers", `offers suites without forward secrecy or authenticated encryption (${weak.join(", ")})`);
    },
    () => {
      if (!Number.isInteger(hsts) || hsts < 0 || hsts > MAX_HSTS_SECONDS) {
        throw propError(scope, "hstsMaxAgeSeconds", `must be an integer from 0 to ${MAX_HSTS_SECONDS} (two years)`, hsts, "use 31536000 (one year).");
      }
      if (hsts === 0)
        warnOptOut(scope, "hstsMaxAgeSeconds", "HTTPS responses carry no Strict-Transport-Security header, so browsers may be downgraded to HTTP");
    },
    () => {
      if (rateLimit === undefined) return warnOptOut(scope, "rateLimit", "no client address is rate-limited at the Gateway");
      const requests = rateLimit.requestsPerClientIp;
      if (isKnown(requests) && (!Number.isInteger(requests) || requests < 1 || requests > 1_000_000)) {
        throw propError(scope, "rateLimit.requestsPerClientIp", "must be an integer from 1 to 1000000", requests, "use e.g. 100 per Second.");
      }
    },
    () => {
      if (rateLimit !== undefined && !["Second", "Minute", "Hour"].includes(rateLimit.unit)) {
        throw propError(scope, "rateLimit.unit", 'must be "Second", "Minute" or "Hour"', rateLimit.unit, 'use "Second".');
      }
    },
  ]);
  return { tls: { minVersion, ciphers }, hstsMaxAgeSeconds: hsts, ...(rateLimit ? { rateLimit } : {}) };
}
