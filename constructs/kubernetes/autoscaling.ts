import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { IIoK8sApiAutoscalingV2HorizontalPodAutoscalerBehavior } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscalerBehavior";
import { IIoK8sApiAutoscalingV2MetricSpec } from "kubernetes-models/autoscaling/v2/MetricSpec";
import { PodDisruptionBudget as PodDisruptionBudgetModel } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Construct } from "constructs";
import { checkRange, collectProblems, isKnown, propError } from "../core/validation";
import { KubeObject } from "./kube-object";
import { dependOn } from "./namespace";
import { checkQuantity } from "./security-context";
import { WORKLOAD_KINDS, Workload } from "./workload";

/** A per-pod custom metric (served by a custom metrics adapter, e.g. KEDA or Prometheus Adapter). */
export interface PodsMetric {
  /** Metric name, e.g. "http_requests_per_second". */
  readonly name: string;
  /** Target average per pod, as a quantity, e.g. "100" or "500m". */
  readonly averageValue: string;
}

/** Props of {@link HorizontalAutoscaler}. */
export interface HorizontalAutoscalerProps {
  /** The Deployment or StatefulSet to scale; it must not set `replicas`. */
  readonly target: Workload;
  /**
   * Fewest replicas (>= 1). Two or more keep the service up during node drains and zone loss.
   * @default 2
   */
  readonly minReplicas?: number;
  /** Most replicas (>= minReplicas). */
  readonly maxReplicas: number;
  /** Target average CPU utilization, percent of the CPU request (1-100). @default - no CPU metric */
  readonly cpuUtilization?: number;
  /** Target average memory utilization, percent of the memory request (1-100). @default - no memory metric */
  readonly memoryUtilization?: number;
  /** @default - no custom metric */
  readonly podsMetric?: PodsMetric;
  /**
   * Scaling behavior; replaces the defaults entirely when given.
   * @default HPA_BEHAVIOR_DEFAULTS - scale down after 5 minutes by at most 50% a minute; scale up at once by the
   * larger of 100% or 4 pods a minute
   */
  readonly behavior?: IIoK8sApiAutoscalingV2HorizontalPodAutoscalerBehavior;
  /**
   * Adds a {@link PodDisruptionBudget} (maxUnavailable 1) when minReplicas > 1.
   * @default true
   */
  readonly podDisruptionBudget?: boolean;
}

/** Slow, bounded scale-down (avoids flapping on bursty load) and fast scale-up. */
export const HPA_BEHAVIOR_DEFAULTS = {
  scaleDown: {
    stabilizationWindowSeconds: 300,
    selectPolicy: "Max",
    policies: [{ type: "Percent", value: 50, periodSeconds: 60 }],
  },
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
      { type: "Percent", value: 100, periodSeconds: 60 },
      { type: "Pods", value: 4, periodSeconds: 60 },
    ],
  },
} as const satisfies IIoK8sApiAutoscalingV2HorizontalPodAutoscalerBehavior;

export const HORIZONTAL_AUTOSCALER_DEFAULTS = {
  minReplicas: 2,
  podDisruptionBudget: true,
} as const satisfies Partial<HorizontalAutoscalerProps>;

/**
 * An autoscaling/v2 HorizontalPodAutoscaler for a {@link Workload}, which then omits `replicas` from its manifest.
 * Validates the target kind, the replica range, the metric targets, and that every container requests each
 * resource the HPA measures (utilization is a percentage of the request). Adds a PodDisruptionBudget by default
 * when more than one replica always runs.
 *
 * @example
 * ```ts
 * new HorizontalAutoscaler(this, "FrontendAutoscaler", { target: frontend, minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 });
 * ```
 */
export class HorizontalAutoscaler extends Construct {
  public readonly target: Workload;
  public readonly minReplicas: number;
  public readonly maxReplicas: number;
  public readonly object: KubeObject;
  /** The PodDisruptionBudget added for the target, if any. */
  public readonly podDisruptionBudget?: PodDisruptionBudget;

