import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { Construct } from "constructs";
import { addDiagnosticSettings } from "../core/diagnostic-settings";
import { IAksCluster, ResourcePlacement } from "../core/interfaces";
import { checkRange, collectProblems, propError } from "../core/validation";
import { DNS_LABEL } from "../core/names";

/** What Container Insights collects (the `ContainerInsights` extension's data collection settings). */
export interface ContainerInsightsProps {
  /**
   * How often the agent collects inventory and metrics, in minutes (1-30).
   * @default 1
   */
  readonly intervalMinutes?: number;
  /**
   * Namespaces to leave out (e.g. noisy system namespaces); none are left out by default.
   * @default [] - every namespace
   */
  readonly excludedNamespaces?: string[];
  /**
   * Container logs in the ContainerLogV2 schema (one table, Kubernetes metadata included), which Microsoft
   * recommends over the legacy ContainerLog table.
   * @default true
   */
  readonly containerLogV2?: boolean;
}

export const CONTAINER_INSIGHTS_DEFAULTS = {
  intervalMinutes: 1,
  excludedNamespaces: [],
  containerLogV2: true,
} as const satisfies Required<ContainerInsightsProps>;

/**
 * The streams Container Insights sends to Log Analytics, as Microsoft's own Terraform onboarding sample lists them
 * (microsoft/Docker-Provider scripts/onboarding/aks/onboarding-msi-terraform).
 */
export const CONTAINER_INSIGHTS_STREAMS = [
  "Microsoft-ContainerLog",
  "Microsoft-ContainerLogV2",
  "Microsoft-KubeEvents",
  "Microsoft-KubePodInventory",
  "Microsoft-KubeNodeInventory",
  "Microsoft-KubePVInventory",
  "Microsoft-KubeServices",
  "Microsoft-KubeMonAgentEvents",
  "Microsoft-InsightsMetrics",
  "Microsoft-ContainerInventory",
  "Microsoft-ContainerNodeInventory",
  "Microsoft-Perf",
] as const;

/** The association name the agent looks for (the CLI, portal and Microsoft's samples all use it). */
export const CONTAINER_INSIGHTS_ASSOCIATION_NAME = "ContainerInsightsExtension";

/** Props of {@link ContainerInsightsDataCollection}. */
export interface ContainerInsightsDataCollectionProps extends ResourcePlacement, ContainerInsightsProps {
  /** The cluster the rule is associated with (the rule is named `MSCI-<location>-<cluster name>`, as the CLI names it). */
  readonly cluster: IAksCluster;
  /** Log Analytics workspace that receives the data (in the same region as the rule). */
  readonly logAnalyticsWorkspaceId: string;
}

/**
 * The data collection rule Container Insights needs with managed-identity authentication, and its association
 * with the cluster. With `msi_auth_for_monitoring_enabled` the monitoring agent reads what to collect and where to
 * send it from the rule associated with the cluster; the Azure CLI and portal create both, ARM and Terraform do
 * not (terraform-provider-azurerm only sets the add-on's workspace and `useAADAuth`), so without them nothing is
 * collected.
 *
 * @example
 * ```ts
 * new ContainerInsightsDataCollection(this, "ContainerInsights", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   cluster: { id: clusterResourceId, name: "aks-platform-dev" },
 *   logAnalyticsWorkspaceId: logs.id,
 * });
 * ```
 */
export class ContainerInsightsDataCollection extends Construct {
  public readonly rule: MonitorDataCollectionRule;
  public readonly association: MonitorDataCollectionRuleAssociation;

  constructor(scope: Construct, id: string, props: ContainerInsightsDataCollectionProps) {
    super(scope, id);
    const interval = props.intervalMinutes ?? CONTAINER_INSIGHTS_DEFAULTS.intervalMinutes;
    const excluded = props.excludedNamespaces ?? [...CONTAINER_INSIGHTS_DEFAULTS.excludedNamespaces];
    collectProblems(this, [
      () => checkRange(this, "intervalMinutes", interval, 1, 30),
      ...excluded.map((ns) => () => {
        if (!DNS_LABEL.test(ns)) {
          throw propError(this, "excludedNamespaces", "must be namespace names", ns, "use DNS labels such as kube-system.");
        }
      }),
    ]);
    const destination = "ciworkspace";
    const streams = [...CONTAINER_INSIGHTS_STREAMS];
    this.rule = new MonitorDataCollectionRule(this, "Resource", {
      // The CLI's name; rule names are at most 64 characters.
      name: `MSCI-${props.location}-${props.cluster.name}`.slice(0, 64),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      kind: "Linux",
      description: "Container Insights of the AKS cluster (managed-identity authentication)",
      destinations: { logAnalytics: [{ name: destination, workspaceResourceId: props.logAnalyticsWorkspaceId }] },
      dataFlow: [{ streams, destinations: [destination] }],
      dataSources: {
        extension: [
          {
            name: CONTAINER_INSIGHTS_ASSOCIATION_NAME,
            extensionName: "ContainerInsights",
            streams,
            extensionJson: JSON.stringify({
              dataCollectionSettings: {
                interval: `${interval}m`,
                namespaceFilteringMode: excluded.length ? "Exclude" : "Off",
                ...(excluded.length ? { namespaces: excluded } : {}),
                enableContainerLogV2: props.containerLogV2 ?? CONTAINER_INSIGHTS_DEFAULTS.containerLogV2,
              },
            }),
          },
        ],
      },
      tags: props.tags,
    });
    this.association = new MonitorDataCollectionRuleAssociation(this, "Association", {
      name: CONTAINER_INSIGHTS_ASSOCIATION_NAME,
      targetResourceId: props.cluster.id,
      dataCollectionRuleId: this.rule.id,
      description: "Container Insights of this cluster: deleting the association stops its data collection",
    });
    // The rule's own errors (DCRLogErrors: a stream it could not send, a workspace it could not reach) go to the
    // workspace too; data collection rules have no metric category to add.
    addDiagnosticSettings(this, this.rule.id, { logs: { workspaceId: props.logAnalyticsWorkspaceId } }, { dedicatedTables: false, metricCategories: [] });
  }
}
