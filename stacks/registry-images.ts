import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { registryLoginServer } from "../constructs/aks/container-registry";
import { certManagerImages } from "../constructs/kubernetes/addons/cert-manager";
import { envoyGatewayImages } from "../constructs/kubernetes/addons/envoy-gateway";
import { sourceImage } from "../constructs/kubernetes/image-references";
import { workloadBackups } from "./workload-backups";

/** The login server of the environment's registry (derived from its name, so known at synth). */
export function environmentRegistryHost(config: EnvironmentConfig): string {
  return registryLoginServer(new ResourceNames(config).aksNames().containerRegistry);
}

/** One `az acr import`: the source reference, and the target tag (or, for an image pinned by digest only, repository). */
export interface RegistryImport {
  readonly source: string;
  readonly image?: string;
  readonly repository?: string;
}

/**
 * The images to bring into the registry, the applications', the backups' uploader and the charts', once each,
 * sorted: each is imported under its own full reference, which is where `mirroredImage` points the pods. A digest stays in the source (the import copies exactly
 * those bytes); the target is a tag (`--image`), or the repository alone (`--repository`) for a digest without one.
 */
export function registryImports(config: EnvironmentConfig): RegistryImport[] {
  const apps = Object.values(config.kubernetes.apps).flatMap((a) => Object.values(a.workloads).map((w) => sourceImage(w.image)));
  const backups = workloadBackups(config).length > 0 && config.kubernetes.backups ? [sourceImage(config.kubernetes.backups.uploaderImage)] : [];
  // The charts' images (the platform pins their versions; the gateway's only when it is Envoy Gateway, the one
  // implementation there is).
  const charts = [...certManagerImages(), ...envoyGatewayImages()];
  const sources = [...new Set([...apps, ...backups, ...charts])].sort();
  return sources.map((source) => {
    const withoutDigest = source.split("@")[0];
    const hasTag = /:[^/]+$/.test(withoutDigest);
    return hasTag ? { source, image: withoutDigest } : { source, repository: withoutDigest };
  });
}
