import { diffReviews } from "../../review/diff";
import { EnvironmentReview } from "../../review/review-model";

const review = (resources: Record<string, any>, allowed: any[] = [], violations: any[] = []): EnvironmentReview => ({
  format: "azure-platform-review/v1",
  environment: "dev",
  stacks: [{ name: "dev-data", dependencies: [], resourceCounts: {}, resources }],
  medallion: { notebooks: [], sources: [] },
  policy: { rulesEvaluated: 1, violations, waived: [], expiredWaivers: [] },
  reachability: { endpoints: [], allowed, probes: [] },
});

describe("diffReviews", () => {
  test("names changed attributes by their path, nested blocks and lists included", () => {
    const before = review({ "a.x": { path: "p", attributes: { tags: { owner: "a" }, rules: [{ port: 80 }] } } });
    const after = review({ "a.x": { path: "p", attributes: { tags: { owner: "b" }, rules: [{ port: 443 }] } } });
    expect(diffReviews(before, after).changed[0].attributes).toEqual([
      { attribute: "rules[0].port", before: 80, after: 443 },
      { attribute: "tags.owner", before: "a", after: "b" },
    ]);
  });

  test("compares embedded JSON (pipeline activities) field by field", () => {
    const activities = (timeout: string) => JSON.stringify([{ name: "Copy", policy: { timeout } }]);
    const before = review({ "p.x": { path: "p", attributes: { activities_json: activities("0.02:00:00") } } });
    const after = review({ "p.x": { path: "p", attributes: { activities_json: activities("0.04:00:00") } } });
    expect(diffReviews(before, after).changed[0].attributes).toEqual([
      { attribute: "activities_json[0].policy.timeout", before: "0.02:00:00", after: "0.04:00:00" },
    ]);
  });

  test("reports nothing for identical reviews", () => {
    const same = review({ "a.x": { path: "p", attributes: { name: "n" } } }, [{ from: "a", to: "b", port: 1, protocol: "TCP" }]);
    expect(diffReviews(same, same)).toEqual({
      added: [],
      removed: [],
      changed: [],
      replacements: [],
      connectionsOpened: [],
      connectionsClosed: [],
      newFindings: [],
      resolvedFindings: [],
    });
  });

  test("reports opened connections and new findings", () => {
    const conn = { from: "shop/a", to: "shop/b", port: 8080, protocol: "TCP" };
    const finding = { ruleId: "STG-004", stack: "dev-data", path: "Lake/Resource", severity: "high", message: "m", fix: "f" };
    const changes = diffReviews(review({}), review({}, [conn], [finding]));
    expect(changes.connectionsOpened).toEqual(["shop/a -> shop/b:8080/TCP"]);
    expect(changes.newFindings).toEqual(["STG-004 dev-data Lake/Resource"]);
  });

  test("a replaced resource under prevent_destroy or a lock is refused; an unprotected one is only marked REPLACE", () => {
    const cluster = (attrs: Record<string, any>) => ({ path: "dev-aks/Cluster/Resource", attributes: { name: "aks", dns_prefix: "aks", ...attrs } });
    const unprotected = diffReviews(
      review({ "azurerm_kubernetes_cluster.c": cluster({}) }),
      review({ "azurerm_kubernetes_cluster.c": cluster({ dns_prefix: "aks2" }) }),
    );
    expect(unprotected.replacements).toEqual([
      expect.objectContaining({
        address: "azurerm_kubernetes_cluster.c",
        type: "azurerm_kubernetes_cluster",
        effects: [expect.objectContaining({ attribute: "dns_prefix", effect: "replace" })],
        refused: false,
      }),
    ]);
    expect(unprotected.replacements[0].protection).toBeUndefined();
    const guarded = cluster({ lifecycle: { prevent_destroy: true } });
    const refused = diffReviews(
      review({ "azurerm_kubernetes_cluster.c": guarded }),
      review({ "azurerm_kubernetes_cluster.c": { ...guarded, attributes: { ...guarded.attributes, dns_prefix: "aks2" } } }),
    );
    expect(refused.replacements[0]).toMatchObject({ protection: "prevent_destroy", refused: true });
    const lock = { path: "dev-aks/Cluster/Lock", attributes: { scope: "${azurerm_kubernetes_cluster.c.id}", lock_level: "CanNotDelete" } };
    const locked = diffReviews(
      review({ "azurerm_kubernetes_cluster.c": cluster({}), "azurerm_management_lock.l": lock }),
      review({ "azurerm_kubernetes_cluster.c": cluster({ dns_prefix: "x" }), "azurerm_management_lock.l": lock }),
    );
    expect(locked.replacements[0]).toMatchObject({ protection: "lock", refused: true });
  });

  test("a removed resource that had prevent_destroy is refused: its lifecycle left with it", () => {
    const lake = { path: "dev-data/Lake/Resource", attributes: { name: "st", lifecycle: { prevent_destroy: true } } };
    const changes = diffReviews(review({ "azurerm_storage_account.lake": lake }), review({}));
    expect(changes.replacements).toEqual([
      expect.objectContaining({
        address: "azurerm_storage_account.lake",
        protection: "prevent_destroy",
        refused: true,
        effects: [expect.objectContaining({ effect: "replace", note: expect.stringMatching(/^removed from the configuration/) })],
      }),
    ]);
  });

  test("an update the provider refuses fails even on an unprotected resource", () => {
    const vault = (days: number) => ({ path: "dev-data/KeyVault/Resource", attributes: { name: "kv", soft_delete_retention_days: days } });
    expect(diffReviews(review({ "azurerm_key_vault.kv": vault(7) }), review({ "azurerm_key_vault.kv": vault(30) })).replacements[0]).toMatchObject({
      refused: true,
      effects: [expect.objectContaining({ effect: "fails" })],
    });
  });
});