  constructor(scope: Construct, id: string, props: HorizontalAutoscalerProps) {
    super(scope, id);
    const target = props.target;
    const minReplicas = props.minReplicas ?? HORIZONTAL_AUTOSCALER_DEFAULTS.minReplicas;
    const resources = [
      ...(props.cpuUtilization !== undefined ? (["cpu"] as const) : []),
      ...(props.memoryUtilization !== undefined ? (["memory"] as const) : []),
    ];
    collectProblems(this, [
      () => {
        if (!Workload.isWorkload(target)) {
          throw propError(this, "target", "must be a Workload construct", typeof target, "pass the Workload to scale.");
        }
        if (!WORKLOAD_KINDS.includes(target.kind)) {
          throw propError(this, "target", "must be a Deployment or StatefulSet", target.kind, "autoscale a Deployment or StatefulSet.");
        }
        for (const resource of resources) {
          for (const c of target.containers) {
            if (!c.resources?.requests?.[resource]) {
              throw propError(
                this,
                `${resource}Utilization`,
                `needs a ${resource} request on every container; ${c.name} has none`,
                c.resources?.requests,
                `set resources.requests.${resource} on ${c.name}.`,
              );
            }
          }
        }
      },
      () => {
        checkRange(this, "minReplicas", minReplicas, 1, 1000);
        checkRange(this, "maxReplicas", props.maxReplicas, 1, 1000);
        if (isKnown(minReplicas) && isKnown(props.maxReplicas) && minReplicas > props.maxReplicas) {
          throw propError(this, "minReplicas", `must be <= maxReplicas (${props.maxReplicas})`, minReplicas, "lower minReplicas or raise maxReplicas.");
        }
      },
      () => checkRange(this, "cpuUtilization", props.cpuUtilization, 1, 100),
      () => checkRange(this, "memoryUtilization", props.memoryUtilization, 1, 100),
      () => {
        if (props.cpuUtilization === undefined && props.memoryUtilization === undefined && props.podsMetric === undefined) {
          throw propError(this, "metrics", "must include at least one of cpuUtilization, memoryUtilization, podsMetric", {}, "set e.g. cpuUtilization: 70.");
        }
      },
      () => {
        if (props.podsMetric && !props.podsMetric.name)
          throw propError(this, "podsMetric.name", "must not be empty", props.podsMetric.name, "name the metric.");
      },
      () => {
        if (!props.podsMetric) return;
        const value = checkQuantity(this, "podsMetric.averageValue", props.podsMetric.averageValue);
        if (value === 0) throw propError(this, "podsMetric.averageValue", "must be greater than 0", props.podsMetric.averageValue, "set the target per pod.");
      },
    ]);

    this.target = target;
    this.minReplicas = minReplicas;
    this.maxReplicas = props.maxReplicas;
    target.markAutoscaled(this, minReplicas);

    const metrics: IIoK8sApiAutoscalingV2MetricSpec[] = [];
    if (props.cpuUtilization !== undefined) {
      metrics.push({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: props.cpuUtilization } } });
    }
    if (props.memoryUtilization !== undefined) {
      metrics.push({ type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: props.memoryUtilization } } });
    }
    if (props.podsMetric) {
      metrics.push({
        type: "Pods",
        pods: { metric: { name: props.podsMetric.name }, target: { type: "AverageValue", averageValue: props.podsMetric.averageValue } },
      });
    }
    const behavior = props.behavior ?? HPA_BEHAVIOR_DEFAULTS;
    this.object = new KubeObject(this, "Resource", {
      render: () =>
        new HorizontalPodAutoscaler({
          metadata: { name: target.name, namespace: target.namespace, labels: { ...target.podLabels } },
          spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: target.kind, name: target.name },
            minReplicas,
            maxReplicas: props.maxReplicas,
            metrics,
            behavior: JSON.parse(JSON.stringify(behavior)),
          },
        }),
    });
    dependOn(this.object, target.object);

    if (props.podDisruptionBudget ?? HORIZONTAL_AUTOSCALER_DEFAULTS.podDisruptionBudget) {
      this.podDisruptionBudget = addPodDisruptionBudget(this, "PodDisruptionBudget", target);
    }
  }
}

