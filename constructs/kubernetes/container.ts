import { IIoK8sApiCoreV1Container } from "kubernetes-models/v1/Container";
import { IIoK8sApiCoreV1Probe } from "kubernetes-models/v1/Probe";
import { IIoK8sApiCoreV1Volume } from "kubernetes-models/v1/Volume";
import { IIoK8sApiCoreV1VolumeMount } from "kubernetes-models/v1/VolumeMount";
import { IConstruct } from "constructs";
import { checkRange, collectProblems, isKnown, propError } from "../core/validation";
import { checkDnsLabel, slug } from "./k8s-names";
import { checkQuantity, containerSecurityContext } from "./security-context";

export type PortProtocol = "TCP" | "UDP" | "SCTP";

/** Protocol of a port when none is given. */
export const DEFAULT_PORT_PROTOCOL: PortProtocol = "TCP";

/** A port a container listens on; the Service exposes it under the same name and number. */
export interface WorkloadPort {
  /** IANA service name: at most 15 lowercase letters, digits and '-', with at least one letter (e.g. "http"). */
  readonly name: string;
  readonly containerPort: number;
  /** @default "TCP" */
  readonly protocol?: PortProtocol;
}

/** CPU and memory quantities, e.g. `{ cpu: "250m", memory: "256Mi" }`. */
export interface ResourceQuantities {
  readonly cpu: string;
  readonly memory: string;
}

/** Requests (what the scheduler reserves, and the HPA's utilization base) and limits; requests <= limits. */
export interface ContainerResources {
  readonly requests: ResourceQuantities;
  readonly limits: ResourceQuantities;
}

/** An environment variable read from a Secret key. */
export interface SecretKeyRef {
  readonly secretKeyRef: { readonly name: string; readonly key: string };
}

export interface ContainerProbes {
  /** @default - none */
  readonly liveness?: IIoK8sApiCoreV1Probe;
  /** @default - none */
  readonly readiness?: IIoK8sApiCoreV1Probe;
  /** @default - none */
  readonly startup?: IIoK8sApiCoreV1Probe;
}

/** One container of a Workload. */
export interface WorkloadContainer {
  /** DNS label, unique in the pod. */
  readonly name: string;
  /** Image pinned by tag (not `latest`) or by digest (`@sha256:...`). */
  readonly image: string;
  /** @default [] - no ports, no Service */
  readonly ports?: WorkloadPort[];
  readonly resources: ContainerResources;
  /** Plain values or Secret key references. @default {} */
  readonly env?: Record<string, string | SecretKeyRef>;
  /**
   * Absolute paths that get an emptyDir volume, since the root filesystem is read-only (e.g. "/tmp").
   * @default []
   */
  readonly writablePaths?: string[];
  /** @default - no probes */
  readonly probes?: ContainerProbes;
  /** @default - the image's entrypoint */
  readonly command?: string[];
  /** @default - the image's arguments */
  readonly args?: string[];
}

const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Throws unless the image is pinned by a tag other than `latest`, or by a sha256 digest. */
export function checkImage(scope: IConstruct, prop: string, image: string): void {
  if (!isKnown(image)) return;
  const at = image.indexOf("@");
  if (at >= 0) {
    if (!/^sha256:[a-f0-9]{64}$/.test(image.slice(at + 1))) {
      throw propError(scope, prop, "has a malformed digest (expected @sha256: and 64 hex digits)", image, "copy the digest from the registry.");
    }
    return;
  }
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
  if (tag === undefined || tag === "latest") {
    throw propError(
      scope,
      prop,
      `must be pinned (${tag ? "`latest` moves" : "no tag means `latest`"})`,
      image,
      "use an immutable version tag (repo:1.2.3) or a digest (repo@sha256:...).",
    );
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw propError(scope, prop, "has an invalid tag", image, "use a tag of letters, digits, '_', '.', '-'.");
  }
}

