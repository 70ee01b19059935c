import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { Testing } from "cdktf";
import { LockProps } from "../../../constructs/core/interfaces";
import { addLock } from "../../../constructs/core/resource-lock";

const TARGET = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlake";

function synth(lock: LockProps | undefined): string {
  return Testing.synthScope((scope) => {
    addLock(scope, TARGET, "stlake", lock);
  });
}

describe("addLock", () => {
  test("no lock by default", () => {
    let created: ManagementLock | undefined;
    const out = Testing.synthScope((scope) => {
      created = addLock(scope, TARGET, "stlake", undefined);
    });
    expect(created).toBeUndefined();
    expect(JSON.parse(out).resource?.azurerm_management_lock).toBeUndefined();
  });

  test("a CanNotDelete lock on the target, named after the resource, as child Lock", () => {
    let created: ManagementLock | undefined;
    const out = Testing.synthScope((scope) => {
      created = addLock(scope, TARGET, "stlake", { kind: "CanNotDelete" });
    });
    expect(created?.node.id).toBe("Lock");
    expect(out).toHaveResourceWithProperties(ManagementLock, {
      name: "lock-stlake",
      scope: TARGET,
      lock_level: "CanNotDelete",
      notes: expect.stringMatching(/^CanNotDelete lock managed by infrastructure as code/),
    });
  });

  test("kind ReadOnly sets the lock level", () => {
    expect(synth({ kind: "ReadOnly" })).toHaveResourceWithProperties(ManagementLock, { lock_level: "ReadOnly" });
  });

  test("name overrides the default name", () => {
    expect(synth({ kind: "CanNotDelete", name: "keep-me" })).toHaveResourceWithProperties(ManagementLock, { name: "keep-me" });
  });
});