/** Props of {@link PodDisruptionBudget}. Set at most one of minAvailable and maxUnavailable. */
export interface PodDisruptionBudgetProps {
  /** A workload that always runs more than one replica. */
  readonly workload: Workload;
  /** Pods that must stay available (count or percentage "50%"). @default - maxUnavailable 1 is used */
  readonly minAvailable?: number | string;
  /** Pods that may be evicted at once (count or percentage). @default 1 */
  readonly maxUnavailable?: number | string;
}

export const POD_DISRUPTION_BUDGET_DEFAULTS = {
  maxUnavailable: 1,
  /** Evicts crash-looping pods even when the budget is exhausted, so they cannot block node drains. */
  unhealthyPodEvictionPolicy: "AlwaysAllow",
} as const;

/**
 * A policy/v1 PodDisruptionBudget selecting the workload's pod labels: voluntary disruptions (node drains, cluster
 * upgrades) evict at most `maxUnavailable` pods at a time. Only for workloads with more than one replica: with one,
 * a budget either blocks drains forever or protects nothing.
 *
 * @example
 * ```ts
 * new PodDisruptionBudget(this, "FrontendBudget", { workload: frontend, maxUnavailable: 1 });
 * ```
 */
export class PodDisruptionBudget extends Construct {
  public readonly object: KubeObject;

  constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, id);
    const workload = props.workload;
    const replicated = workload.minReplicas > 1;
    collectProblems(this, [
      () => {
        if (props.minAvailable !== undefined && props.maxUnavailable !== undefined) {
          throw propError(this, "minAvailable", "and maxUnavailable are mutually exclusive", props.minAvailable, "set only one of them.");
        }
      },
      () => {
        if (replicated) return;
        throw propError(
          this,
          "workload",
          `must run more than one replica (${workload.name} runs at least ${workload.minReplicas})`,
          workload.minReplicas,
          "raise replicas/minReplicas to 2 or more, or drop the budget.",
        );
      },
      // A budget's bounds come from the workload's replicas, so they are checked only when it has several.
      () => replicated && checkBudget(this, "minAvailable", props.minAvailable, workload.minReplicas - 1),
      () => replicated && checkBudget(this, "maxUnavailable", props.maxUnavailable, workload.minReplicas),
    ]);
    const budget =
      props.minAvailable !== undefined
        ? { minAvailable: props.minAvailable }
        : { maxUnavailable: props.maxUnavailable ?? POD_DISRUPTION_BUDGET_DEFAULTS.maxUnavailable };
    this.object = new KubeObject(this, "Resource", {
      render: () =>
        new PodDisruptionBudgetModel({
          metadata: { name: workload.name, namespace: workload.namespace, labels: { ...workload.podLabels } },
          spec: {
            ...budget,
            selector: { matchLabels: { ...workload.podLabels } },
            unhealthyPodEvictionPolicy: POD_DISRUPTION_BUDGET_DEFAULTS.unhealthyPodEvictionPolicy,
          },
        }),
    });
    dependOn(this.object, workload.object);
  }
}

/** Adds a PodDisruptionBudget for the workload only when it always runs more than one replica. */
export function addPodDisruptionBudget(
  scope: Construct,
  id: string,
  workload: Workload,
  budget: Omit<PodDisruptionBudgetProps, "workload"> = {},
): PodDisruptionBudget | undefined {
  if (workload.minReplicas <= 1) return undefined;
  return new PodDisruptionBudget(scope, id, { ...budget, workload });
}

/** A count must be 1..max (a budget that allows nothing or everything is a mistake); a percentage 1%..99%. */
function checkBudget(scope: Construct, prop: string, value: number | string | undefined, max: number): void {
  if (value === undefined || !isKnown(value)) return;
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw propError(scope, prop, `must be a whole number from 1 to ${max} for this workload`, value, `set ${prop} between 1 and ${max}.`);
    }
    return;
  }
  const match = /^([0-9]{1,2})%$/.exec(value);
  if (!match || Number(match[1]) < 1) throw propError(scope, prop, "must be a count or a percentage from 1% to 99%", value, 'use e.g. 1 or "50%".');
}
