import { IpAccessList } from "@cdktf/provider-databricks/lib/ip-access-list";
import { WorkspaceConf } from "@cdktf/provider-databricks/lib/workspace-conf";
import { Construct } from "constructs";
import { allowListTooWide, IPV4_OR_CIDR } from "../core/cidr";
import { collectProblems, isKnown, propError } from "../core/validation";

/** Props of {@link WorkspaceIpAccessList}. */
export interface WorkspaceIpAccessListProps {
  /** Public IPv4 ranges of the people and pipelines that use the workspace (its UI and REST API). */
  readonly allowedIpRanges: readonly string[];
  /**
   * Public IPs the workspace's own clusters reach the control plane from (the NAT gateway's or the egress
   * firewall's): without back-end Private Link, clusters cannot start unless these are allowed too.
   * @default []
   */
  readonly computeEgressIps?: readonly string[];
  /**
   * Label of the allow list.
   * @default "platform-allow"
   */
  readonly label?: string;
}

/**
 * The IP access list of a workspace whose public network access is on: the feature enabled in the workspace's
 * configuration and one ALLOW list, so the UI and REST API answer only the listed ranges (a token or a phished
 * session from elsewhere is refused). Databricks applies it to public traffic; with public network access off
 * there is none, and this construct is not needed. Whoever applies it must be inside the list, or the next plan
 * is refused.
 *
 * @example
 * ```ts
 * new WorkspaceIpAccessList(this, "IpAccessList", { allowedIpRanges: ["203.0.113.0/24"] });
 * ```
 */
export class WorkspaceIpAccessList extends Construct {
  public readonly list: IpAccessList;
  public readonly conf: WorkspaceConf;

  constructor(scope: Construct, id: string, props: WorkspaceIpAccessListProps) {
    super(scope, id);
    collectProblems(this, [
      () => {
        if (props.allowedIpRanges.length === 0) {
          throw propError(
            this,
            "allowedIpRanges",
            "must name at least one range",
            props.allowedIpRanges,
            "list the office or VPN ranges that use the workspace.",
          );
        }
      },
      // How wide the list is can be told only of valid ranges.
      () => {
        for (const range of [...props.allowedIpRanges, ...(props.computeEgressIps ?? [])].filter(isKnown)) {
          if (!IPV4_OR_CIDR.test(range))
            throw propError(this, "allowedIpRanges", "must hold IPv4 addresses or CIDRs", range, "use a range such as 203.0.113.0/24.");
        }
        const tooWide = allowListTooWide(props.allowedIpRanges.filter(isKnown));
        if (tooWide) throw propError(this, "allowedIpRanges", tooWide, props.allowedIpRanges, "list only the ranges that use the workspace.");
      },
    ]);
    this.conf = new WorkspaceConf(this, "Conf", { customConfig: { enableIpAccessLists: "true" } });
    this.list = new IpAccessList(this, "Allow", {
      label: props.label ?? "platform-allow",
      listType: "ALLOW",
      ipAddresses: [...props.allowedIpRanges, ...(props.computeEgressIps ?? [])],
      enabled: true,
      dependsOn: [this.conf],
    });
  }
}
