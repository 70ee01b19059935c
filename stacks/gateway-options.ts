import { EnvironmentConfig } from "../config/schema";
import { GatewayImplementation, gatewayImplementation } from "../constructs/kubernetes/addons/gateway-implementation";
import { INTERNET_SERVICE_TAG } from "../constructs/aks/aks-network";

/**
 * The environment's Gateway API implementation with its settings from config: controller replicas and the data
 * plane (node pool, replicas, exposure). The add-ons stack installs it; the config stack configures its proxies.
 */
export function platformGatewayImplementation(config: EnvironmentConfig): GatewayImplementation {
  const { gateway, controllerReplicas } = config.kubernetes;
  return gatewayImplementation(gateway.implementation, {
    replicas: controllerReplicas,
    dataPlane: {
      nodePool: gateway.dataPlane.nodePool,
      minReplicas: gateway.dataPlane.minReplicas,
      maxReplicas: gateway.dataPlane.maxReplicas,
      exposure: gateway.exposure,
    },
  });
}

/** Who may connect to the gateway: `kubernetes.gateway.clientRanges`, `[Internet]` for a public gateway by default. */
export function gatewayClientRanges(config: EnvironmentConfig): string[] {
  return [...(config.kubernetes.gateway.clientRanges ?? [INTERNET_SERVICE_TAG])];
}

/** The client ranges as addresses (NetworkPolicy ipBlocks): the internet is every IPv4 address. */
export function gatewayClientCidrs(config: EnvironmentConfig): string[] {
  return gatewayClientRanges(config).map((r) => (r === INTERNET_SERVICE_TAG ? "0.0.0.0/0" : r.includes("/") ? r : `${r}/32`));
}