/** Validates the containers of one pod, naming every problem at once; returns port numbers and protocols by port name. */
export function validateContainers(scope: IConstruct, containers: WorkloadContainer[]) {
  const ports: Record<string, number> = {};
  const protocols: Record<string, PortProtocol> = {};
  const names = new Set<string>();
  const volumeNames = new Set<string>();
  // Each container's name, image, ports, resources, env, writable paths and probes are checked on their own.
  const checks = containers.flatMap((c, i) => {
    const at = `containers[${i}]`;
    return [
      () => {
        checkDnsLabel(scope, `${at}.name`, c.name);
        if (names.has(c.name)) throw propError(scope, `${at}.name`, "is used by two containers", c.name, "give each container its own name.");
        names.add(c.name);
      },
      () => checkImage(scope, `${at}.image`, c.image),
      () => {
        for (const [j, p] of (c.ports ?? []).entries()) {
          if (isKnown(p.name) && !(p.name.length <= 15 && PORT_NAME.test(p.name))) {
            throw propError(
              scope,
              `${at}.ports[${j}].name`,
              "must be an IANA service name (at most 15 lowercase letters, digits, '-', with a letter)",
              p.name,
              'use e.g. "http" or "grpc".',
            );
          }
          checkRange(scope, `${at}.ports[${j}].containerPort`, p.containerPort, 1, 65535);
          if (p.name in ports) throw propError(scope, `${at}.ports[${j}].name`, "is declared twice in the pod", p.name, "give each port its own name.");
          const protocol = p.protocol ?? DEFAULT_PORT_PROTOCOL;
          if (Object.entries(ports).some(([n, num]) => num === p.containerPort && protocols[n] === protocol)) {
            throw propError(
              scope,
              `${at}.ports[${j}].containerPort`,
              `is declared twice in the pod for ${protocol}`,
              p.containerPort,
              "declare each port once.",
            );
          }
          ports[p.name] = p.containerPort;
          protocols[p.name] = protocol;
        }
      },
      ...(["cpu", "memory"] as const).map((res) => () => checkResource(scope, `${at}.resources`, c.resources, res)),
      () => {
        for (const name of Object.keys(c.env ?? {})) {
          if (!ENV_NAME.test(name))
            throw propError(scope, `${at}.env`, "has an invalid variable name", name, "use letters, digits, '_', '-', '.', not starting with a digit.");
        }
      },
      () => {
        const paths = new Set<string>();
        for (const path of c.writablePaths ?? []) {
          if (!path.startsWith("/") || path === "/")
            throw propError(scope, `${at}.writablePaths`, "must hold absolute paths other than /", path, 'use e.g. "/tmp".');
          if (paths.has(path)) throw propError(scope, `${at}.writablePaths`, "lists a path twice", path, "list each path once.");
          paths.add(path);
          const volume = writableVolumeName(c.name, path);
          if (volumeNames.has(volume))
            throw propError(scope, `${at}.writablePaths`, `maps to volume name ${volume} already in use`, path, "use distinct paths.");
          volumeNames.add(volume);
        }
      },
      () => {
        for (const [kind, probe] of Object.entries(c.probes ?? {})) {
          const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
          if (typeof port === "string" && !(c.ports ?? []).some((p) => p.name === port)) {
            throw propError(
              scope,
              `${at}.probes.${kind}`,
              `uses port ${port}, which the container does not declare`,
              port,
              "reference a declared port name or a number.",
            );
          }
        }
      },
    ];
  });
  collectProblems(scope, checks);
  return { ports, protocols };
}

/** Throws unless a container's request of `res` is a quantity above 0 and at most its limit. */
function checkResource(scope: IConstruct, at: string, resources: ContainerResources, res: "cpu" | "memory"): void {
  const { requests, limits } = resources;
  const req = checkQuantity(scope, `${at}.requests.${res}`, requests[res]);
  const lim = checkQuantity(scope, `${at}.limits.${res}`, limits[res]);
  if (req === 0) throw propError(scope, `${at}.requests.${res}`, "must be greater than 0", requests[res], "request what the container needs at rest.");
  if (req !== undefined && lim !== undefined && req > lim) {
    throw propError(scope, `${at}.requests.${res}`, `must be <= limits.${res} (${limits[res]})`, requests[res], `lower the request or raise the limit.`);
  }
}

/** Name of the emptyDir volume backing a writable path of a container. */
export function writableVolumeName(container: string, path: string): string {
  return slug(`${container}-${slug(path) || "root"}`, 63);
}

/** The emptyDir volumes backing the writable paths of a container. */
export function writableVolumes(c: WorkloadContainer): IIoK8sApiCoreV1Volume[] {
  return (c.writablePaths ?? []).map((path) => ({ name: writableVolumeName(c.name, path), emptyDir: {} }));
}

/** The container spec: hardened security context, resources, env, ports, writable mounts plus `extraMounts`. */
export function renderContainer(c: WorkloadContainer, extraMounts: IIoK8sApiCoreV1VolumeMount[] = []): IIoK8sApiCoreV1Container {
  const mounts = [...(c.writablePaths ?? []).map((path) => ({ name: writableVolumeName(c.name, path), mountPath: path })), ...extraMounts];
  const env = Object.entries(c.env ?? {}).map(([name, value]) =>
    typeof value === "string" ? { name, value } : { name, valueFrom: { secretKeyRef: { name: value.secretKeyRef.name, key: value.secretKeyRef.key } } },
  );
  return {
    name: c.name,
    image: c.image,
    ...(c.command ? { command: [...c.command] } : {}),
    ...(c.args ? { args: [...c.args] } : {}),
    ...(c.ports && c.ports.length > 0
      ? { ports: c.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? DEFAULT_PORT_PROTOCOL })) }
      : {}),
    ...(env.length > 0 ? { env } : {}),
    resources: {
      requests: { cpu: c.resources.requests.cpu, memory: c.resources.requests.memory },
      limits: { cpu: c.resources.limits.cpu, memory: c.resources.limits.memory },
    },
    securityContext: containerSecurityContext(),
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    ...(c.probes?.liveness ? { livenessProbe: c.probes.liveness } : {}),
    ...(c.probes?.readiness ? { readinessProbe: c.probes.readiness } : {}),
    ...(c.probes?.startup ? { startupProbe: c.probes.startup } : {}),
  };
}
