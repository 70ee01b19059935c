import { DataFactory as AzDataFactory } from "@cdktf/provider-azurerm/lib/data-factory";
import { DataFactoryIntegrationRuntimeAzure } from "@cdktf/provider-azurerm/lib/data-factory-integration-runtime-azure";
import { DataFactoryManagedPrivateEndpoint } from "@cdktf/provider-azurerm/lib/data-factory-managed-private-endpoint";
import { Construct } from "constructs";
import {
  DiagnosticSettingsProps,
  IPrincipal,
  LockProps,
  ManagedIdentitiesProps,
  PrivateEndpointProps,
  ResourcePlacement,
  RoleAssignmentsProps,
} from "../core/interfaces";
import { identityBlock } from "../core/managed-identities";
import { checkPattern, checkRange, collectProblems, propError, warnOptOut } from "../core/validation";
import { AzureResource } from "../core/azure-resource";

/** What pipelines, datasets, linked services and triggers need to know of their factory. */
export interface IDataFactory {
  readonly id: string;
  readonly name: string;
  /** The Azure integration runtime inside the managed virtual network. */
  readonly integrationRuntimeName: string;
  /** Resource group of the factory (ARM deployments of entities azurerm cannot express go there). */
  readonly resourceGroupName: string;
}

/** Source control for a development factory (authoring UI); production factories are deployed from code only. */
export type DataFactoryGitRepository =
  | { readonly type: "github"; readonly accountName: string; readonly repositoryName: string; readonly branchName: string; readonly rootFolder: string }
  | {
      readonly type: "azureDevOps";
      readonly accountName: string;
      readonly projectName: string;
      readonly repositoryName: string;
      readonly branchName: string;
      readonly rootFolder: string;
      /** Entra tenant of the Azure DevOps organisation. */
      readonly tenantId: string;
    };

/** A managed private endpoint from the factory's managed virtual network to a PaaS resource. */
export interface ManagedPrivateEndpointProps {
  readonly targetResourceId: string;
  /** e.g. "dfs", "blob", "sqlServer", "vault", "databricks_ui_api". */
  readonly subresourceName: string;
}

/** Sizing of the Azure integration runtime in the managed virtual network. */
export interface IntegrationRuntimeProps {
  /**
   * Data flow compute type.
   * @default "General"
   */
  readonly computeType?: "General" | "ComputeOptimized" | "MemoryOptimized";
  /**
   * Data flow cores (8, 16, 32, 48, 80, 144 or 272).
   * @default 8
   */
  readonly coreCount?: number;
  /**
   * Minutes the runtime stays warm after a run.
   * @default 10
   */
  readonly timeToLiveMin?: number;
}

/** Props of {@link DataFactory}. */
export interface DataFactoryProps extends ResourcePlacement {
  /** Globally unique factory name (3-63 letters, digits and hyphens). */
  readonly name: string;
  /**
   * Opt-out: keep public network access on (authoring from the internet). Adds a warning. Use in dev only.
   * @default false
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * Git integration for authoring in a development factory.
   * @default - none: the factory is deployed from code only
   */
  readonly gitRepository?: DataFactoryGitRepository;
  /**
   * Managed private endpoints from the managed virtual network, keyed by a stable key (also their name).
   * Each must be approved on the target resource (Azure creates it pending).
   * @default {}
   */
  readonly managedPrivateEndpoints?: Record<string, ManagedPrivateEndpointProps>;
  /** @default - General, 8 cores, 10 minutes time to live */
  readonly integrationRuntime?: IntegrationRuntimeProps;
  /** Private endpoints for the factory's `dataFactory` endpoint. @default {} */
  readonly privateEndpoints?: Record<string, PrivateEndpointProps>;
  /** @default {} */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** @default {} */
  readonly roleAssignments?: RoleAssignmentsProps;
  /** @default - no lock */
  readonly lock?: LockProps;
  /**
   * Managed identities of the factory; linked services use the system-assigned one.
   * @default { systemAssigned: true }
   */
  readonly managedIdentities?: ManagedIdentitiesProps;
}

export const DATA_FACTORY_DEFAULTS = {
  publicNetworkAccess: false,
  integrationRuntime: { computeType: "General", coreCount: 8, timeToLiveMin: 10 },
} as const satisfies Partial<DataFactoryProps>;

const CORE_COUNTS = [8, 16, 32, 48, 80, 144, 272];

