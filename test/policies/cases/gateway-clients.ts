/** Fixtures of the gateway client rules: TLS floor and ciphers, HSTS, rate limit on every HTTPS listener. */
import { K8S, manifest, RuleCaseTable, view } from "../fixtures";
import { gatewayClientPolicies } from "./cluster-platform";

const gateway = (
  listeners: any[] = [
    { name: "http", port: 80, protocol: "HTTP" },
    { name: "https", port: 443, protocol: "HTTPS" },
  ],
) =>
  manifest(
    "gateway",
    "Gateway",
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "shared", namespace: "gateway" },
      spec: { gatewayClassName: "envoy", listeners },
    },
    K8S,
  );
const GATEWAY_PATH = `${K8S}/Gateway/Resource`;
const [CLIENTS, RATE_LIMIT] = gatewayClientPolicies(K8S);

export const GATEWAY_CLIENT_CASES: RuleCaseTable = {
  "K8S-015": {
    compliant: {
      "TLS 1.2 with ECDHE AEAD ciphers, HSTS, a rate limit": view(K8S, [gateway(), ...gatewayClientPolicies(K8S)]),
      "TLS 1.3 needs no cipher list": view(K8S, [gateway(), ...gatewayClientPolicies(K8S, { tls: { minVersion: "1.3" } })]),
      "a plain-HTTP Gateway has no HTTPS listener to protect": view(K8S, [gateway([{ name: "http", port: 80, protocol: "HTTP" }])]),
    },
    violating: {
      "no policies at all": {
        view: view(K8S, [gateway()]),
        expected: [
          {
            path: GATEWAY_PATH,
            message:
              /^Gateway gateway\/shared: listener https: no ClientTrafficPolicy \(TLS floor, HSTS\); no BackendTrafficPolicy rate limit per client address$/,
          },
        ],
      },
      "TLS 1.0 floor, CBC ciphers, no HSTS": {
        view: view(K8S, [gateway(), ...gatewayClientPolicies(K8S, { tls: { minVersion: "1.0", ciphers: ["AES128-SHA"] }, headers: undefined })]),
        expected: [
          {
            path: GATEWAY_PATH,
            message: /^Gateway gateway\/shared: listener https: minimum TLS version 1.0 \(not 1.2 or 1.3\), no Strict-Transport-Security header$/,
          },
        ],
      },
      "weak ciphers under TLS 1.2, HSTS max-age 0, a policy for another listener only": {
        view: view(K8S, [
          gateway(),
          ...gatewayClientPolicies(
            K8S,
            {
              tls: { minVersion: "1.2", ciphers: ["ECDHE-RSA-AES128-GCM-SHA256", "AES256-SHA"] },
              headers: { lateResponseHeaders: { set: [{ name: "Strict-Transport-Security", value: "max-age=0" }] } },
            },
            {
              targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared", sectionName: "http" }],
            },
          ),
        ]),
        expected: [
          {
            path: GATEWAY_PATH,
            message:
              /^Gateway gateway\/shared: listener https: ciphers without forward secrecy or AEAD \(AES256-SHA\), no Strict-Transport-Security header; no BackendTrafficPolicy rate limit per client address$/,
          },
        ],
      },
      "a rate limit shared by every client, and a whole-Gateway client policy overridden by a weak listener one": {
        view: view(K8S, [
          gateway(),
          ...gatewayClientPolicies(
            K8S,
            { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared" }] },
            { rateLimit: { type: "Local", local: { rules: [{ limit: { requests: 100, unit: "Second" } }] } } },
          ),
          manifest(
            "weak",
            "WeakClients",
            {
              ...CLIENTS.attrs.manifest,
              metadata: { name: "weak", namespace: "gateway" },
              spec: { ...CLIENTS.attrs.manifest.spec, tls: { minVersion: "1.1" } },
            },
            K8S,
          ),
        ]),
        expected: [
          {
            path: GATEWAY_PATH,
            message:
              /^Gateway gateway\/shared: listener https: minimum TLS version 1.1 \(not 1.2 or 1.3\); no BackendTrafficPolicy rate limit per client address$/,
          },
        ],
      },
      "a client policy in another namespace does not count": {
        view: view(K8S, [
          gateway(),
          { ...CLIENTS, attrs: { manifest: { ...CLIENTS.attrs.manifest, metadata: { name: "x", namespace: "other" } } } },
          RATE_LIMIT,
        ]),
        expected: [{ path: GATEWAY_PATH, message: /^Gateway gateway\/shared: listener https: no ClientTrafficPolicy/ }],
      },
    },
  },
};
