import { readFileSync } from "node:fs";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "constructs";
import { packageFile } from "../../core/package-files";
import { propError, warnOptOut } from "../../core/validation";

/**
 * The pinned Gateway API CRD bundle: the release whose `config/crd/<channel>/` folder is vendored in
 * `vendor/gateway-api/<version>/` (`npm run vendor:crds`). v1.6.1 is the bundle Envoy Gateway v1.9.1 is built and
 * tested against (its chart ships the same version), and cert-manager v1.21 builds against gateway-api v1.6.x.
 */
export const GATEWAY_API_BUNDLE = { version: "v1.6.1" } as const;

/**
 * Release channels of the Gateway API: `standard` holds the GA and beta APIs, with compatibility guarantees;
 * `experimental` adds alpha fields and kinds (annotated `gateway.networking.k8s.io/channel: experimental`).
 */
export type GatewayApiChannel = "standard" | "experimental";

/** Props of {@link GatewayApiCrds}. */
export interface GatewayApiCrdsProps {
  /**
   * The channel installed. `experimental` (alpha fields and kinds, no compatibility guarantee) adds a warning. The
   * bundle's safe-upgrades admission policy refuses experimental CRDs over standard ones: switching an existing
   * cluster to experimental needs that policy removed first (see its message).
   * @default "standard"
   */
  readonly channel?: GatewayApiChannel;
}

export const GATEWAY_API_CRDS_DEFAULTS = { channel: "standard" } as const satisfies GatewayApiCrdsProps;

/** A vendored bundle object (CRD, ValidatingAdmissionPolicy or its binding). */
interface BundleObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

/** Path of a vendored bundle file. */
export function gatewayApiBundlePath(channel: GatewayApiChannel, version: string = GATEWAY_API_BUNDLE.version): string {
  return packageFile("vendor", "gateway-api", version, `${channel}.json`);
}

/**
 * The objects of a vendored bundle, checked to be of that version, and its CRDs of that channel (the bundle's
 * safe-upgrades policy is annotated `standard` in both channels upstream).
 */
export function loadGatewayApiBundle(channel: GatewayApiChannel, version: string = GATEWAY_API_BUNDLE.version): BundleObject[] {
  const path = gatewayApiBundlePath(channel, version);
  const objects = JSON.parse(readFileSync(path, "utf8")) as BundleObject[];
  for (const o of objects) {
    const a = o.metadata.annotations ?? {};
    const channelOk = o.kind !== "CustomResourceDefinition" || a["gateway.networking.k8s.io/channel"] === channel;
    if (a["gateway.networking.k8s.io/bundle-version"] !== version || !channelOk) {
      throw new Error(
        `${path}: ${o.kind} ${o.metadata.name} is annotated ${a["gateway.networking.k8s.io/bundle-version"]}/${a["gateway.networking.k8s.io/channel"]}, not ${version}/${channel}. Fix: run npm run vendor:crds.`,
      );
    }
  }
  return objects;
}

/**
 * Terraform reads `${` and `%{` in any string of the JSON as template syntax; the bundle's CEL rules and
 * descriptions are data, so both are escaped (`$${`, `%%{`), which Terraform turns back into the literal text.
 */
export function escapeTemplateSyntax(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
  if (Array.isArray(value)) return value.map(escapeTemplateSyntax);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeTemplateSyntax(v)]));
  return value;
}

/**
 * The Gateway API CRDs as their own managed, upgradeable step: every object of the pinned bundle and channel
 * (the CRDs and the bundle's `safe-upgrades.gateway.networking.k8s.io` ValidatingAdmissionPolicy and binding)
 * becomes a `kubernetes_manifest`, applied server-side as the Gateway API project recommends. Bumping
 * {@link GATEWAY_API_BUNDLE} (and `npm run vendor:crds`) upgrades them in place on the next apply, which Helm never
 * does for the CRDs a chart ships in `crds/`. Destroying the stack deletes the CRDs and with them every Gateway and
 * route.
 *
 * @example
 * ```ts
 * new GatewayApiCrds(this, "GatewayApiCrds", { channel: "standard" });
 * ```
 */
export class GatewayApiCrds extends Construct {
  public readonly channel: GatewayApiChannel;
  public readonly bundleVersion: string = GATEWAY_API_BUNDLE.version;
  /** One `kubernetes_manifest` per bundle object, by `<kind>/<name>`. */
  public readonly objects: Record<string, Manifest> = {};
  /** Names of the CRDs installed (`<plural>.<group>`). */
  public readonly crdNames: string[];

  constructor(scope: Construct, id: string, props: GatewayApiCrdsProps = {}) {
    super(scope, id);
    const channel = props.channel ?? GATEWAY_API_CRDS_DEFAULTS.channel;
    if (channel !== "standard" && channel !== "experimental") {
      throw propError(this, "channel", "must be standard or experimental", channel, 'use "standard".');
    }
    if (channel === "experimental") {
      warnOptOut(this, "channel", "experimental Gateway API CRDs carry alpha fields and kinds without compatibility guarantees");
    }
    this.channel = channel;
    const objects = loadGatewayApiBundle(channel);
    for (const o of objects) {
      // Ids do not depend on the channel: switching channel updates the same objects in place.
      const key = `${o.kind}/${o.metadata.name}`;
      this.objects[key] = new Manifest(this, key.replace(/\//g, "-"), {
        manifest: escapeTemplateSyntax(o) as Record<string, unknown>,
        // Server-side apply takes the fields over from another manager, e.g. a Helm release that installed the
        // bundle before (see the README's upgrade steps), instead of failing on the conflict.
        fieldManager: { forceConflicts: true },
      });
    }
    this.crdNames = objects.filter((o) => o.kind === "CustomResourceDefinition").map((o) => o.metadata.name);
  }
}
