import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { sourceImage } from "../constructs/kubernetes/image-references";

/** Microsoft's registry, which AKS's own components outside kube-system pull from. */
export const MICROSOFT_CONTAINER_REGISTRY = "mcr.microsoft.com";

/** The login server of the environment's registry (derived from its name, so known at synth). */
export function registryLoginServer(config: EnvironmentConfig): string {
  return `${new ResourceNames(config).aksNames().containerRegistry.toLowerCase()}.azurecr.io`;
}

/**
 * The application images to bring into the registry, once each, sorted: each is imported under its own full
 * reference (`az acr import --name <registry> --source <image> --image <image>`), which is where
 * `mirroredImage` points the pods.
 */
export function registryImports(config: EnvironmentConfig): string[] {
  return [...new Set(Object.values(config.kubernetes.apps).flatMap((a) => Object.values(a.workloads).map((w) => sourceImage(w.image))))].sort();
}
