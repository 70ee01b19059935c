/**
 * azure-platform-iac: CDK for Terraform constructs for an Azure medallion data platform and a secure AKS platform,
 * the policy pack that checks synthesized stacks, and the Kubernetes NetworkPolicy reachability analyzer.
 *
 * The public API is what this file exports (one file per area in `exports/`, each naming what it re-exports).
 * Everything else (validation helpers, vendored-schema loaders, rendering and naming helpers, the environment
 * stacks and their config) is internal and may change without notice. See README "Use the constructs from another
 * repository".
 */
export * from "./exports/core";
export * from "./exports/network";
export * from "./exports/observability";
export * from "./exports/security";
export * from "./exports/delivery";
export * from "./exports/data";
export * from "./exports/data-factory";
export * from "./exports/aks";
export * from "./exports/kubernetes";
export * from "./exports/policies";
export * from "./exports/reachability";
