import { rmSync } from "node:fs";
import { changedStacks, describeChanges, planMatrix, stacksToPlan } from "../../pipeline/changed-stacks";
import { environmentStacks, FakeStack, writeFakeOut } from "./pipeline-fixture";

const storage = (tls: string) => ({
  resource: {
    azurerm_storage_account: {
      Lake_ABC123: { "//": { metadata: { path: "dev-data/Lake/Resource", uniqueId: "Lake_ABC123" } }, name: "stlake", min_tls_version: tls },
    },
  },
});

const dataJson = (kind: string, tls = "TLS1_2") => (kind === "data" ? storage(tls) : { resource: { null_resource: { [kind.replace("-", "_")]: {} } } });

function withData(env: string, tls: string): Record<string, FakeStack> {
  return environmentStacks(env, (kind) => dataJson(kind, tls));
}

const statuses = (report: ReturnType<typeof changedStacks>) => Object.fromEntries(report.stacks.map((s) => [s.stack, s.status]));

describe("changedStacks", () => {
  test("without a base every pipeline stack counts as changed, in deployment order", () => {
    const head = writeFakeOut({ ...withData("dev", "TLS1_2"), bootstrap: {} });
    const report = changedStacks(undefined, head);
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["dev-data", "changed"],
      ["dev-aks", "changed"],
      ["dev-databricks", "changed"],
      ["dev-k8s-addons", "changed"],
      ["dev-k8s-config", "changed"],
    ]);
    expect(report.stacks[1]).toEqual({ stack: "dev-aks", environment: "dev", workingDirectory: "stacks/dev-aks", status: "changed" });
  });

  test("compares the Terraform JSON deeply: a changed attribute is a change, key order and the top-level // are not", () => {
    const base = writeFakeOut(withData("dev", "TLS1_2"));
    const same = writeFakeOut(withData("dev", "TLS1_2"), { version: "0.22.0" });
    expect(stacksToPlan(changedStacks(base, same))).toEqual([]);

    const reordered = writeFakeOut({
      ...withData("dev", "TLS1_2"),
      "dev-data": {
        json: {
          resource: {
            azurerm_storage_account: {
              Lake_ABC123: { min_tls_version: "TLS1_2", name: "stlake", "//": { metadata: { uniqueId: "Lake_ABC123", path: "dev-data/Lake/Resource" } } },
            },
          },
        },
      },
    });
    expect(stacksToPlan(changedStacks(base, reordered))).toEqual([]);

    const changed = writeFakeOut(withData("dev", "TLS1_3"));
    expect(statuses(changedStacks(base, changed))).toEqual({
      "dev-data": "changed",
      "dev-aks": "unchanged",
      "dev-databricks": "unchanged",
      "dev-k8s-addons": "unchanged",
      "dev-k8s-config": "unchanged",
    });
  });

  test("a resource's own // metadata (its construct path) counts: only the top-level // is ignored", () => {
    const base = writeFakeOut(withData("dev", "TLS1_2"));
    const moved = writeFakeOut({
      ...withData("dev", "TLS1_2"),
      "dev-data": {
        json: {
          resource: {
            azurerm_storage_account: {
              Lake_ABC123: {
                ...storage("TLS1_2").resource.azurerm_storage_account.Lake_ABC123,
                "//": { metadata: { path: "dev-data/Other", uniqueId: "Lake_ABC123" } },
              },
            },
          },
        },
      },
    });
    expect(stacksToPlan(changedStacks(base, moved))).toEqual(["dev-data"]);
  });

  test("added stacks are planned, removed stacks are reported and never planned", () => {
    const base = writeFakeOut({ ...withData("dev", "TLS1_2"), "dev-old": { dependencies: ["dev-data"] } });
    const head = writeFakeOut({ ...withData("dev", "TLS1_2"), "dev-new": { dependencies: ["dev-aks"] } });
    const report = changedStacks(base, head);
    expect(statuses(report)).toMatchObject({ "dev-new": "added", "dev-old": "removed" });
    expect(report.stacks.at(-1)).toEqual({ stack: "dev-old", environment: "dev", workingDirectory: "stacks/dev-old", status: "removed" });
    expect(stacksToPlan(report)).toEqual(["dev-new"]);
    expect(describeChanges(report)).toContain("dev-old: removed (not planned: destroying a whole stack is a manual cdktf destroy by an administrator)");
  });

  test("bootstrap is excluded in head and base, and the output says so", () => {
    const base = writeFakeOut({ ...withData("dev", "TLS1_2"), bootstrap: { json: { resource: { a: { b: { x: 1 } } } } } });
    const head = writeFakeOut({ ...withData("dev", "TLS1_2"), bootstrap: { json: { resource: { a: { b: { x: 2 } } } } } });
    const report = changedStacks(base, head);
    expect(report.stacks.map((s) => s.stack)).not.toContain("bootstrap");
    expect(report.excluded).toEqual([{ stack: "bootstrap", reason: expect.stringContaining("never planned or applied by a pipeline") }]);
    expect(describeChanges(report).at(-1)).toMatch(/^bootstrap: excluded: applied once by an administrator/);
    expect(JSON.stringify(planMatrix(report))).not.toContain("bootstrap");
    // Removed from head: still not reported as a removed pipeline stack.
    const without = changedStacks(base, writeFakeOut(withData("dev", "TLS1_2")));
    expect(without.stacks.map((s) => s.stack)).not.toContain("bootstrap");
    expect(without.excluded.map((e) => e.stack)).toEqual(["bootstrap"]);
  });

  test("filters by environment", () => {
    const base = writeFakeOut({ ...withData("dev", "TLS1_2"), ...withData("prod", "TLS1_2") });
    const head = writeFakeOut({ ...withData("dev", "TLS1_3"), ...withData("prod", "TLS1_3") });
    expect(stacksToPlan(changedStacks(base, head, { environment: "prod" }))).toEqual(["prod-data"]);
    expect(changedStacks(base, head, { environment: "qa" }).stacks).toEqual([]);
  });

  test("withDependents marks unchanged stacks downstream of a change as dependent, in order", () => {
    const base = writeFakeOut(withData("dev", "TLS1_2"));
    const head = writeFakeOut(withData("dev", "TLS1_3"));
    const report = changedStacks(base, head, { withDependents: true });
    expect(stacksToPlan(report)).toEqual(["dev-data", "dev-aks", "dev-databricks", "dev-k8s-addons", "dev-k8s-config"]);
    expect(statuses(report)["dev-aks"]).toBe("dependent");
  });

  test("planMatrix lists the stacks to plan with environment and working directory", () => {
    const head = writeFakeOut({ "dev-data": {}, "prod-data": {}, bootstrap: {} });
    expect(planMatrix(changedStacks(undefined, head))).toEqual({
      include: [
        { stack: "dev-data", environment: "dev", workingDirectory: "stacks/dev-data" },
        { stack: "prod-data", environment: "prod", workingDirectory: "stacks/prod-data" },
      ],
    });
  });

  test("fails on a manifest stack whose cdk.tf.json is missing, naming the file and the fix", () => {
    const base = writeFakeOut({ "dev-data": {} });
    const head = writeFakeOut({ "dev-data": {} });
    rmSync(`${head}/stacks/dev-data/cdk.tf.json`);
    expect(() => changedStacks(base, head)).toThrow(
      /stacks\/dev-data\/cdk\.tf\.json does not exist but .*manifest\.json lists stack "dev-data"\. Fix: synthesize again\./,
    );
  });
});
