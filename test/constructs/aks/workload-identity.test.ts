import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Testing, Token } from "cdktf";
import { AksCluster } from "../../../constructs/aks/aks-cluster";
import { WORKLOAD_IDENTITY_AUDIENCE, WorkloadIdentity, WorkloadIdentityProps } from "../../../constructs/aks/workload-identity";
import { baseProps as clusterProps } from "./aks-cluster-fixtures";

const ISSUER = "https://westeurope.oic.prod-aks.azure.com/0000/1111/";
const IDENTITY_REF = (attr: string) => new RegExp(`^\\$\\{azurerm_user_assigned_identity\\.Wi_[^.]+\\.${attr}\\}$`);

const baseProps: WorkloadIdentityProps = {
  resourceGroupName: "rg-aks",
  location: "westeurope",
  name: "id-cert-manager",
  oidcIssuerUrl: ISSUER,
  namespace: "cert-manager",
  serviceAccount: "cert-manager",
};

function build(props: Partial<WorkloadIdentityProps> = {}, extra?: (wi: WorkloadIdentity) => void): { out: string; wi: WorkloadIdentity } {
  let wi: WorkloadIdentity | undefined;
  const out = Testing.synthScope((scope) => {
    wi = new WorkloadIdentity(scope, "Wi", { ...baseProps, ...props });
    extra?.(wi);
  });
  return { out, wi: wi as WorkloadIdentity };
}

function synth(props: Partial<WorkloadIdentityProps> = {}): string {
  return build(props).out;
}

describe("WorkloadIdentity", () => {
  test("defaults: a user-assigned identity", () => {
    expect(synth()).toHaveResourceWithProperties(UserAssignedIdentity, { name: "id-cert-manager", location: "westeurope", resource_group_name: "rg-aks" });
  });

  test("defaults: a federated credential for the service account, audience api://AzureADTokenExchange", () => {
    expect(WORKLOAD_IDENTITY_AUDIENCE).toBe("api://AzureADTokenExchange");
    expect(synth()).toHaveResourceWithProperties(FederatedIdentityCredential, {
      name: "cert-manager-cert-manager",
      resource_group_name: "rg-aks",
      parent_id: expect.stringMatching(IDENTITY_REF("id")),
      issuer: ISSUER,
      subject: "system:serviceaccount:cert-manager:cert-manager",
      audience: ["api://AzureADTokenExchange"],
    });
  });

  test("exposes id, clientId, principalId and the subject; is an IPrincipal", () => {
    const { wi } = build();
    for (const v of [wi.id, wi.clientId, wi.principalId]) expect(Token.isUnresolved(v)).toBe(true);
    expect(wi.principalType).toBe("ServicePrincipal");
    expect(wi.subject).toBe("system:serviceaccount:cert-manager:cert-manager");
    expect(wi.resource.node.id).toBe("Resource");
  });

  test("credentialName overrides the default; dots in the service account become hyphens", () => {
    expect(synth({ credentialName: "fic-cm" })).toHaveResourceWithProperties(FederatedIdentityCredential, { name: "fic-cm" });
    expect(synth({ serviceAccount: "app.v2" })).toHaveResourceWithProperties(FederatedIdentityCredential, {
      name: "cert-manager-app-v2",
      subject: "system:serviceaccount:cert-manager:app.v2",
    });
  });

  test("binds to an AksCluster's OIDC issuer", () => {
    const out = Testing.synthScope((scope) => {
      const aks = new AksCluster(scope, "Aks", clusterProps);
      new WorkloadIdentity(scope, "Wi", { ...baseProps, oidcIssuerUrl: aks.oidcIssuerUrl });
    });
    expect(out).toHaveResourceWithProperties(FederatedIdentityCredential, {
      issuer: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.Aks_[^.]+\.oidc_issuer_url\}$/),
    });
  });

  test("grant assigns a role on a scope to the identity", () => {
    const { out, wi } = build({}, (w) => w.grant("Key Vault Secrets User", "/vaults/kv", "kv"));
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Key Vault Secrets User",
      scope: "/vaults/kv",
      principal_id: expect.stringMatching(IDENTITY_REF("principal_id")),
      principal_type: "ServicePrincipal",
    });
    expect(wi.node.tryFindChild("Grant-kv")).toBeDefined();
  });

  test("tags reach the identity", () => {
    expect(synth({ tags: { app: "cert-manager" } })).toHaveResourceWithProperties(UserAssignedIdentity, { tags: { app: "cert-manager" } });
  });

  test("unresolved tokens skip validation", () => {
    expect(() => synth({ oidcIssuerUrl: Token.asString({ Ref: "issuer" }), namespace: Token.asString({ Ref: "ns" }), credentialName: "fic-x" })).not.toThrow();
  });

  test("fails on an invalid namespace", () => {
    expect(() => synth({ namespace: "Cert_Manager" })).toThrow(/Wi: namespace must be a DNS-1123 label/);
  });

  test("fails on an invalid service account", () => {
    expect(() => synth({ serviceAccount: "-sa" })).toThrow(/Wi: serviceAccount must be a DNS-1123 subdomain/);
  });

  test("fails on a non-https issuer", () => {
    expect(() => synth({ oidcIssuerUrl: "http://issuer" })).toThrow(/Wi: oidcIssuerUrl must be an https URL/);
  });

  test("fails on an invalid identity or credential name", () => {
    expect(() => synth({ name: "a" })).toThrow(/Wi: name must be 3-128 letters/);
    expect(() => synth({ credentialName: "x y" })).toThrow(/Wi: credentialName must be 3-120 letters/);
  });

  test("fails naming every problem at once, the derived credential name only once its parts are valid", () => {
    expect(() => synth({ namespace: "Cert_Manager", oidcIssuerUrl: "http://issuer" })).toThrow(
      /Wi: 2 problems:\n- \S*Wi: namespace must be a DNS-1123 label.*\n- \S*Wi: oidcIssuerUrl must be an https URL.*$/,
    );
  });
});
