import { DataAzurermDnsZone } from "@cdktf/provider-azurerm/lib/data-azurerm-dns-zone";
import { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { DNS_ZONE_NAME } from "../core/names";
import { checkPattern } from "../core/validation";

/** A public Azure DNS zone as the constructs that write to it take it. */
export interface IDnsZone {
  /** The zone's name, known at synth time: record names are computed from it. */
  readonly name: string;
  /** Its resource group's name. */
  readonly resourceGroupName: string;
  /** The zone's resource id. */
  readonly id: string;
  /** Its resource group's resource id (where a role on the zone's record sets can be made assignable). */
  readonly resourceGroupId: string;
}

/** Props of {@link ExistingDnsZone}. */
export interface ExistingDnsZoneProps {
  /** The zone's name, e.g. `contoso.com`. */
  readonly name: string;
  /** The resource group it is in. */
  readonly resourceGroupName: string;
  /**
   * The azurerm provider of the zone's subscription, when the stack's default provider is another subscription's.
   * @default - the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A DNS zone created outside these stacks (a zone's delegation is the domain owner's business), read through data
 * sources: a plan fails early, with the provider's "not found", when the zone or its resource group is missing or
 * unreadable. The provider composes the ids from its subscription and the names given (so they match what older
 * code wrote), and the resource group's name is always passed: left out, Azure's casing could come back and replace
 * what depends on it.
 *
 * @example
 * ```ts
 * const zone = new ExistingDnsZone(this, "DnsZone", { name: "contoso.com", resourceGroupName: "rg-dns" });
 * new AcmeDnsChallengeAccess(this, "Challenges", { zone, dnsNames: ["shop.contoso.com"], principal, clusterName: "aks-platform-prod" });
 * ```
 */
export class ExistingDnsZone extends Construct implements IDnsZone {
  public readonly name: string;
  public readonly resourceGroupName: string;
  public readonly id: string;
  public readonly resourceGroupId: string;

  constructor(scope: Construct, id: string, props: ExistingDnsZoneProps) {
    super(scope, id);
    checkPattern(this, "name", props.name, DNS_ZONE_NAME, "a lowercase DNS zone name such as contoso.com");
    const group = new DataAzurermResourceGroup(this, "ResourceGroup", { name: props.resourceGroupName, provider: props.provider });
    const zone = new DataAzurermDnsZone(this, "Zone", { name: props.name, resourceGroupName: group.name, provider: props.provider });
    this.name = props.name;
    this.resourceGroupName = zone.resourceGroupName;
    this.id = zone.id;
    this.resourceGroupId = group.id;
  }
}
