import { Namespace as NamespaceModel } from "kubernetes-models/v1/Namespace";
import { dependable } from "cdktf";
import { Construct } from "constructs";
import { collectProblems, propError, warnOptOut } from "../core/validation";
import { checkDnsLabel, checkLabels } from "./k8s-names";
import { KubeObject } from "./kube-object";

/** Pod Security Standards levels, from most to least restrictive. */
export const POD_SECURITY_LEVELS = ["restricted", "baseline", "privileged"] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** Label prefix of the Pod Security Admission controller; only {@link Namespace} sets these labels. */
export const POD_SECURITY_LABEL_PREFIX = "pod-security.kubernetes.io/";

/** Props of {@link Namespace}. */
export interface NamespaceProps {
  /** Namespace name: a DNS label (at most 63 lowercase letters, digits and '-'). */
  readonly name: string;
  /**
   * Pod Security Standard the namespace enforces, audits and warns about (`pod-security.kubernetes.io/*` labels,
   * version `latest`). Anything below `restricted` adds a warning.
   * @default "restricted"
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Extra labels, e.g. the label the shared Gateway's `allowedRoutes.namespaces.selector` matches to admit routes.
   * Must not set `pod-security.kubernetes.io/*` (use `podSecurity`) nor `kubernetes.io/metadata.name` (set by the
   * API server).
   * @default {}
   */
  readonly labels?: Record<string, string>;
  /** @default {} */
  readonly annotations?: Record<string, string>;
}

export const NAMESPACE_DEFAULTS = {
  podSecurity: "restricted",
} as const satisfies Partial<NamespaceProps>;

/** Something that names a namespace: its name, or the {@link Namespace} construct (objects then depend on it). */
export type NamespaceRef = string | Namespace;

/** The namespace name of a {@link NamespaceRef}. */
export function namespaceName(ref: NamespaceRef): string {
  return typeof ref === "string" ? ref : ref.name;
}

/**
 * Makes `objects` apply after the namespace when `ref` is a {@link Namespace} construct (Terraform would otherwise
 * create them in parallel and fail on the missing namespace).
 */
export function dependOnNamespace(ref: NamespaceRef, ...objects: KubeObject[]): void {
  if (typeof ref === "string") return;
  for (const obj of objects) dependOn(obj, ref.object);
}

/** Makes `dependent` apply after `on` (Terraform `depends_on`). */
export function dependOn(dependent: KubeObject, on: KubeObject): void {
  dependent.resource.dependsOn = [...(dependent.resource.dependsOn ?? []), dependable(on.resource)];
}

/**
 * An application namespace with Pod Security Admission labels: by default the `restricted` standard is enforced,
 * audited and warned about, at version `latest`, so pods that run as root, escalate privileges or keep capabilities
 * are rejected by the API server.
 *
 * @example
 * ```ts
 * const shop = new Namespace(this, "ShopNamespace", { name: "shop", podSecurity: "restricted" });
 * ```
 */
export class Namespace extends Construct {
  public readonly name: string;
  public readonly podSecurity: PodSecurityLevel;
  /** All labels of the namespace, including the Pod Security labels. */
  public readonly labels: Readonly<Record<string, string>>;
  public readonly object: KubeObject;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    const podSecurity = props.podSecurity ?? NAMESPACE_DEFAULTS.podSecurity;
    const extra = props.labels ?? {};
    collectProblems(this, [
      () => {
        checkDnsLabel(this, "name", props.name);
        if (props.name.startsWith("kube-")) {
          throw propError(this, "name", "must not start with 'kube-' (reserved for Kubernetes system namespaces)", props.name, "choose another name.");
        }
      },
      () => {
        if (!POD_SECURITY_LEVELS.includes(podSecurity)) {
          throw propError(this, "podSecurity", `must be one of ${POD_SECURITY_LEVELS.join(", ")}`, podSecurity, 'use "restricted".');
        }
      },
      () => {
        checkLabels(this, "labels", extra);
        for (const key of Object.keys(extra)) {
          if (key.startsWith(POD_SECURITY_LABEL_PREFIX) || key === "kubernetes.io/metadata.name") {
            throw propError(this, "labels", `must not set ${key} (managed by the construct or the API server)`, key, "use podSecurity, or remove the label.");
          }
        }
      },
    ]);
    if (podSecurity !== "restricted") {
      warnOptOut(this, "podSecurity", `namespace ${props.name} admits pods that violate the restricted Pod Security Standard (${podSecurity})`);
    }
    this.name = props.name;
    this.podSecurity = podSecurity;
    this.labels = { ...extra, ...podSecurityLabels(podSecurity) };
    const annotations = props.annotations;
    this.object = new KubeObject(this, "Resource", {
      render: () =>
        new NamespaceModel({
          metadata: { name: this.name, labels: { ...this.labels }, ...(annotations ? { annotations } : {}) },
        }),
    });
  }
}

/** The Pod Security Admission labels for a level: enforce, audit and warn at version `latest`. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ["enforce", "audit", "warn"]) {
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}`] = level;
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}-version`] = "latest";
  }
  return labels;
}
