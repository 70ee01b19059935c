import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { MandatoryTags, TaggingAspect } from "../../../constructs/core/tagging";

const MANDATORY: MandatoryTags = { environment: "dev", owner: "data-team", costCenter: "cc-42" };

/** Synthesizes a stack with the aspect applied and the resources `build` adds; returns the parsed JSON. */
function synth(tags: MandatoryTags, build: (stack: TerraformStack) => void) {
  const app = Testing.app();
  const stack = new TerraformStack(app, "Stack");
  build(stack);
  Aspects.of(stack).add(new TaggingAspect(tags));
  return JSON.parse(Testing.synth(stack));
}

describe("TaggingAspect", () => {
  test("puts the mandatory tags and managed-by on a taggable resource", () => {
    const json = synth(MANDATORY, (s) => new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope" }));
    expect(Object.values(json.resource.azurerm_resource_group)[0]).toMatchObject({
      tags: { environment: "dev", owner: "data-team", "cost-center": "cc-42", "managed-by": "cdktf" },
    });
  });

  test("keeps the resource's own tags of other keys", () => {
    const json = synth(MANDATORY, (s) => new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope", tags: { app: "lake" } }));
    expect((Object.values(json.resource.azurerm_resource_group)[0] as { tags: object }).tags).toEqual({
      app: "lake",
      environment: "dev",
      owner: "data-team",
      "cost-center": "cc-42",
      "managed-by": "cdktf",
    });
  });

  test("mandatory tags override a resource's own tag of the same key", () => {
    const json = synth(MANDATORY, (s) => new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope", tags: { owner: "someone-else" } }));
    expect(Object.values(json.resource.azurerm_resource_group)[0]).toMatchObject({ tags: { owner: "data-team" } });
  });

  test("extra tags are added to every taggable resource", () => {
    const json = synth({ ...MANDATORY, extra: { project: "medallion" } }, (s) => new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope" }));
    expect(Object.values(json.resource.azurerm_resource_group)[0]).toMatchObject({ tags: { project: "medallion" } });
  });

  test("extra tags cannot override a mandatory tag", () => {
    const json = synth({ ...MANDATORY, extra: { environment: "prod" } }, (s) => new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope" }));
    expect(Object.values(json.resource.azurerm_resource_group)[0]).toMatchObject({ tags: { environment: "dev" } });
  });

  test("adds no tags to a role assignment (not taggable)", () => {
    const json = synth(MANDATORY, (s) => new RoleAssignment(s, "Ra", { scope: "/subscriptions/0000", principalId: "p", roleDefinitionName: "Reader" }));
    expect(Object.values(json.resource.azurerm_role_assignment)[0]).not.toHaveProperty("tags");
  });

  test("adds no tags to a storage container (not taggable)", () => {
    const json = synth(MANDATORY, (s) => new StorageContainer(s, "Fs", { name: "bronze", storageAccountId: "/sa" }));
    expect(Object.values(json.resource.azurerm_storage_container)[0]).not.toHaveProperty("tags");
  });
});
