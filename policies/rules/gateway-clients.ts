import { MODERN_TLS_CIPHERS } from "../../constructs/kubernetes/gateway-client-protections";
import { manifests } from "../stack-view";
import { stackRule } from "../rule-helpers";
import { PolicyRule, Violation } from "../types";

/** Rules about what the clients of a Gateway's HTTPS listeners get: TLS floor and ciphers, HSTS, a rate limit. */

/** True when a policy's targetRefs name the Gateway (whole, or the listener `section`). */
function targets(policy: any, gateway: any, section: string): boolean {
  return (
    policy.metadata?.namespace === gateway.metadata.namespace &&
    (policy.spec?.targetRefs ?? []).some(
      (t: any) => t.kind === "Gateway" && t.name === gateway.metadata.name && (t.sectionName === undefined || t.sectionName === section),
    )
  );
}

/** What a ClientTrafficPolicy lacks for one HTTPS listener, as sentence fragments. */
function clientGaps(policy: any | undefined): string[] {
  if (!policy) return ["no ClientTrafficPolicy (TLS floor, HSTS)"];
  const tls = policy.spec?.tls ?? {};
  const gaps: string[] = [];
  if (tls.minVersion !== "1.2" && tls.minVersion !== "1.3") gaps.push(`minimum TLS version ${tls.minVersion ?? "unset"} (not 1.2 or 1.3)`);
  if (tls.minVersion === "1.2") {
    const weak = (tls.ciphers ?? []).filter((c: string) => !(MODERN_TLS_CIPHERS as readonly string[]).includes(c));
    if (!tls.ciphers) gaps.push("no explicit cipher list");
    else if (weak.length) gaps.push(`ciphers without forward secrecy or AEAD (${weak.join(", ")})`);
  }
  const hsts = (policy.spec?.headers?.lateResponseHeaders?.set ?? []).find((h: any) => String(h.name).toLowerCase() === "strict-transport-security");
  const maxAge = Number(/max-age=(\d+)/i.exec(String(hsts?.value ?? ""))?.[1] ?? 0);
  if (maxAge <= 0) gaps.push("no Strict-Transport-Security header");
  return gaps;
}

export const GATEWAY_CLIENT_RULES: PolicyRule[] = [
  stackRule({
    id: "K8S-015",
    severity: "medium",
    title: "Every HTTPS listener of a Gateway sets TLS 1.2+ with modern ciphers and HSTS, and its Gateway has a rate limit",
    rationale:
      "Gateway API has no field for TLS versions, HSTS or rate limits, so without the implementation's policies the proxies' defaults decide, no browser is told to stay on HTTPS, and one client can flood every route.",
    fix: "attach a ClientTrafficPolicy to the HTTPS listener (tls.minVersion 1.2 with ECDHE AEAD ciphers, or 1.3; headers.lateResponseHeaders setting Strict-Transport-Security) and a BackendTrafficPolicy with a rateLimit to the Gateway (SharedGateway's defaults)",
    check: (stack) => {
      const all = manifests(stack);
      const clientPolicies = all.filter((m) => m.manifest.kind === "ClientTrafficPolicy").map((m) => m.manifest);
      const backendPolicies = all.filter((m) => m.manifest.kind === "BackendTrafficPolicy").map((m) => m.manifest);
      return all
        .filter((m) => m.manifest.kind === "Gateway")
        .flatMap((g): Violation[] => {
          const gw = g.manifest;
          const name = `${gw.metadata.namespace}/${gw.metadata.name}`;
          const https = (gw.spec?.listeners ?? []).filter((l: any) => l.protocol === "HTTPS");
          if (https.length === 0) return [];
          const problems = https.flatMap((l: any) => {
            // Envoy Gateway applies a policy naming the listener before one naming the whole Gateway.
            const candidates = clientPolicies.filter((p) => targets(p, gw, l.name));
            const policy = candidates.find((p) => p.spec.targetRefs.some((t: any) => t.sectionName === l.name)) ?? candidates[0];
            const gaps = clientGaps(policy);
            return gaps.length ? [`listener ${l.name}: ${gaps.join(", ")}`] : [];
          });
          const perClient = (p: any) =>
            (p.spec?.rateLimit?.local?.rules ?? p.spec?.rateLimit?.global?.rules ?? []).some((r: any) =>
              (r.clientSelectors ?? []).some((c: any) => c.sourceCIDR?.type === "Distinct"),
            );
          const limited = backendPolicies.some((p) => perClient(p) && https.every((l: any) => targets(p, gw, l.name)));
          if (!limited) problems.push("no BackendTrafficPolicy rate limit per client address");
          return problems.length ? [{ resource: g, message: `Gateway ${name}: ${problems.join("; ")}` }] : [];
        });
    },
  }),
];
