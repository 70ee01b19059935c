import { Testing } from "cdktf";
import { Construct } from "constructs";
import {
  CONTAINER_INSIGHTS_ASSOCIATION_NAME,
  CONTAINER_INSIGHTS_DEFAULTS,
  CONTAINER_INSIGHTS_STREAMS,
  ContainerInsightsDataCollection,
  ContainerInsightsDataCollectionProps,
} from "../../../constructs/aks/container-insights";

const LAW = "/subscriptions/0000/resourceGroups/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law";
const base: ContainerInsightsDataCollectionProps = {
  resourceGroupName: "rg-aks",
  location: "westeurope",
  cluster: {
    name: "aks-medal-dev-weu",
    id: "/subscriptions/0000/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-medal-dev-weu",
  },
  logAnalyticsWorkspaceId: LAW,
};

function build(props: Partial<ContainerInsightsDataCollectionProps> = {}): any {
  return JSON.parse(
    Testing.synthScope((scope: Construct) => {
      new ContainerInsightsDataCollection(scope, "Ci", { ...base, ...props });
    }),
  );
}

const rule = (out: any) => Object.values<any>(out.resource.azurerm_monitor_data_collection_rule)[0];

describe("ContainerInsightsDataCollection", () => {
  test("defaults: a Linux rule named as the CLI names it, every Container Insights stream to the workspace, each minute, ContainerLogV2", () => {
    expect(CONTAINER_INSIGHTS_DEFAULTS).toEqual({ intervalMinutes: 1, excludedNamespaces: [], containerLogV2: true });
    const r = rule(build());
    expect(r).toMatchObject({
      name: "MSCI-westeurope-aks-medal-dev-weu",
      resource_group_name: "rg-aks",
      location: "westeurope",
      kind: "Linux",
      destinations: { log_analytics: [{ name: "ciworkspace", workspace_resource_id: LAW }] },
      data_flow: [{ streams: [...CONTAINER_INSIGHTS_STREAMS], destinations: ["ciworkspace"] }],
    });
    expect(r.data_sources.extension).toEqual([
      expect.objectContaining({ name: "ContainerInsightsExtension", extension_name: "ContainerInsights", streams: [...CONTAINER_INSIGHTS_STREAMS] }),
    ]);
    expect(JSON.parse(r.data_sources.extension[0].extension_json)).toEqual({
      dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true },
    });
  });

  test("defaults: associated with the cluster under the name the agent looks for", () => {
    const out = build();
    const [key] = Object.keys(out.resource.azurerm_monitor_data_collection_rule);
    expect(Object.values<any>(out.resource.azurerm_monitor_data_collection_rule_association)).toEqual([
      expect.objectContaining({
        name: CONTAINER_INSIGHTS_ASSOCIATION_NAME,
        target_resource_id: base.cluster.id,
        data_collection_rule_id: `\${azurerm_monitor_data_collection_rule.${key}.id}`,
      }),
    ]);
    expect(CONTAINER_INSIGHTS_ASSOCIATION_NAME).toBe("ContainerInsightsExtension");
  });

  test("options: interval, excluded namespaces, legacy ContainerLog", () => {
    const settings = JSON.parse(
      rule(build({ intervalMinutes: 5, excludedNamespaces: ["kube-system"], containerLogV2: false })).data_sources.extension[0].extension_json,
    );
    expect(settings).toEqual({
      dataCollectionSettings: { interval: "5m", namespaceFilteringMode: "Exclude", namespaces: ["kube-system"], enableContainerLogV2: false },
    });
  });

  test("a long cluster name keeps the rule name within 64 characters", () => {
    expect(rule(build({ cluster: { ...base.cluster, name: "a".repeat(70) } })).name).toHaveLength(64);
  });

  test("fails on an interval out of range or a malformed namespace", () => {
    expect(() => build({ intervalMinutes: 0 })).toThrow(/Ci: intervalMinutes must be a whole number from 1 to 30 \(got 0\)/);
    expect(() => build({ excludedNamespaces: ["Kube_System"] })).toThrow(/Ci: excludedNamespaces must be namespace names \(got "Kube_System"\)/);
  });

  test("fails naming every problem at once", () => {
    expect(() => build({ intervalMinutes: 0, excludedNamespaces: ["Kube_System", "kube-public", "Gatekeeper System"] })).toThrow(
      /Ci: 3 problems:\n- \S*Ci: intervalMinutes must be a whole number.*\n- \S*Ci: excludedNamespaces must be namespace names \(got "Kube_System"\).*\n- \S*Ci: excludedNamespaces must be namespace names \(got "Gatekeeper System"\).*$/,
    );
  });
});
