import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import {
  AcmeClusterIssuers,
  AcmeClusterIssuersProps,
  LETSENCRYPT_SERVERS,
  acmeClusterIssuer,
  splitAcmeNames,
} from "../../../constructs/kubernetes/cluster-issuers";
import { KubeObject, renderModel } from "../../../constructs/kubernetes/kube-object";

const DNS01 = {
  subscriptionId: "00000000-0000-0000-0000-000000000001",
  resourceGroupName: "rg-dns",
  hostedZoneName: "contoso.com",
  managedIdentityClientId: "11111111-2222-3333-4444-555555555555",
};
const baseProps: AcmeClusterIssuersProps = {
  email: "platform@contoso.com",
  dnsNames: ["shop.fabrikam.com"],
  http01Gateway: { name: "shared", namespace: "gateway", sectionName: "http" },
};

function build(props: Partial<AcmeClusterIssuersProps> = {}): { out: string; issuers: AcmeClusterIssuers; scope: Construct } {
  let issuers: AcmeClusterIssuers | undefined;
  let root: Construct | undefined;
  const out = Testing.synthScope((scope) => {
    root = scope;
    issuers = new AcmeClusterIssuers(scope, "Issuers", { ...baseProps, ...props });
  });
  return { out, issuers: issuers as AcmeClusterIssuers, scope: root as Construct };
}

function manifests(out: string, kind = "ClusterIssuer"): any[] {
  return Object.values(JSON.parse(out).resource.kubernetes_manifest ?? {})
    .map((r: any) => r.manifest)
    .filter((m: any) => m.kind === kind);
}

function byName(out: string, name: string): any {
  const m = manifests(out).find((x) => x.metadata.name === name);
  expect(m).toBeDefined();
  return m;
}

const HTTP01 = {
  selector: { dnsNames: ["shop.fabrikam.com"] },
  // ClusterIP: the solver's Service would otherwise be a NodePort, opened on every node.
  http01: {
    gatewayHTTPRoute: {
      serviceType: "ClusterIP",
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared", namespace: "gateway", sectionName: "http" }],
    },
  },
};

