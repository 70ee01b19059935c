import { environmentRegistryHost } from "./registry-images";
import { EnvironmentConfig } from "../config/schema";
import { GatewayImplementation, gatewayImplementation } from "../constructs/kubernetes/addons/gateway-implementation";
import { INTERNET_SERVICE_TAG } from "../constructs/aks/aks-network";
import { splitAcmeNames } from "../constructs/kubernetes/cluster-issuers";

/**
 * The environment's Gateway API implementation with its settings from config: controller replicas and the data
 * plane (node pool, replicas, public or internal). The add-ons stack installs it; the config stack configures its proxies.
 */
export function platformGatewayImplementation(config: EnvironmentConfig): GatewayImplementation {
  const { gateway, controllerReplicas } = config.kubernetes;
  return gatewayImplementation(gateway.implementation, {
    replicas: controllerReplicas,
    imageMirror: environmentRegistryHost(config),
    chartSource: config.kubernetes.charts,
    dataPlane: {
      nodePool: gateway.dataPlane.nodePool,
      minReplicas: gateway.dataPlane.minReplicas,
      maxReplicas: gateway.dataPlane.maxReplicas,
      publicNetworkAccess: gateway.publicNetworkAccess,
    },
  });
}

/** Who may connect to the gateway: `kubernetes.gateway.allowedIpRanges`, `[Internet]` for a public gateway by default. */
export function gatewayClientRanges(config: EnvironmentConfig): string[] {
  return [...(config.kubernetes.gateway.allowedIpRanges ?? [INTERNET_SERVICE_TAG])];
}

/** The client ranges as addresses (NetworkPolicy ipBlocks): the internet is every IPv4 address. */
export function gatewayClientCidrs(config: EnvironmentConfig): string[] {
  return gatewayClientRanges(config).map((r) => (r === INTERNET_SERVICE_TAG ? "0.0.0.0/0" : r.includes("/") ? r : `${r}/32`));
}

/**
 * The names the environment's issuers may certify (the shared Gateway's hostname, the only Certificate the platform
 * requests), split into those solved with DNS-01 (in `aks.dnsZone`) and with HTTP-01.
 */
export function acmeDnsNames(config: EnvironmentConfig): { all: string[]; dns01Names: string[]; http01Names: string[] } {
  const all = [config.kubernetes.gateway.hostname];
  return { all, ...splitAcmeNames(all, config.aks.dnsZone?.name) };
}
