import { IIoK8sApiCoreV1PodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
import { IIoK8sApiCoreV1SecurityContext } from "kubernetes-models/v1/SecurityContext";
import { IConstruct } from "constructs";
import { checkRange, collectProblems, isKnown, propError } from "../core/validation";

/** The user, group and volume group pods run as. */
export interface PodIdentity {
  /**
   * UID of every container; non-zero, since the pod runs as non-root.
   * @default 10001
   */
  readonly runAsUser?: number;
  /** @default 10001 */
  readonly runAsGroup?: number;
  /**
   * Group that owns mounted volumes (emptyDir, persistent volumes).
   * @default 10001
   */
  readonly fsGroup?: number;
}

/** UID/GID outside the range distributions give to system and login users, as recommended for container images. */
export const POD_IDENTITY_DEFAULTS = {
  runAsUser: 10001,
  runAsGroup: 10001,
  fsGroup: 10001,
} as const satisfies Required<PodIdentity>;

/** Largest UID / GID Linux user namespaces accept. */
const MAX_ID = 2147483647;

/** Validates the identity; the UID must not be 0 (the restricted standard requires runAsNonRoot). */
export function checkPodIdentity(scope: IConstruct, prop: string, identity: PodIdentity): Required<PodIdentity> {
  const resolved = { ...POD_IDENTITY_DEFAULTS, ...identity };
  collectProblems(scope, [
    () => checkRange(scope, `${prop}.runAsUser`, resolved.runAsUser, 1, MAX_ID),
    () => checkRange(scope, `${prop}.runAsGroup`, resolved.runAsGroup, 0, MAX_ID),
    () => checkRange(scope, `${prop}.fsGroup`, resolved.fsGroup, 0, MAX_ID),
  ]);
  return resolved;
}

/**
 * Pod security context meeting the `restricted` Pod Security Standard: non-root, RuntimeDefault seccomp profile,
 * volume ownership changed only when the root does not already match (fast restarts with large volumes).
 */
export function podSecurityContext(identity: Required<PodIdentity>): IIoK8sApiCoreV1PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: identity.runAsUser,
    runAsGroup: identity.runAsGroup,
    fsGroup: identity.fsGroup,
    fsGroupChangePolicy: "OnRootMismatch",
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/**
 * Container security context meeting the `restricted` Pod Security Standard, plus a read-only root filesystem:
 * no privilege escalation, every capability dropped, non-root, RuntimeDefault seccomp.
 */
export function containerSecurityContext(): IIoK8sApiCoreV1SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

const BINARY_SUFFIX: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIX: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^(\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/**
 * The value of a Kubernetes resource quantity ("250m", "0.5", "512Mi", "1e3"), or undefined when it does not parse.
 * Negative quantities are rejected: no resource request or limit can be negative.
 */
export function parseQuantity(quantity: string | number): number | undefined {
  if (typeof quantity === "number") return Number.isFinite(quantity) && quantity >= 0 ? quantity : undefined;
  const match = QUANTITY.exec(quantity.trim() === quantity ? quantity : "");
  if (!match) return undefined;
  const value = Number(match[1]);
  const suffix = match[2] ?? "";
  if (suffix in BINARY_SUFFIX) return value * BINARY_SUFFIX[suffix];
  if (suffix in DECIMAL_SUFFIX) return value * DECIMAL_SUFFIX[suffix];
  return value * 10 ** Number(suffix.slice(1));
}

/** Parses a known quantity or throws the project's props error. */
export function checkQuantity(scope: IConstruct, prop: string, quantity: string): number | undefined {
  if (!isKnown(quantity)) return undefined;
  const value = parseQuantity(quantity);
  if (value === undefined) {
    throw propError(scope, prop, "must be a Kubernetes quantity (e.g. 250m, 0.5, 512Mi, 2Gi)", quantity, "write the amount with a valid suffix.");
  }
  return value;
}
