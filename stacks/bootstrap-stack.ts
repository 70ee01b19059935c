import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { BootstrapConfig } from "../config/bootstrap-schema";
import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { TaggingAspect } from "../constructs/core/tagging";
import { FileSharePrivateEndpointRole } from "../constructs/aks/file-share-private-endpoints";
import { AcmeChallengeRole } from "../constructs/aks/acme-dns-challenge-access";
import { ExistingDnsZone } from "../constructs/network/existing-dns-zone";
import { PipelineIdentities, STACK_ASSIGNED_ROLES } from "../constructs/delivery/pipeline-identities";
import { PipelineStorageAccount } from "../constructs/delivery/pipeline-storage-account";
import { ActivityLogExport } from "../constructs/observability/activity-log-export";
import { LogAnalytics } from "../constructs/observability/log-analytics";
import { PolicyAspect } from "../policies/policy-aspect";
import { configureBackend, hcpWorkspace } from "./backend";
import { gitopsContainerName } from "./gitops-source";

/** The name of the stack: not an environment's, so no pipeline ever plans or applies it. */
export const BOOTSTRAP_STACK = "bootstrap";
/** The container that holds the bootstrap stack's own state once it was moved into the account. */
export const BOOTSTRAP_STATE_CONTAINER = "tfstate-bootstrap";

/** Props of {@link BootstrapStack}. */
export interface BootstrapStackProps {
  readonly config: BootstrapConfig;
  /** The environments whose pipelines get identities (those with a `stateBackend`). */
  readonly environments: readonly EnvironmentConfig[];
  /** The stack names of an environment, for HCP Terraform workspace subjects. */
  readonly stackNamesOf: (environment: string) => readonly string[];
}

/**
 * `bootstrap`: what remote state and the pipelines need, applied once by an administrator (local state first,
 * then moved into the account it creates): the state account with one container per environment, the GitOps
 * account with one container per Flux environment, its own Log
 * Analytics workspace for the account's access logs, each environment's plan and apply identities with their
 * federated credentials and least roles, and the custom roles the environment stacks assign (pipelines may not
 * write role definitions).
 */
export class BootstrapStack extends TerraformStack {
  public readonly stateAccount: PipelineStorageAccount;
  /** Where Flux environments' rendered folders are published (with `gitops` in the config). */
  public readonly gitopsAccount?: PipelineStorageAccount;
  public readonly pipelineIdentities: Record<string, PipelineIdentities> = {};

