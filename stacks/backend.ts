import { AzurermBackend, LocalBackend, TerraformStack } from "cdktf";
import { EnvironmentConfig } from "../config/schema";

/**
 * Where a stack keeps its Terraform state. With `stateBackend` in the environment config: an Azure Storage
 * container (Entra ID auth, no access keys; one blob per stack). Without it: a local file in the project root,
 * addressed relative to the stack's working directory (`cdktf.out/stacks/<stack>`), so the synthesized JSON
 * does not depend on the machine's checkout path.
 */
export function configureBackend(stack: TerraformStack, stackName: string, config: EnvironmentConfig): void {
  const state = config.stateBackend;
  if (state) {
    new AzurermBackend(stack, {
      subscriptionId: state.subscriptionId ?? config.subscriptionId,
      tenantId: config.tenantId,
      resourceGroupName: state.resourceGroupName,
      storageAccountName: state.storageAccountName,
      containerName: state.containerName,
      key: `${stackName}.tfstate`,
      useAzureadAuth: true,
    });
  } else {
    new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
  }
}
