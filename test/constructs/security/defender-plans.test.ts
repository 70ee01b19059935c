import { Testing } from "cdktf";
import { DEFENDER_PLANS, DEFENDER_PLANS_DEFAULTS, DefenderPlans, DefenderPlansProps } from "../../../constructs/security/defender-plans";

function build(props?: DefenderPlansProps) {
  let plans: DefenderPlans | undefined;
  const out = Testing.synthScope((scope) => {
    plans = new DefenderPlans(scope, "Defender", props);
  });
  // In the construct's order (the JSON sorts by logical id).
  const order = Object.values(DEFENDER_PLANS).map((p) => p.resourceType as string);
  const pricings = Object.values<any>(JSON.parse(out).resource?.azurerm_security_center_subscription_pricing ?? {}).sort(
    (a, b) => order.indexOf(a.resource_type) - order.indexOf(b.resource_type),
  );
  const warnings = plans!.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
  return { pricings, warnings };
}

describe("DefenderPlans", () => {
  test("defaults: Standard for storage (V2), SQL, Key Vault (per vault), containers and Resource Manager, one after the other", () => {
    const { pricings, warnings } = build();
    expect(pricings.map((p) => [p.resource_type, p.tier, p.subplan])).toEqual([
      ["StorageAccounts", "Standard", "DefenderForStorageV2"],
      ["SqlServers", "Standard", undefined],
      ["KeyVaults", "Standard", "PerKeyVault"],
      ["Containers", "Standard", undefined],
      ["Arm", "Standard", "PerSubscription"],
    ]);
    expect(pricings[0]).not.toHaveProperty("depends_on");
    pricings
      .slice(1)
      .forEach((p, i) =>
        expect(p.depends_on).toEqual([
          expect.stringMatching(new RegExp(`^azurerm_security_center_subscription_pricing\\.Defender_${Object.keys(DEFENDER_PLANS)[i]}_`)),
        ]),
      );
    expect(Object.keys(DEFENDER_PLANS)).toEqual(["storage", "sql", "keyVaults", "containers", "arm"]);
    expect(DEFENDER_PLANS_DEFAULTS).toEqual({ malwareScanCapGbPerMonth: 10000 });
    // azurerm turns off every extension a pricing does not list.
    expect(pricings[0].extension).toEqual([
      { name: "OnUploadMalwareScanning", additional_extension_properties: { CapGBPerMonthPerStorageAccount: "10000" } },
      { name: "SensitiveDataDiscovery" },
    ]);
    expect(pricings[3].extension.map((e: any) => e.name)).toEqual([
      "ContainerRegistriesVulnerabilityAssessments",
      "AgentlessDiscoveryForKubernetes",
      "ContainerSensor",
    ]);
    for (const i of [1, 2, 4]) expect(pricings[i]).not.toHaveProperty("extension");
    expect(warnings).toEqual([]);
  });

  test("malwareScanCapGbPerMonth caps the scanned uploads (-1: no cap)", () => {
    expect(build({ malwareScanCapGbPerMonth: -1 }).pricings[0].extension[0].additional_extension_properties).toEqual({ CapGBPerMonthPerStorageAccount: "-1" });
    expect(build({ malwareScanCapGbPerMonth: 500 }).pricings[0].extension[0].additional_extension_properties).toEqual({
      CapGBPerMonthPerStorageAccount: "500",
    });
  });

  test.each([5, 10.5, -2])("fails on a malware scan cap of %s", (cap) => {
    expect(() => build({ malwareScanCapGbPerMonth: cap })).toThrow(/malwareScanCapGbPerMonth must be a whole number of at least 10, or -1 for no cap/);
  });

  test("a plan set to false is left alone, with a warning", () => {
    const { pricings, warnings } = build({ plans: { arm: false, sql: false } });
    expect(pricings.map((p) => p.resource_type)).toEqual(["StorageAccounts", "KeyVaults", "Containers"]);
    expect(warnings).toEqual([
      expect.stringMatching(/^plans\.sql opts out of a secure default: Defender for SqlServers is not managed here/),
      expect.stringMatching(/^plans\.arm opts out of a secure default: Defender for Arm is not managed here/),
    ]);
  });
});
