/**
 * The offline NetworkPolicy reachability analyzer, as the namespace `reachability` (its vocabulary, e.g.
 * `Namespace`, `Endpoint`, `WORKLOAD_KINDS`, `NAMESPACE_NAME_LABEL`, shares names with the Kubernetes constructs),
 * and its analyzer class at the top level.
 */
export * as reachability from "../review/reachability";
export { ReachabilityAnalyzer } from "../review/reachability";
