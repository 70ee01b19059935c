/** The shared vocabulary of every construct's props (AVM-style interfaces) and the mandatory tags aspect. */
export type {
  DiagnosticSettingProps,
  DiagnosticSettingsProps,
  IPrincipal,
  LockProps,
  ManagedIdentitiesProps,
  PrincipalType,
  PrivateEndpointProps,
  ResourcePlacement,
  RoleAssignmentProps,
  RoleAssignmentsProps,
  SinglePrivateEndpoint,
} from "../constructs/core/interfaces";
export { DIAGNOSTIC_DEFAULTS } from "../constructs/core/diagnostic-settings";
export { TaggingAspect } from "../constructs/core/tagging";
export type { MandatoryTags } from "../constructs/core/tagging";
