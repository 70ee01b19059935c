import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import {
  AcmeClusterIssuers,
  AcmeClusterIssuersProps,
  LETSENCRYPT_SERVERS,
  acmeClusterIssuer,
} from "../../../constructs/kubernetes/cluster-issuers";
import { KubeObject, renderModel } from "../../../constructs/kubernetes/kube-object";

const DNS01 = {
  subscriptionId: "00000000-0000-0000-0000-000000000001",
  resourceGroupName: "rg-dns",
  hostedZoneName: "contoso.com",
  managedIdentityClientId: "11111111-2222-3333-4444-555555555555",
};
const baseProps: AcmeClusterIssuersProps = { email: "platform@contoso.com", http01Gateway: { name: "shared", namespace: "gateway" } };

function build(props: Partial<AcmeClusterIssuersProps> = {}): { out: string; issuers: AcmeClusterIssuers; scope: Construct } {
  let issuers: AcmeClusterIssuers | undefined;
  let root: Construct | undefined;
  const out = Testing.synthScope((scope) => {
    root = scope;
    issuers = new AcmeClusterIssuers(scope, "Issuers", { ...baseProps, ...props });
  });
  return { out, issuers: issuers as AcmeClusterIssuers, scope: root as Construct };
}

function manifests(out: string): any[] {
  return Object.values(JSON.parse(out).resource.kubernetes_manifest ?? {}).map((r: any) => r.manifest);
}

function byName(out: string, name: string): any {
  const m = manifests(out).find((x) => x.metadata.name === name);
  expect(m).toBeDefined();
  return m;
}

const HTTP01 = {
  // ClusterIP: the solver's Service would otherwise be a NodePort, opened on every node.
  http01: { gatewayHTTPRoute: { serviceType: "ClusterIP", parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared", namespace: "gateway", sectionName: "http" }] } },
};

describe("AcmeClusterIssuers", () => {
  test("defaults: staging and prod ACME v2 issuers solving HTTP-01 through the Gateway's http listener", () => {
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

  test("http01Gateway.sectionName names another listener", () => {
    const { out } = build({ http01Gateway: { name: "edge", namespace: "ingress", sectionName: "plain" } });
    expect(byName(out, "letsencrypt-prod").spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs).toEqual([
      { group: "gateway.networking.k8s.io", kind: "Gateway", name: "edge", namespace: "ingress", sectionName: "plain" },
    ]);
  });

  test("dns01 adds an Azure DNS solver with workload identity, selected for the zone", () => {
    const { out } = build({ dns01: DNS01 });
    for (const name of ["letsencrypt-staging", "letsencrypt-prod"]) {
      expect(byName(out, name).spec.acme.solvers).toEqual([
        HTTP01,
        {
          selector: { dnsZones: ["contoso.com"] },
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

  test("dns01 uses no client secret", () => {
    const azure = byName(build({ dns01: DNS01 }).out, "letsencrypt-prod").spec.acme.solvers[1].dns01.azureDNS;
    expect(azure.clientSecretSecretRef).toBeUndefined();
    expect(azure.clientID).toBeUndefined();
    expect(azure.tenantID).toBeUndefined();
  });

  test("every emitted manifest validates against the ClusterIssuer schema", () => {
    const { out, scope } = build({ dns01: DNS01 });
    const objects = KubeObject.allIn(scope);
    expect(objects).toHaveLength(2);
    for (const o of objects) expect(manifests(out)).toContainEqual(o.toManifest());
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
    expect(() => build({ http01Gateway: { name: "Shared", namespace: "gateway" } })).toThrow(/http01Gateway.name must be a DNS label/);
    expect(() => build({ http01Gateway: { name: "shared", namespace: "gw_ns" } })).toThrow(/http01Gateway.namespace must be a DNS label/);
    expect(() => build({ http01Gateway: { name: "shared", namespace: "gw", sectionName: "HTTP" } })).toThrow(/http01Gateway.sectionName must be a DNS label/);
  });

  test("fails on invalid dns01 fields", () => {
    expect(() => build({ dns01: { ...DNS01, subscriptionId: "sub-1" } })).toThrow(/dns01.subscriptionId must be a GUID \(got "sub-1"\)/);
    expect(() => build({ dns01: { ...DNS01, managedIdentityClientId: "mi" } })).toThrow(/dns01.managedIdentityClientId must be a GUID/);
    expect(() => build({ dns01: { ...DNS01, hostedZoneName: "*.contoso.com" } })).toThrow(/dns01.hostedZoneName must be a lowercase DNS zone name/);
    expect(() => build({ dns01: { ...DNS01, resourceGroupName: "rg." } })).toThrow(/dns01.resourceGroupName must be/);
  });
});
