import { DataAzurermDatabricksAccessConnector } from "@cdktf/provider-azurerm/lib/data-azurerm-databricks-access-connector";
import { DataAzurermDatabricksWorkspace } from "@cdktf/provider-azurerm/lib/data-azurerm-databricks-workspace";
import { DataAzurermPublicIp } from "@cdktf/provider-azurerm/lib/data-azurerm-public-ip";
import { DataAzurermUserAssignedIdentity } from "@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { MEDALLION_LAKE_ACCESS } from "../constructs/data/medallion/names";
import { grantManagedDiskKey } from "../constructs/data/databricks-workspace";
import { TransformationWorkspace } from "../constructs/data/transformation-workspace";
import { UnityCatalogLake } from "../constructs/data/unity-catalog";
import { WorkspaceIpAccessList } from "../constructs/data/workspace-ip-access-list";
import { natPublicIpName } from "../constructs/network/data-network";
import { firewallPublicIpName } from "../constructs/network/egress-firewall";
import { configureBackend } from "./backend";
import { databricksCustomerManagedKey } from "./customer-managed-keys";
import { applyOrganisationAspects } from "./organisation";

/** Props of {@link DatabricksStack}. */
export interface DatabricksStackProps {
  readonly config: EnvironmentConfig;
}

/**
 * `<env>-databricks`: what lives inside the Databricks workspace of `<env>-data`, through the workspace-level
 * Databricks provider, which needs the workspace to exist before it can plan (the same reason the Kubernetes
 * providers live apart from the cluster). Unity Catalog over the lake (storage credential, external locations,
 * the environment's catalog and schemas), the transformation identity as a service principal with exactly the
 * file grants its steps need (read bronze; read and write silver and gold; nothing on landing), and the notebooks
 * and per-source SQL that Data Factory runs.
 *
 * The provider signs in through the Azure CLI as whoever runs Terraform: `az login` on a workstation, a CLI
 * login with workload identity federation in a pipeline (GitHub's azure/login, Azure DevOps' AzureCLI task). No
 * token or secret is configured. Host and workspace come from `azurerm` data sources; nothing is passed between
 * stacks.
 */
export class DatabricksStack extends TerraformStack {
  public readonly unityCatalog: UnityCatalogLake;
  public readonly transformations: TransformationWorkspace;

  constructor(scope: Construct, id: string, { config }: DatabricksStackProps) {
    super(scope, id);
    const resourceNames = new ResourceNames(config);
    const names = { ...resourceNames.platformNames(), ...config.names };
    const rg = resourceNames.dataResourceGroup;
    configureBackend(this, id, config);
    applyOrganisationAspects(this, config, { tags: false });

    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: config.subscriptionId, tenantId: config.tenantId });
    const workspace = new DataAzurermDatabricksWorkspace(this, "Workspace", { name: names.databricksWorkspace, resourceGroupName: rg });
    // The managed disk identity exists once `<env>-data` gave the workspace its key: granted here, after it.
    const key = databricksCustomerManagedKey(config);
    if (key) grantManagedDiskKey(this, "DatabricksManagedDiskKey", key, workspace.managedDiskIdentity.get(0).principalId);
    const connector = new DataAzurermDatabricksAccessConnector(this, "AccessConnector", { name: names.databricksAccessConnector, resourceGroupName: rg });
    const identity = new DataAzurermUserAssignedIdentity(this, "TransformIdentity", { name: names.transformIdentity, resourceGroupName: rg });
    new DatabricksProvider(this, "databricks", {
      host: `https://${workspace.workspaceUrl}`,
      azureWorkspaceResourceId: workspace.id,
      // The Azure CLI's sign-in sends the management token with the workspace id, so a caller with Contributor on
      // the workspace is let in as an admin (the OIDC strategies do not send it). Pipelines log the CLI in first.
      authType: "azure-cli",
    });

    this.transformations = new TransformationWorkspace(this, "Transformations", {
      applicationId: identity.clientId,
      displayName: names.transformIdentity,
      sources: config.medallion.sources,
    });
    const uc = resourceNames.unityCatalogNames();
    this.unityCatalog = new UnityCatalogLake(this, "UnityCatalog", {
      accessConnectorId: connector.id,
      storageAccountName: names.storageAccount,
      // Locations only where the access connector has lake access (MEDALLION_LAKE_ACCESS, granted in <env>-data).
      filesystems: Object.keys(MEDALLION_LAKE_ACCESS.transformation),
      catalogName: uc.catalog,
      storageCredentialName: uc.storageCredential,
      externalLocationName: uc.externalLocation,
      // Landing is read by Data Factory's copy (the factory's own identity), never by the notebooks.
      fileAccess: { [this.transformations.servicePrincipal.applicationId]: MEDALLION_LAKE_ACCESS.transformation },
    });

    // A public workspace answers only its IP access list; its own clusters reach the control plane from the data
    // network's egress IP (no back-end Private Link), which must be in the list or they cannot start.
    if (config.databricks.allowedIpRanges) {
      const egressIp = new DataAzurermPublicIp(this, "ComputeEgressIp", {
        name: config.network.egress.type === "firewall" ? firewallPublicIpName(resourceNames.dataFirewall) : natPublicIpName(resourceNames.virtualNetwork),
        resourceGroupName: rg,
      });
      new WorkspaceIpAccessList(this, "IpAccessList", { allowedIpRanges: config.databricks.allowedIpRanges, computeEgressIps: [egressIp.ipAddress] });
    }

    new TerraformOutput(this, "catalog_name", { value: this.unityCatalog.catalog.name });
    new TerraformOutput(this, "transformation_folder", { value: this.transformations.folder });
  }
}
