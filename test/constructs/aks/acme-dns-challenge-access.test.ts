import { Testing } from "cdktf";
import { Construct } from "constructs";
import {
  ACME_CHALLENGE_PLACEHOLDER,
  ACME_CHALLENGE_TXT_ACTIONS,
  ACME_DNS_CHALLENGE_ACCESS_DEFAULTS,
  AcmeChallengeRole,
  AcmeDnsChallengeAccess,
  AcmeDnsChallengeAccessProps,
  acmeChallengeRecordName,
  acmeChallengeRole,
  isInZone,
} from "../../../constructs/aks/acme-dns-challenge-access";

const SUB = "00000000-0000-0000-0000-000000000001";
const ZONE = {
  name: "contoso.com",
  resourceGroupName: "rg-dns",
  id: `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/dnsZones/contoso.com`,
  resourceGroupId: `/subscriptions/${SUB}/resourceGroups/rg-dns`,
};
const PRINCIPAL = { principalId: "${azurerm_user_assigned_identity.cm.principal_id}", principalType: "ServicePrincipal" as const };

function synth(props: Partial<AcmeDnsChallengeAccessProps> = {}): any {
  return JSON.parse(
    Testing.synthScope((scope: Construct) => {
      new AcmeDnsChallengeAccess(scope, "Acme", {
        zone: ZONE,
        dnsNames: ["shop.contoso.com"],
        principal: PRINCIPAL,
        clusterName: "aks-medal-prod-weu",
        ...props,
      });
    }),
  );
}
const records = (out: any) => Object.values<any>(out.resource.azurerm_dns_txt_record);
const assignments = (out: any) => Object.values<any>(out.resource.azurerm_role_assignment);