/**
 * Azure Data Factory with a system-assigned identity, a managed virtual network and an Azure integration runtime
 * inside it (all data movement runs there and reaches PaaS services through managed private endpoints), public
 * network access off. Linked services authenticate with the factory's managed identity: no keys or passwords.
 *
 * @example
 * ```ts
 * const factory = new DataFactory(this, "Factory", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "adf-data-dev",
 *   managedPrivateEndpoints: { lake: { targetResourceId: lake.id, subresourceName: "dfs" } },
 *   diagnosticSettings: { logs: { workspaceId: logs.id } },
 * });
 * ```
 */
export class DataFactory extends AzureResource implements IDataFactory {
  public readonly resource: AzDataFactory;
  public readonly id: string;
  public readonly name: string;
  public readonly integrationRuntimeName: string;
  public readonly resourceGroupName: string;
  private readonly systemIdentity?: IPrincipal;
  public readonly managedPrivateEndpoints: Record<string, DataFactoryManagedPrivateEndpoint> = {};

  constructor(scope: Construct, id: string, props: DataFactoryProps) {
    super(scope, id);
    const ir = { ...DATA_FACTORY_DEFAULTS.integrationRuntime, ...props.integrationRuntime };
    const endpoints = Object.entries(props.managedPrivateEndpoints ?? {});
    collectProblems(this, [
      () => checkPattern(this, "name", props.name, /^(?!.*--)[a-zA-Z0-9][a-zA-Z0-9-]{1,61}[a-zA-Z0-9]$/, "3-63 letters, digits and single hyphens"),
      () => {
        if (!CORE_COUNTS.includes(ir.coreCount)) {
          throw propError(this, "integrationRuntime.coreCount", `must be one of ${CORE_COUNTS.join(", ")}`, ir.coreCount, "pick a supported core count.");
        }
      },
      () => checkRange(this, "integrationRuntime.timeToLiveMin", ir.timeToLiveMin, 0, 1440),
      ...endpoints.map(
        ([key]) =>
          () =>
            checkPattern(this, `managedPrivateEndpoints.${key}`, key, /^[a-zA-Z0-9_-]{1,127}$/, "letters, digits, '_' and '-'"),
      ),
    ]);
    const isPublic = props.publicNetworkAccess ?? DATA_FACTORY_DEFAULTS.publicNetworkAccess;
    if (isPublic) warnOptOut(this, "publicNetworkAccess", "the factory's authoring and API endpoints are reachable from the internet");
    const git = props.gitRepository;

    this.resource = new AzDataFactory(this, "Resource", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      identity: identityBlock(this, props.managedIdentities),
      managedVirtualNetworkEnabled: true,
      publicNetworkEnabled: isPublic,
      githubConfiguration:
        git?.type === "github"
          ? {
              accountName: git.accountName,
              repositoryName: git.repositoryName,
              branchName: git.branchName,
              rootFolder: git.rootFolder,
              publishingEnabled: false,
            }
          : undefined,
      vstsConfiguration:
        git?.type === "azureDevOps"
          ? {
              accountName: git.accountName,
              projectName: git.projectName,
              repositoryName: git.repositoryName,
              branchName: git.branchName,
              rootFolder: git.rootFolder,
              tenantId: git.tenantId,
              publishingEnabled: false,
            }
          : undefined,
    });
    this.id = this.resource.id;
    this.name = props.name;
    if (props.managedIdentities?.systemAssigned !== false) {
      this.systemIdentity = { principalId: this.resource.identity.principalId, principalType: "ServicePrincipal" };
    }

    const runtime = new DataFactoryIntegrationRuntimeAzure(this, "IntegrationRuntime", {
      name: "ir-managed-vnet",
      dataFactoryId: this.id,
      location: "AutoResolve",
      virtualNetworkEnabled: true,
      computeType: ir.computeType,
      coreCount: ir.coreCount,
      timeToLiveMin: ir.timeToLiveMin,
      description: "Azure IR in the managed virtual network: every activity runs here.",
    });
    this.integrationRuntimeName = runtime.name;
    this.resourceGroupName = props.resourceGroupName;

    for (const [key, mpe] of endpoints) {
      this.managedPrivateEndpoints[key] = new DataFactoryManagedPrivateEndpoint(this, `ManagedPrivateEndpoint-${key}`, {
        name: key,
        dataFactoryId: this.id,
        targetResourceId: mpe.targetResourceId,
        subresourceName: mpe.subresourceName,
      });
    }

    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.applyInterfaces({ name: props.name, placement, privateEndpointSubresource: "dataFactory" }, props);
  }

  /** The factory's system-assigned identity, for grants (linked services authenticate with it). */
  public get identity(): IPrincipal {
    if (!this.systemIdentity) {
      throw propError(
        this,
        "managedIdentities.systemAssigned",
        "is false, but the factory's identity is needed for a grant",
        false,
        "keep the system-assigned identity.",
      );
    }
    return this.systemIdentity;
  }
}
