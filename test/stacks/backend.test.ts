import { TerraformStack, Testing } from "cdktf";
import { configureBackend, hcpWorkspace, stateKey } from "../../stacks/backend";

const ids = { subscriptionId: "11111111-1111-1111-1111-111111111111", tenantId: "99999999-9999-9999-9999-999999999999" };

function backendOf(stateBackend?: Parameters<typeof configureBackend>[2]["stateBackend"]) {
  const app = Testing.app();
  const stack = new TerraformStack(app, "dev-data");
  configureBackend(stack, "dev-data", { ...ids, stateBackend });
  const tf = JSON.parse(Testing.synth(stack));
  return tf.terraform.backend ?? { cloud: tf.terraform.cloud };
}

describe("configureBackend", () => {
  test("without a stateBackend: a local file per stack, relative to the stack's directory", () => {
    expect(backendOf()).toEqual({ local: { path: "../../../terraform.dev-data.tfstate" } });
  });

  test("azurerm: one blob per stack, Entra ID auth, the environment's subscription unless the config names one", () => {
    const state = { type: "azurerm" as const, resourceGroupName: "rg-state", storageAccountName: "ststate", containerName: "tfstate-dev" };
    expect(backendOf(state)).toEqual({
      azurerm: {
        ...{ subscription_id: ids.subscriptionId, tenant_id: ids.tenantId },
        resource_group_name: "rg-state",
        storage_account_name: "ststate",
        container_name: "tfstate-dev",
        key: "dev-data.tfstate",
        use_azuread_auth: true,
      },
    });
    expect(backendOf({ ...state, subscriptionId: "55555555-5555-5555-5555-555555555555" }).azurerm.subscription_id).toBe(
      "55555555-5555-5555-5555-555555555555",
    );
    expect(stateKey("dev-aks")).toBe("dev-aks.tfstate");
  });

  test("hcp: one HCP Terraform workspace per stack, in the configured project, with no token in the JSON", () => {
    const state = { type: "hcp" as const, organization: "contoso", project: "platform", hostname: "app.terraform.io", workspacePrefix: "medal-" };
    expect(backendOf(state)).toEqual({
      cloud: { hostname: "app.terraform.io", organization: "contoso", workspaces: { name: "medal-dev-data", project: "platform" } },
    });
    expect(hcpWorkspace(state, "prod-aks")).toBe("medal-prod-aks");
  });
});
