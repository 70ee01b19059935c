import { IpAccessList } from "@cdktf/provider-databricks/lib/ip-access-list";
import { WorkspaceConf } from "@cdktf/provider-databricks/lib/workspace-conf";
import { Testing } from "cdktf";
import { WorkspaceIpAccessList, WorkspaceIpAccessListProps } from "../../../constructs/data/workspace-ip-access-list";

const synth = (props: Partial<WorkspaceIpAccessListProps> = {}) =>
  Testing.synthScope((scope) => new WorkspaceIpAccessList(scope, "Ip", { allowedIpRanges: ["203.0.113.0/24"], ...props }));

describe("WorkspaceIpAccessList", () => {
  test("defaults: the feature enabled, then one enabled ALLOW list of the ranges", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(WorkspaceConf, { custom_config: { enableIpAccessLists: "true" } });
    expect(out).toHaveResourceWithProperties(IpAccessList, {
      label: "platform-allow",
      list_type: "ALLOW",
      ip_addresses: ["203.0.113.0/24"],
      enabled: true,
      depends_on: [expect.stringMatching(/^databricks_workspace_conf\./)],
    });
  });

  test("computeEgressIps and label", () => {
    expect(synth({ computeEgressIps: ["198.51.100.7"], label: "dev" })).toHaveResourceWithProperties(IpAccessList, {
      label: "dev",
      ip_addresses: ["203.0.113.0/24", "198.51.100.7"],
    });
  });

  test.each([
    ["no range", { allowedIpRanges: [] }, /allowedIpRanges must name at least one range \(got \[\]\)/],
    ["a range that is not IPv4", { allowedIpRanges: ["2001:db8::/32"] }, /allowedIpRanges must hold IPv4 addresses or CIDRs \(got "2001:db8::\/32"\)/],
    [
      "ranges wider than a /16 in all",
      { allowedIpRanges: ["0.0.0.0/1", "128.0.0.0/1"] },
      /allowedIpRanges the ranges together admit 4,294,967,296 addresses, more than a \/16/,
    ],
  ] as [string, Partial<WorkspaceIpAccessListProps>, RegExp][])("fails on %s", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test("fails naming every problem at once", () => {
    expect(() => synth({ allowedIpRanges: [], computeEgressIps: ["2001:db8::1"] })).toThrow(
      /: 2 problems:\n- \S+: allowedIpRanges must name at least one range.*\n- \S+: allowedIpRanges must hold IPv4 addresses or CIDRs \(got "2001:db8::1"\).*$/,
    );
  });
});
