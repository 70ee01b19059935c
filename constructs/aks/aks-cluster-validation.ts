import { Construct } from "constructs";
import { IPV4, IPV4_CIDR, cidrContains, cidrOverlaps, cidrRange, hasHostBits } from "../core/cidr";
import { checkPattern, checkRange, collectProblems, isKnown, propError } from "../core/validation";
import type { AksApiServerProps, AksClusterNetworkProps, AksClusterProps } from "./aks-cluster";
import { AKS_DEFAULT_KUBERNETES_VERSION, AKS_KUBERNETES_SUPPORT, isSupportedKubernetesMinor } from "./kubernetes-versions";
import { AksUserNodePoolProps, poolSubnet, validatePool, validateUserPool } from "./aks-node-pools";

const DURATION = /^\d+(s|m|h)$/;

/** Throws on invalid {@link AksClusterProps}, naming every problem at once (unresolved tokens are skipped). */
export function validateAksClusterProps(scope: Construct, props: AksClusterProps, userPools: Record<string, AksUserNodePoolProps>, zones: string[]): void {
  collectProblems(scope, [
    () => validateNames(scope, props),
    () => validateKubernetesVersion(scope, props),
    () => {
      if (props.adminGroupObjectIds.length === 0) {
        throw propError(
          scope,
          "adminGroupObjectIds",
          "must list at least one Entra group (local accounts are disabled)",
          [],
          "add the object id of the cluster admin group.",
        );
      }
    },
    () => zones.forEach((zone) => checkPattern(scope, "availabilityZones", zone, /^[123]$/, '"1", "2" or "3"')),
    () => {
      validatePool(scope, "systemPool", props.systemPool, true);
      poolSubnet(scope, "systemPool", props.systemPool, props.nodeSubnets);
    },
    ...Object.entries(userPools).map(([key, pool]) => () => {
      validateUserPool(scope, key, pool);
      poolSubnet(scope, `userPools.${key}`, pool, props.nodeSubnets);
    }),
    () => validateNetwork(scope, props.network),
    () => validateApiServer(scope, props.apiServer),
    () => validateMaintenance(scope, props),
    () => validateAutoscaler(scope, props),
  ]);
}

function validateNames(scope: Construct, props: AksClusterProps): void {
  checkPattern(
    scope,
    "name",
    props.name,
    /^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/,
    "1-63 letters, digits, hyphens and underscores, starting and ending with a letter or digit",
  );
  checkPattern(
    scope,
    "dnsPrefix",
    props.dnsPrefix,
    /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/,
    "1-54 letters, digits and hyphens, starting and ending with a letter or digit",
  );
}

function validateKubernetesVersion(scope: Construct, props: AksClusterProps): void {
  checkPattern(
    scope,
    "kubernetesVersion",
    props.kubernetesVersion,
    /^1\.\d{1,2}$/,
    `a minor version such as "${AKS_DEFAULT_KUBERNETES_VERSION}" (no patch: patches are automatic)`,
  );
  if (isKnown(props.kubernetesVersion) && !isSupportedKubernetesMinor(props.kubernetesVersion)) {
    const { minimum, reviewed } = AKS_KUBERNETES_SUPPORT;
    throw propError(
      scope,
      "kubernetesVersion",
      `is older than ${minimum}, the oldest minor AKS supports for new clusters (calendar reviewed ${reviewed})`,
      props.kubernetesVersion,
      `use ${minimum} or newer (default ${AKS_DEFAULT_KUBERNETES_VERSION}).`,
    );
  }
}

function validateMaintenance(scope: Construct, props: AksClusterProps): void {
  for (const [which, w] of Object.entries(props.maintenance ?? {}).filter(([, v]) => v !== undefined)) {
    checkPattern(scope, `maintenance.${which}.startTime`, w.startTime, /^([01]\d|2[0-3]):[0-5]\d$/, "HH:mm (24-hour)");
    checkPattern(scope, `maintenance.${which}.utcOffset`, w.utcOffset, /^[+-](0\d|1[0-4]):[0-5]\d$/, "+HH:mm or -HH:mm");
    checkRange(scope, `maintenance.${which}.durationHours`, w.durationHours, 4, 24);
  }
}