  constructor(scope: Construct, id: string, { config, environments, stackNamesOf }: BootstrapStackProps) {
    super(scope, id);
    const names = new ResourceNames({ workload: config.workload, environment: "tfstate", location: config.location, subscriptionId: config.subscriptionId });
    configureBackend(this, id, {
      subscriptionId: config.subscriptionId,
      tenantId: config.tenantId,
      stateBackend: config.state.stateInAccount
        ? {
            type: "azurerm",
            resourceGroupName: config.state.resourceGroupName,
            storageAccountName: config.state.storageAccountName,
            containerName: BOOTSTRAP_STATE_CONTAINER,
          }
        : undefined,
    });
    Aspects.of(this).add(new TaggingAspect({ environment: "management", ...config.tags }));
    Aspects.of(this).add(new PolicyAspect({ environment: BOOTSTRAP_STACK, production: true, waivers: config.policy.waivers, siblings: () => [this] }));
    new AzurermProvider(this, "azurerm", {
      // Containers are created through Resource Manager; the firewall may keep the data plane out of reach.
      features: [{ storage: [{ dataPlaneAvailable: false }] }],
      subscriptionId: config.subscriptionId,
      tenantId: config.tenantId,
      storageUseAzuread: true,
    });

    const rg = new ResourceGroup(this, "ResourceGroup", { name: config.state.resourceGroupName, location: config.location });
    const placement = { resourceGroupName: rg.name, location: config.location };
    const logs = new LogAnalytics(this, "LogAnalytics", {
      ...placement,
      name: names.logAnalytics,
      retentionInDays: config.logRetentionInDays,
      lock: { kind: "CanNotDelete" },
    });
    // The management subscription's audit trail: who changed the state account, the identities and their roles.
    new ActivityLogExport(this, "ActivityLog", { subscriptionId: config.subscriptionId, workspaceId: logs.id });
    const remote = environments.filter((e) => e.stateBackend);
    const containerOf = (env: EnvironmentConfig) => (env.stateBackend?.type === "azurerm" ? env.stateBackend.containerName : undefined);
    // Both accounts (state, GitOps folders) get the protections and the network rules of config.state.
    const accountSettings = {
      ...placement,
      replication: config.state.replication,
      softDeleteRetentionInDays: config.state.softDeleteRetentionInDays,
      allowedIpRanges: config.state.allowedIpRanges,
      allowAllNetworks: config.state.allowAllNetworks !== undefined,
      diagnosticSettings: { logs: { workspaceId: logs.id } },
    };
    this.stateAccount = new PipelineStorageAccount(this, "StateAccount", {
      ...accountSettings,
      name: config.state.storageAccountName,
      containerNames: [BOOTSTRAP_STATE_CONTAINER, ...remote.map(containerOf).filter((c): c is string => c !== undefined)],
    });

    const fluxEnvironments = environments.filter((e) => e.kubernetes.delivery === "flux");
    if (config.gitops && fluxEnvironments.length > 0) {
      this.gitopsAccount = new PipelineStorageAccount(this, "GitopsAccount", {
        ...accountSettings,
        name: config.gitops.storageAccountName,
        containerNames: fluxEnvironments.map((e) => gitopsContainerName(e.environment)),
      });
    }
    const gitopsContainerOf = (env: EnvironmentConfig) =>
      env.kubernetes.delivery === "flux" ? this.gitopsAccount?.containers[gitopsContainerName(env.environment)]?.id : undefined;

    for (const env of remote) {
      const envNames = new ResourceNames(env);
      const container = containerOf(env);
      const state = env.stateBackend;
      // Created here, by an administrator: the pipelines may not write role definitions.
      const fileShareRole = new FileSharePrivateEndpointRole(this, `FileSharePrivateEndpointRole-${env.environment}`, {
        clusterName: envNames.aksNames().cluster,
        subscriptionId: env.subscriptionId,
      });
      const zone = env.aks.dnsZone;
      const acmeRole = zone
        ? new AcmeChallengeRole(this, `AcmeChallengeRole-${env.environment}`, {
            clusterName: envNames.aksNames().cluster,
            // The zone is in the environment's subscription, the stack's default provider in the management one.
            zone: new ExistingDnsZone(this, `DnsZone-${env.environment}`, {
              ...zone,
              provider: new AzurermProvider(this, `azurerm-${env.environment}`, {
                alias: env.environment,
                features: [{}],
                subscriptionId: env.subscriptionId,
                tenantId: env.tenantId,
                // It only reads a resource group and a DNS zone: registering resource providers in that
                // subscription (the default) would be a write there, needing more than read rights.
                resourceProviderRegistrations: "none",
              }),
            }),
          })
        : undefined;
      const identities = new PipelineIdentities(this, `Pipeline-${env.environment}`, {
        ...placement,
        environment: env.environment,
        names: { plan: envNames.standard("id", "pipeline-plan"), apply: envNames.standard("id", "pipeline-apply") },
        repository: config.github.repository,
        mainBranch: config.github.mainBranch,
        environmentScope: `/subscriptions/${env.subscriptionId}`,
        assignableRoleIds: [...Object.values(STACK_ASSIGNED_ROLES), fileShareRole.guid, ...(acmeRole ? [acmeRole.guid] : [])],
        stateContainerId: container ? this.stateAccount.containers[container].id : undefined,
        gitopsContainerId: gitopsContainerOf(env),
        hcp:
          state?.type === "hcp"
            ? {
                hostname: state.hostname,
                organization: state.organization,
                project: state.project,
                workspaces: stackNamesOf(env.environment).map((s) => hcpWorkspace(state, s)),
              }
            : undefined,
      });
      this.pipelineIdentities[env.environment] = identities;
      // What the workflows need as GitHub environment variables: identifiers, none of them a secret.
      new TerraformOutput(this, `github-variables-${env.environment}`, {
        description: `GitHub variables of environment ${env.environment}: AZURE_CLIENT_ID_PLAN, AZURE_CLIENT_ID_APPLY, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID`,
        value: {
          AZURE_CLIENT_ID_PLAN: identities.plan.clientId,
          AZURE_CLIENT_ID_APPLY: identities.apply.clientId,
          AZURE_TENANT_ID: env.tenantId,
          AZURE_SUBSCRIPTION_ID: env.subscriptionId,
        },
      });
    }
  }
}
