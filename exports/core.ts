/** The shared vocabulary of every construct's props (AVM-style interfaces) and the mandatory tags aspect. */
export type {
  DiagnosticSettingProps,
  DiagnosticSettingsProps,
  INsgAssociatedSubnet,
  IPrincipal,
  ISubnet,
  LockProps,
  ManagedIdentitiesProps,
  PrincipalType,
  PrivateEndpointProps,
  ResourcePlacement,
  RoleAssignmentProps,
  RoleAssignmentsProps,
  SinglePrivateEndpoint,
} from "../constructs/core/interfaces";
export type { IUserAssignedIdentity } from "../constructs/core/managed-identities";
export type { PublicNetworkAccessProps } from "../constructs/core/public-network-access";
export { DIAGNOSTIC_DEFAULTS } from "../constructs/core/diagnostic-settings";
export { DNS_LABEL, DNS_SUBDOMAIN, DNS_ZONE_NAME, HOST_NAME } from "../constructs/core/names";
export { AzureResource } from "../constructs/core/azure-resource";
export type { AzureResourceInterfaces, GrantOptions } from "../constructs/core/azure-resource";
export { optOutIdOf } from "../constructs/core/validation";
export { TaggingAspect } from "../constructs/core/tagging";
export type { MandatoryTags } from "../constructs/core/tagging";