describe("AcmeClusterIssuers", () => {
  test("defaults: staging and prod ACME v2 issuers solving HTTP-01 through the Gateway's http listener, for the listed names only", () => {
    const { out, issuers } = build();
    expect(manifests(out)).toHaveLength(2);
    for (const name of ["letsencrypt-staging", "letsencrypt-prod"] as const) {
      expect(byName(out, name)).toEqual({
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name },
        spec: {
          acme: {
            server: LETSENCRYPT_SERVERS[name],
            email: "platform@contoso.com",
            privateKeySecretRef: { name: `${name}-account-key` },
            solvers: [HTTP01],
          },
        },
      });
    }
    expect(LETSENCRYPT_SERVERS).toEqual({
      "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
      "letsencrypt-prod": "https://acme-v02.api.letsencrypt.org/directory",
    });
    expect(issuers.staging.objectName).toBe("letsencrypt-staging");
    expect(issuers.prod.objectName).toBe("letsencrypt-prod");
    expect(Object.keys(issuers.issuers)).toEqual(["letsencrypt-staging", "letsencrypt-prod"]);
    expect(out).toHaveResource(Manifest);
  });

  test("defaults: the issuers are reserved to the Gateway's namespace by an admission policy", () => {
    const { out, issuers } = build();
    const [policy] = manifests(out, "ValidatingAdmissionPolicy");
    expect(policy.metadata.name).toBe("cluster-issuers-gateway-only");
    expect(policy.spec.matchConditions).toEqual([{ name: "outside-the-reserved-namespace", expression: "request.namespace != 'gateway'" }]);
    expect(policy.spec.variables[0]).toEqual({ name: "issuers", expression: "['letsencrypt-staging', 'letsencrypt-prod']" });
    expect(manifests(out, "ValidatingAdmissionPolicyBinding")).toEqual([
      expect.objectContaining({
        metadata: { name: "cluster-issuers-gateway-only" },
        spec: { policyName: "cluster-issuers-gateway-only", validationActions: ["Deny"] },
      }),
    ]);
    expect(issuers.restriction?.policyName).toBe("cluster-issuers-gateway-only");
  });

  test("reservedNamespace names another namespace; false drops the policy and warns", () => {
    expect(manifests(build({ reservedNamespace: "edge" }).out, "ValidatingAdmissionPolicy")[0].spec.matchConditions[0].expression).toBe(
      "request.namespace != 'edge'",
    );
    const { out, issuers } = build({ reservedNamespace: false });
    expect(manifests(out, "ValidatingAdmissionPolicy")).toEqual([]);
    expect(issuers.restriction).toBeUndefined();
    expect(issuers.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data))).toEqual([
      expect.stringMatching(/^reservedNamespace opts out of a secure default: any namespace can request certificates/),
    ]);
  });

  test("http01Gateway.sectionName names another listener", () => {
    const { out } = build({ http01Gateway: { name: "edge", namespace: "ingress", sectionName: "plain" } });
    expect(byName(out, "letsencrypt-prod").spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs).toEqual([
      { group: "gateway.networking.k8s.io", kind: "Gateway", name: "edge", namespace: "ingress", sectionName: "plain" },
    ]);
  });

  test("dns01 adds an Azure DNS solver with workload identity for the names in the zone; the others keep HTTP-01", () => {
    const { out } = build({ dns01: DNS01, dnsNames: ["shop.fabrikam.com", "*.contoso.com", "contoso.com"] });
    for (const name of ["letsencrypt-staging", "letsencrypt-prod"]) {
      expect(byName(out, name).spec.acme.solvers).toEqual([
        HTTP01,
        {
          selector: { dnsNames: ["*.contoso.com", "contoso.com"] },
          dns01: {
            azureDNS: {
              subscriptionID: DNS01.subscriptionId,
              resourceGroupName: "rg-dns",
              hostedZoneName: "contoso.com",
              environment: "AzurePublicCloud",
              managedIdentity: { clientID: DNS01.managedIdentityClientId },
            },
          },
        },
      ]);
    }
  });

  test("with every name in the zone there is no HTTP-01 solver at all", () => {
    const solvers = byName(build({ dns01: DNS01, dnsNames: ["shop.contoso.com"] }).out, "letsencrypt-prod").spec.acme.solvers;
    expect(solvers).toHaveLength(1);
    expect(solvers[0].selector).toEqual({ dnsNames: ["shop.contoso.com"] });
    expect(solvers[0].dns01).toBeDefined();
  });

  test("splitAcmeNames: in the zone (apex, host, wildcard) or not", () => {
    expect(splitAcmeNames(["contoso.com", "a.contoso.com", "*.contoso.com", "notcontoso.com", "a.fabrikam.com"], "contoso.com")).toEqual({
      dns01Names: ["contoso.com", "a.contoso.com", "*.contoso.com"],
      http01Names: ["notcontoso.com", "a.fabrikam.com"],
    });
    expect(splitAcmeNames(["a.contoso.com"], undefined)).toEqual({ dns01Names: [], http01Names: ["a.contoso.com"] });
  });

  test("dns01 uses no client secret", () => {
    const azure = byName(build({ dns01: DNS01, dnsNames: ["shop.contoso.com"] }).out, "letsencrypt-prod").spec.acme.solvers[0].dns01.azureDNS;
    expect(azure.clientSecretSecretRef).toBeUndefined();
    expect(azure.clientID).toBeUndefined();
    expect(azure.tenantID).toBeUndefined();
  });

  test("every emitted manifest validates against the ClusterIssuer schema", () => {
    const { out, scope } = build({ dns01: DNS01 });
    const objects = KubeObject.allIn(scope);
    expect(objects).toHaveLength(4);
    const all = Object.values(JSON.parse(out).resource.kubernetes_manifest).map((r: any) => r.manifest);
    for (const o of objects) expect(all).toContainEqual(o.toManifest());
  });

  test("a schema-invalid issuer throws", () => {
    const model = acmeClusterIssuer("letsencrypt-prod", baseProps);
    (model.spec as any).acme.solvers[0].dns01 = { azureDNS: { environment: "AzureMoonCloud" } };
    expect(() => renderModel(model, "Test")).toThrow(/Test: ClusterIssuer letsencrypt-prod does not match its schema/);
  });

  test.each(["platform", "platform@", "a b@contoso.com"])("fails on an invalid email (%s)", (email) => {
    expect(() => build({ email })).toThrow(/Issuers: email must be an email address.*Fix:/);
  });

  test("fails on an example.com email (Let's Encrypt rejects it)", () => {
    expect(() => build({ email: "me@example.com" })).toThrow(/email must be a real mailbox/);
  });

  test("fails on an invalid gateway reference", () => {
    expect(() => build({ http01Gateway: { name: "Shared", namespace: "gateway", sectionName: "http" } })).toThrow(/http01Gateway.name must be a DNS label/);
    expect(() => build({ http01Gateway: { name: "shared", namespace: "gw_ns", sectionName: "http" } })).toThrow(/http01Gateway.namespace must be a DNS label/);
    expect(() => build({ http01Gateway: { name: "shared", namespace: "gw", sectionName: "HTTP" } })).toThrow(/http01Gateway.sectionName must be a DNS label/);
  });

  test("fails without names", () => {
    expect(() => build({ dnsNames: [] })).toThrow(/Issuers: dnsNames must list at least one name.*Fix: pass the names/);
  });

  test.each(["Shop.contoso.com", "shop", "*.*.contoso.com", "shop.contoso.com."])("fails on an invalid name (%s)", (name) => {
    expect(() => build({ dnsNames: [name] })).toThrow(/dnsNames\[0\] must be a lowercase DNS name/);
  });

  test("fails on a wildcard outside the DNS-01 zone (HTTP-01 cannot prove it)", () => {
    expect(() => build({ dnsNames: ["*.fabrikam.com"] })).toThrow(/dnsNames has a wildcard outside the DNS-01 zone.*got "\*\.fabrikam\.com".*Fix: set dns01/);
    expect(() => build({ dns01: DNS01, dnsNames: ["*.fabrikam.com"] })).toThrow(/wildcard outside the DNS-01 zone/);
  });

  test("fails on invalid dns01 fields", () => {
    expect(() => build({ dns01: { ...DNS01, subscriptionId: "sub-1" } })).toThrow(/dns01.subscriptionId must be a GUID \(got "sub-1"\)/);
    expect(() => build({ dns01: { ...DNS01, managedIdentityClientId: "mi" } })).toThrow(/dns01.managedIdentityClientId must be a GUID/);
    expect(() => build({ dns01: { ...DNS01, hostedZoneName: "*.contoso.com" } })).toThrow(/dns01.hostedZoneName must be a lowercase DNS zone name/);
    expect(() => build({ dns01: { ...DNS01, resourceGroupName: "rg." } })).toThrow(/dns01.resourceGroupName must be/);
  });

  test("fails naming every problem at once", () => {
    expect(() => build({ email: "me@example.com", dnsNames: [], dns01: { ...DNS01, subscriptionId: "sub-1" } })).toThrow(
      /Issuers: 3 problems:\n- \S*Issuers: email must be a real mailbox.*\n- \S*Issuers: dnsNames must list at least one name.*\n- \S*Issuers: dns01\.subscriptionId must be a GUID.*$/,
    );
  });
});
