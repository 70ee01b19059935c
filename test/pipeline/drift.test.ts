import { driftIssue, driftMarker } from "../../pipeline/drift";
import { summarizeDrift, summarizePlan } from "../../pipeline/plan-summary";
import { planJson, resourceChange } from "./pipeline-fixture";

describe("driftIssue", () => {
  test("exit code 0 closes the stack's drift issue", () => {
    const decision = driftIssue("prod-aks", 0);
    expect(decision).toMatchObject({ action: "close", title: "Drift: prod-aks", labels: ["drift"] });
    expect(decision.body.startsWith(driftMarker("prod-aks"))).toBe(true);
  });

  test("exit code 2 opens or updates it with the summary table and the drifted addresses, no values", () => {
    const secret = "drifted-secret-value";
    const plan = planJson(
      [
        resourceChange("azurerm_kubernetes_cluster.Cluster", ["update"], { after: { tags: { owner: secret } } }),
        resourceChange("azurerm_subnet.S", ["create"]),
      ],
      [
        resourceChange("azurerm_kubernetes_cluster.Cluster", ["update"], { before: { tags: { owner: secret } } }),
        resourceChange("azurerm_subnet.S", ["delete"]),
      ],
    );
    const decision = driftIssue("prod-aks", 2, summarizePlan("prod-aks", plan), { drift: summarizeDrift("prod-aks", plan), runUrl: "https://run/1" });
    expect(decision).toMatchObject({ action: "open-or-update", title: "Drift: prod-aks", labels: ["drift"] });
    expect(decision.body).toContain("| + add | ~ change | - destroy | ± replace |");
    expect(decision.body).toContain("| 1 | 1 | 0 | 0 |");
    expect(decision.body).toContain("- `azurerm_kubernetes_cluster.Cluster` (changed)");
    expect(decision.body).toContain("- `azurerm_subnet.S` (deleted)");
    expect(decision.body).toContain("([run](https://run/1))");
    expect(decision.body).not.toContain(secret);
  });

  test("exit code 2 without a plan still opens the issue", () => {
    expect(driftIssue("dev-data", 2)).toMatchObject({ action: "open-or-update", body: expect.stringContaining("not available here") });
  });

  test("exit code 2 names protected resources the next apply would destroy", () => {
    const summary = {
      ...summarizePlan("prod-data", planJson([])),
      protectedDestroys: [{ address: "azurerm_storage_account.Lake", reason: "lifecycle.prevent_destroy" }],
    };
    expect(driftIssue("prod-data", 2, summary).body).toContain("- `azurerm_storage_account.Lake` (lifecycle.prevent_destroy)");
  });

  test("exit code 1 is an error that leaves the issue alone", () => {
    expect(driftIssue("dev-data", 1)).toMatchObject({ action: "error", title: "Drift: dev-data", body: expect.stringContaining("could not plan") });
  });

  test("fails on exit codes terraform plan -detailed-exitcode does not use", () => {
    expect(() => driftIssue("dev-data", 3)).toThrow("--exit-code 3: terraform plan -detailed-exitcode exits 0 (no changes), 1 (error) or 2 (changes). Fix:");
  });
});