describe("AcmeDnsChallengeAccess", () => {
  test("defaults: one _acme-challenge TXT record set with a value that stays, TTL 60, record changes ignored (cert-manager's tokens)", () => {
    const out = synth();
    expect(records(out)).toEqual([
      {
        name: "_acme-challenge.shop",
        zone_name: "contoso.com",
        resource_group_name: "rg-dns",
        ttl: 60,
        record: [{ value: ACME_CHALLENGE_PLACEHOLDER }],
        lifecycle: { ignore_changes: ["record"] },
      },
    ]);
    expect(ACME_DNS_CHALLENGE_ACCESS_DEFAULTS).toEqual({ ttl: 60 });
    // Deleting the record set would take the role assignment with it.
    expect(Object.values<any>(out.resource.azurerm_management_lock)).toEqual([
      expect.objectContaining({
        name: "lock-_acme-challenge.shop",
        lock_level: "CanNotDelete",
        scope: expect.stringMatching(/^\$\{azurerm_dns_txt_record\..*\.id\}$/),
      }),
    ]);
  });

  test("the role is assigned on the record set, never on the zone, and grants TXT read and write only", () => {
    const out = synth();
    const [a] = assignments(out);
    expect(assignments(out)).toHaveLength(1);
    expect(a.scope).toMatch(/^\$\{azurerm_dns_txt_record\.Acme_Record-_acme-challengeshop_[A-Z0-9]+\.id\}$/);
    expect(a.role_definition_id).toMatch(/^\$\{azurerm_role_definition\.Acme_Role_[A-Z0-9]+\.role_definition_resource_id\}$/);
    expect(a).toMatchObject({ principal_id: PRINCIPAL.principalId, principal_type: "ServicePrincipal" });
    expect(a.role_definition_name).toBeUndefined();
    const [role] = Object.values<any>(out.resource.azurerm_role_definition);
    expect(role).toMatchObject({
      name: "ACME DNS-01 challenge records (aks-medal-prod-weu)",
      role_definition_id: acmeChallengeRole("aks-medal-prod-weu", SUB).guid,
      scope: `/subscriptions/${SUB}/resourceGroups/rg-dns`,
      assignable_scopes: [`/subscriptions/${SUB}/resourceGroups/rg-dns`],
      permissions: [{ actions: ["Microsoft.Network/dnsZones/TXT/read", "Microsoft.Network/dnsZones/TXT/write"] }],
    });
    expect(ACME_CHALLENGE_TXT_ACTIONS.some((x) => /delete|\*|dnsZones\/(write|read)$/.test(x))).toBe(false);
  });

  test("roleDefinitionId: a role created ahead (bootstrap) is assigned, none is created", () => {
    const id = acmeChallengeRole("aks-medal-prod-weu", SUB).id;
    const out = synth({ roleDefinitionId: id });
    expect(out.resource.azurerm_role_definition).toBeUndefined();
    expect(assignments(out)[0].role_definition_id).toBe(id);
    expect(id).toBe(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${acmeChallengeRole("aks-medal-prod-weu", SUB).guid}`);
  });

  test("a wildcard and its apex share one record set (both are challenged at _acme-challenge.<name>); the apex is _acme-challenge", () => {
    const out = synth({ dnsNames: ["*.apps.contoso.com", "apps.contoso.com", "contoso.com"], ttl: 300, tags: { owner: "platform" } });
    expect(
      records(out)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["_acme-challenge", "_acme-challenge.apps"]);
    expect(records(out).every((r) => r.ttl === 300 && r.tags.owner === "platform")).toBe(true);
    expect(assignments(out)).toHaveLength(2);
    expect(
      assignments(out)
        .map((a) => a.description)
        .sort(),
    ).toEqual([
      "cert-manager DNS-01 for *.apps.contoso.com, apps.contoso.com: TXT read and write on this record set only",
      "cert-manager DNS-01 for contoso.com: TXT read and write on this record set only",
    ]);
  });

  test("acmeChallengeRecordName and isInZone", () => {
    expect(acmeChallengeRecordName("shop.contoso.com", "contoso.com")).toBe("_acme-challenge.shop");
    expect(acmeChallengeRecordName("*.contoso.com", "contoso.com")).toBe("_acme-challenge");
    expect(acmeChallengeRecordName("a.b.contoso.com", "contoso.com")).toBe("_acme-challenge.a.b");
    expect(isInZone("notcontoso.com", "contoso.com")).toBe(false);
    expect(isInZone("*.contoso.com", "contoso.com")).toBe(true);
  });

  test("AcmeChallengeRole alone (the bootstrap stack's) has the same name and id the environment stack assigns", () => {
    const out = JSON.parse(Testing.synthScope((scope) => void new AcmeChallengeRole(scope, "Role", { clusterName: "aks-x", zone: ZONE })));
    const [role] = Object.values<any>(out.resource.azurerm_role_definition);
    expect(role.role_definition_id).toBe(acmeChallengeRole("aks-x", SUB).guid);
    expect(role.name).toBe(acmeChallengeRole("aks-x", SUB).name);
  });

  test("fails without names", () => {
    expect(() => synth({ dnsNames: [] })).toThrow(/Acme: dnsNames must list at least one certificate name.*Fix:/);
  });

  test("fails on a name outside the zone", () => {
    expect(() => synth({ dnsNames: ["shop.fabrikam.com"] })).toThrow(
      /dnsNames\[0\] is not in the zone contoso.com \(got "shop.fabrikam.com"\).*Fix: give names under contoso.com/,
    );
  });

  test("fails on an invalid name", () => {
    expect(() => synth({ dnsNames: ["Shop.contoso.com"] })).toThrow(/dnsNames\[0\] must be a lowercase DNS name/);
  });

  test.each([0, 3601, 1.5])("fails on ttl %p", (ttl) => {
    expect(() => synth({ ttl })).toThrow(/ttl must be an integer from 1 to 3600 seconds/);
  });

  test("fails naming every problem at once", () => {
    expect(() => synth({ dnsNames: ["Shop.contoso.com", "shop.fabrikam.com"], ttl: 0 })).toThrow(
      /Acme: 3 problems:\n- \S*Acme: dnsNames\[0\] must be a lowercase DNS name.*\n- \S*Acme: dnsNames\[1\] is not in the zone.*\n- \S*Acme: ttl must be an integer.*$/,
    );
  });
});
