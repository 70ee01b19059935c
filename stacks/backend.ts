import { AzurermBackend, CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import { StateBackendConfig } from "../config/state-schema";

/** The key of a stack's state blob in an azurerm state container. */
export const stateKey = (stackName: string) => `${stackName}.tfstate`;

/** The HCP Terraform workspace of a stack. */
export const hcpWorkspace = (state: Extract<StateBackendConfig, { type: "hcp" }>, stackName: string) => `${state.workspacePrefix}${stackName}`;

/**
 * Where a stack keeps its Terraform state, from the environment config's `stateBackend`:
 * - `azurerm`: a blob per stack in the environment's container of the state account (Entra ID auth, no access
 *   keys: `use_azuread_auth`; pipelines sign in with OIDC, workstations with the Azure CLI);
 * - `hcp`: an HCP Terraform workspace per stack (its runs reach Azure with HCP's dynamic provider credentials);
 * - none: a local file in the project root, addressed relative to the stack's working directory
 *   (`cdktf.out/stacks/<stack>`), so the synthesized JSON does not depend on the machine's checkout path.
 */
export function configureBackend(
  stack: TerraformStack,
  stackName: string,
  config: { readonly subscriptionId: string; readonly tenantId: string; readonly stateBackend?: StateBackendConfig },
): void {
  const state = config.stateBackend;
  if (state?.type === "azurerm") {
    new AzurermBackend(stack, {
      subscriptionId: state.subscriptionId ?? config.subscriptionId,
      tenantId: config.tenantId,
      resourceGroupName: state.resourceGroupName,
      storageAccountName: state.storageAccountName,
      containerName: state.containerName,
      key: stateKey(stackName),
      useAzureadAuth: true,
    });
  } else if (state?.type === "hcp") {
    new CloudBackend(stack, {
      hostname: state.hostname,
      organization: state.organization,
      workspaces: new NamedCloudWorkspace(hcpWorkspace(state, stackName), state.project),
    });
  } else {
    new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
  }
}