function validateAutoscaler(scope: Construct, props: AksClusterProps): void {
  const as = props.autoscalerProfile ?? {};
  for (const field of ["scaleDownDelayAfterAdd", "scaleDownUnneeded"] as const) {
    checkPattern(scope, `autoscalerProfile.${field}`, as[field], DURATION, 'a duration such as "10m"');
  }
  const threshold = as.scaleDownUtilizationThreshold;
  if (threshold !== undefined && isKnown(threshold) && !(threshold > 0 && threshold <= 1)) {
    throw propError(scope, "autoscalerProfile.scaleDownUtilizationThreshold", "must be greater than 0 and at most 1", threshold, "use e.g. 0.5.");
  }
}

function validateNetwork(scope: Construct, network: AksClusterNetworkProps): void {
  const { podCidr, serviceCidr, dnsServiceIp } = network;
  for (const [prop, range] of [
    ["network.podCidr", podCidr],
    ["network.serviceCidr", serviceCidr],
  ] as const) {
    if (!isKnown(range)) continue;
    if (!IPV4_CIDR.test(range)) throw propError(scope, prop, "must be an IPv4 CIDR", range, "use a range such as 10.244.0.0/16.");
    if (hasHostBits(range)) throw propError(scope, prop, "has host bits set", range, "use the network address of the range.");
  }
  if (isKnown(serviceCidr) && Number(serviceCidr.split("/")[1]) < 12) {
    throw propError(scope, "network.serviceCidr", "must be /12 or smaller", serviceCidr, "use e.g. a /16.");
  }
  if (isKnown(podCidr) && isKnown(serviceCidr) && cidrOverlaps(podCidr, serviceCidr)) {
    throw propError(scope, "network.serviceCidr", `overlaps network.podCidr (${podCidr})`, serviceCidr, "choose non-overlapping pod and service ranges.");
  }
  if (!isKnown(dnsServiceIp)) return;
  if (!IPV4.test(dnsServiceIp))
    throw propError(scope, "network.dnsServiceIp", "must be an IPv4 address", dnsServiceIp, "use e.g. the .10 address of serviceCidr.");
  if (!isKnown(serviceCidr)) return;
  if (!cidrContains(serviceCidr, `${dnsServiceIp}/32`)) {
    throw propError(
      scope,
      "network.dnsServiceIp",
      `must lie inside network.serviceCidr ${serviceCidr}`,
      dnsServiceIp,
      "use e.g. the .10 address of serviceCidr.",
    );
  }
  if (cidrRange(`${dnsServiceIp}/32`).first - cidrRange(serviceCidr).first < 2) {
    throw propError(
      scope,
      "network.dnsServiceIp",
      "must not be the network address or the first address (the kubernetes service)",
      dnsServiceIp,
      "use e.g. the .10 address of serviceCidr.",
    );
  }
}

function validateApiServer(scope: Construct, api: AksApiServerProps): void {
  if (!api.publicNetworkAccess) return;
  if (api.allowedIpRanges.length === 0) {
    throw propError(
      scope,
      "apiServer.allowedIpRanges",
      "must list at least one range",
      [],
      "add your admin and CI egress ranges, or use { publicNetworkAccess: false }.",
    );
  }
  for (const range of api.allowedIpRanges.filter(isKnown)) {
    if (!IPV4.test(range) && !IPV4_CIDR.test(range)) {
      throw propError(scope, "apiServer.allowedIpRanges", "must hold IPv4 addresses or CIDRs", range, "use e.g. 203.0.113.0/24.");
    }
    if (range.endsWith("/0")) {
      throw propError(
        scope,
        "apiServer.allowedIpRanges",
        "must not admit the whole internet",
        range,
        "list specific ranges, or use { publicNetworkAccess: false }.",
      );
    }
  }
}
