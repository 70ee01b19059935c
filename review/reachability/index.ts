/** Offline Kubernetes NetworkPolicy reachability analysis: which endpoint may connect to which port, and why. */
export * from "./types";
export { NAMESPACE_NAME_LABEL, checkSelector, matchesSelector, namespaceLabels } from "./selectors";
export { addressInCidr, parseIPv4 } from "./ipv4";
export { ReachabilityAnalyzer, policyTypes } from "./analyzer";
export type { Connection, DirectionVerdict, MatrixEntry, Verdict } from "./analyzer";
export {
  WORKLOAD_KINDS,
  clusterModel,
  debugPod,
  externalAddress,
  gatewayDataPlane,
  kubeDns,
  namespacesOf,
  networkPoliciesOf,
  workloadEndpoints,
} from "./endpoints";
export type { ClusterModel } from "./endpoints";
