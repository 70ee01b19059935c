import { Testing } from "cdktf";
import { ACTIVITY_LOG_CATEGORIES, ActivityLogExport, ActivityLogExportProps } from "../../../constructs/observability/activity-log-export";

const SUB = "11111111-1111-1111-1111-111111111111";
const baseProps: ActivityLogExportProps = { subscriptionId: SUB, workspaceId: "/subscriptions/x/law" };
const synth = (props: Partial<ActivityLogExportProps> = {}) =>
  Object.values<any>(
    JSON.parse(Testing.synthScope((scope) => new ActivityLogExport(scope, "ActivityLog", { ...baseProps, ...props }))).resource
      .azurerm_monitor_diagnostic_setting,
  );

describe("ActivityLogExport", () => {
  test("defaults: every category of the subscription's Activity Log to the workspace, no metrics", () => {
    expect(ACTIVITY_LOG_CATEGORIES).toEqual([
      "Administrative",
      "Security",
      "ServiceHealth",
      "Alert",
      "Recommendation",
      "Policy",
      "Autoscale",
      "ResourceHealth",
    ]);
    expect(synth()).toEqual([
      expect.objectContaining({
        name: "diag-activity-log",
        target_resource_id: `/subscriptions/${SUB}`,
        log_analytics_workspace_id: "/subscriptions/x/law",
        enabled_log: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category })),
      }),
    ]);
    expect(synth()[0]).not.toHaveProperty("enabled_metric");
  });

  test("categories and name are configurable", () => {
    expect(synth({ categories: ["Administrative", "Security"], name: "audit" })[0]).toMatchObject({
      name: "audit",
      enabled_log: [{ category: "Administrative" }, { category: "Security" }],
    });
  });

  test("fails on a subscription id that is not a GUID", () => {
    expect(() => synth({ subscriptionId: "/subscriptions/x" })).toThrow(/ActivityLog: subscriptionId must be a subscription GUID \(got "\/subscriptions\/x"\)/);
  });

  test("fails on an empty category list", () => {
    expect(() => synth({ categories: [] })).toThrow(/categories must name at least one category \(got \[\]\)\. Fix: leave it out/);
  });

  test("fails naming every problem at once", () => {
    expect(() => synth({ subscriptionId: "/subscriptions/x", categories: [] })).toThrow(
      /ActivityLog: 2 problems:\n- \S*ActivityLog: subscriptionId must be a subscription GUID.*\n- \S*ActivityLog: categories must name at least one category.*$/,
    );
  });
});
