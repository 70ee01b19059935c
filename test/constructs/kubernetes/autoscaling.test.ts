import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget as PdbModel } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Construct } from "constructs";
import {
  HORIZONTAL_AUTOSCALER_DEFAULTS,
  HPA_BEHAVIOR_DEFAULTS,
  HorizontalAutoscaler,
  HorizontalAutoscalerProps,
  POD_DISRUPTION_BUDGET_DEFAULTS,
  PodDisruptionBudget,
  PodDisruptionBudgetProps,
  addPodDisruptionBudget,
} from "../../../constructs/kubernetes/autoscaling";
import { KubeObject } from "../../../constructs/kubernetes/kube-object";
import { Workload, WorkloadProps } from "../../../constructs/kubernetes/workload";
import { manifestOf, manifests, resourceOf, synth, webContainer } from "./kube-test-helpers";

const workloadProps: WorkloadProps = { name: "web", namespace: "shop", tier: "frontend", containers: [webContainer()] };

function build(props: Partial<HorizontalAutoscalerProps> = {}, workload: Partial<WorkloadProps> = {}): { out: any; hpa: HorizontalAutoscaler; w: Workload } {
  let hpa: HorizontalAutoscaler | undefined;
  let w: Workload | undefined;
  const out = synth((scope) => {
    w = new Workload(scope, "Web", { ...workloadProps, ...workload });
    hpa = new HorizontalAutoscaler(scope, "Hpa", { target: w, maxReplicas: 10, cpuUtilization: 70, ...props });
  });
  return { out, hpa: hpa as HorizontalAutoscaler, w: w as Workload };
}

function buildPdb(props: Partial<PodDisruptionBudgetProps> = {}, workload: Partial<WorkloadProps> = { replicas: 3 }): any {
  return synth((scope) => {
    const w = new Workload(scope, "Web", { ...workloadProps, ...workload });
    new PodDisruptionBudget(scope, "Pdb", { workload: w, ...props });
  });
}

describe("HorizontalAutoscaler", () => {
  test("defaults: min 2, behavior, PDB, Deployment without replicas", () => {
    expect(HORIZONTAL_AUTOSCALER_DEFAULTS).toEqual({ minReplicas: 2, podDisruptionBudget: true });
    const { out, hpa, w } = build();
    const m = manifestOf(out, "HorizontalPodAutoscaler", "web");
    expect(m.apiVersion).toBe("autoscaling/v2");
    expect(m.metadata).toEqual({ name: "web", namespace: "shop", labels: { app: "web", tier: "frontend" } });
    expect(m.spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      behavior: {
        scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: "Max", policies: [{ type: "Percent", value: 50, periodSeconds: 60 }] },
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: "Max",
          policies: [
            { type: "Percent", value: 100, periodSeconds: 60 },
            { type: "Pods", value: 4, periodSeconds: 60 },
          ],
        },
      },
    });
    expect(m.spec.behavior).toEqual(HPA_BEHAVIOR_DEFAULTS);
    expect(manifestOf(out, "Deployment", "web").spec).not.toHaveProperty("replicas");
    expect(w.isAutoscaled).toBe(true);
    expect(w.minReplicas).toBe(2);
    expect(hpa.minReplicas).toBe(2);
    expect(hpa.maxReplicas).toBe(10);
    expect(hpa.podDisruptionBudget).toBeDefined();
    expect(manifestOf(out, "PodDisruptionBudget", "web").spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { app: "web", tier: "frontend" } },
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    });
    expect(resourceOf(out, "HorizontalPodAutoscaler", "web").depends_on).toEqual([expect.stringMatching(/^kubernetes_manifest\.Web/)]);
  });

  test("memory, pods metric and all together", () => {
    const { out } = build({ memoryUtilization: 80, podsMetric: { name: "http_requests_per_second", averageValue: "100" } });
    expect(manifestOf(out, "HorizontalPodAutoscaler", "web").spec.metrics).toEqual([
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
      { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
      { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", averageValue: "100" } } },
    ]);
  });

  test("pods metric alone", () => {
    const { out } = build({ cpuUtilization: undefined, podsMetric: { name: "queue_depth", averageValue: "500m" } });
    expect(manifestOf(out, "HorizontalPodAutoscaler", "web").spec.metrics).toHaveLength(1);
  });

  test("custom behavior replaces the defaults", () => {
    const behavior = { scaleDown: { stabilizationWindowSeconds: 600 } };
    const { out } = build({ behavior });
    expect(manifestOf(out, "HorizontalPodAutoscaler", "web").spec.behavior).toEqual(behavior);
  });

  test("minReplicas 1: no PodDisruptionBudget", () => {
    const { out, hpa } = build({ minReplicas: 1 });
    expect(manifests(out).map((m) => m.kind)).not.toContain("PodDisruptionBudget");
    expect(hpa.podDisruptionBudget).toBeUndefined();
  });

  test("podDisruptionBudget: false", () => {
    const { out } = build({ podDisruptionBudget: false });
    expect(manifests(out).map((m) => m.kind)).not.toContain("PodDisruptionBudget");
  });

  test("StatefulSet target", () => {
    const { out } = build({}, { name: "db", kind: "StatefulSet", tier: "database" });
    expect(manifestOf(out, "HorizontalPodAutoscaler", "db").spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "StatefulSet", name: "db" });
    expect(manifestOf(out, "StatefulSet", "db").spec).not.toHaveProperty("replicas");
  });

  test("every emitted manifest passes its model's schema", () => {
    const { hpa } = build({ memoryUtilization: 80, podsMetric: { name: "rps", averageValue: "10" } });
    const objects = KubeObject.allIn(hpa);
    expect(objects.map((o) => o.kind)).toEqual(["HorizontalPodAutoscaler", "PodDisruptionBudget"]);
    for (const o of objects) {
      const m = o.toManifest() as any;
      const model = m.kind === "HorizontalPodAutoscaler" ? new HorizontalPodAutoscaler(m) : new PdbModel(m);
      expect(() => model.validate()).not.toThrow();
    }
  });

  describe("fails", () => {
    test("when min > max or out of range", () => {
      expect(() => build({ minReplicas: 5, maxReplicas: 3 })).toThrow(/Hpa: minReplicas must be <= maxReplicas \(3\) \(got 5\)\. Fix: lower minReplicas/);
      expect(() => build({ minReplicas: 0 })).toThrow(/minReplicas must be a whole number from 1 to 1000/);
      expect(() => build({ maxReplicas: 0 })).toThrow(/maxReplicas must be a whole number from 1 to 1000/);
    });

    test("on utilization outside 1..100", () => {
      expect(() => build({ cpuUtilization: 0 })).toThrow(/cpuUtilization must be a whole number from 1 to 100/);
      expect(() => build({ memoryUtilization: 150 })).toThrow(/memoryUtilization must be a whole number from 1 to 100/);
    });

    test("without any metric", () => {
      expect(() => build({ cpuUtilization: undefined })).toThrow(/metrics must include at least one of cpuUtilization, memoryUtilization, podsMetric/);
    });

    test("on a bad pods metric", () => {
      expect(() => build({ podsMetric: { name: "rps", averageValue: "many" } })).toThrow(/podsMetric\.averageValue must be a Kubernetes quantity/);
      expect(() => build({ podsMetric: { name: "", averageValue: "1" } })).toThrow(/podsMetric\.name must not be empty/);
    });

    test("naming every problem of independent props at once", () => {
      expect(() => build({ minReplicas: 5, maxReplicas: 3, memoryUtilization: 150, podsMetric: { name: "", averageValue: "1" } })).toThrow(
        /Hpa: 3 problems:\n- \S*Hpa: minReplicas must be <= maxReplicas \(3\).*\n- \S*Hpa: memoryUtilization must be a whole number from 1 to 100.*\n- \S*Hpa: podsMetric\.name must not be empty.*$/,
      );
    });

    test("when the target is not a Workload", () => {
      expect(() =>
        synth((scope) => {
          new HorizontalAutoscaler(scope, "Hpa", { target: new Construct(scope, "NotAWorkload") as any, maxReplicas: 3, cpuUtilization: 70 });
        }),
      ).toThrow(/target must be a Workload construct/);
    });

    test("when a container lacks the request the metric needs", () => {
      const noCpu = webContainer({ resources: { requests: { cpu: "", memory: "128Mi" } as any, limits: { cpu: "1", memory: "256Mi" } } });
      expect(() =>
        synth((scope) => {
          const w = new Workload(scope, "Web", workloadProps);
          (w as any).containers = [noCpu];
          new HorizontalAutoscaler(scope, "Hpa", { target: w, maxReplicas: 3, cpuUtilization: 70 });
        }),
      ).toThrow(/cpuUtilization needs a cpu request on every container; web has none/);
    });

    test("when the workload also sets replicas", () => {
      expect(() => build({}, { replicas: 3 })).toThrow(/Web: replicas must not be set when .*Hpa autoscales the workload/);
    });

    test("on a second autoscaler for the same workload", () => {
      expect(() =>
        synth((scope) => {
          const w = new Workload(scope, "Web", workloadProps);
          new HorizontalAutoscaler(scope, "Hpa1", { target: w, maxReplicas: 3, cpuUtilization: 70 });
          new HorizontalAutoscaler(scope, "Hpa2", { target: w, maxReplicas: 3, cpuUtilization: 70 });
        }),
      ).toThrow(/one HPA per workload/);
    });
  });
});

describe("PodDisruptionBudget", () => {
  test("defaults: maxUnavailable 1, selector = pod labels, AlwaysAllow unhealthy eviction", () => {
    expect(POD_DISRUPTION_BUDGET_DEFAULTS).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" });
    const m = manifestOf(buildPdb(), "PodDisruptionBudget", "web");
    expect(m.apiVersion).toBe("policy/v1");
    expect(m.metadata.namespace).toBe("shop");
    expect(m.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: "web", tier: "frontend" } }, unhealthyPodEvictionPolicy: "AlwaysAllow" });
  });

  test("minAvailable, percentages", () => {
    expect(manifestOf(buildPdb({ minAvailable: 2 }), "PodDisruptionBudget", "web").spec).toMatchObject({ minAvailable: 2 });
    expect(manifestOf(buildPdb({ maxUnavailable: "50%" }), "PodDisruptionBudget", "web").spec).toMatchObject({ maxUnavailable: "50%" });
  });

  test("addPodDisruptionBudget adds one only for more than one replica", () => {
    let added: (PodDisruptionBudget | undefined)[] = [];
    const out = synth((scope) => {
      const one = new Workload(scope, "One", { ...workloadProps, name: "one" });
      const three = new Workload(scope, "Three", { ...workloadProps, name: "three", replicas: 3 });
      added = [addPodDisruptionBudget(scope, "PdbOne", one), addPodDisruptionBudget(scope, "PdbThree", three, { minAvailable: 2 })];
    });
    expect(added[0]).toBeUndefined();
    expect(added[1]).toBeDefined();
    expect(
      manifests(out)
        .filter((m) => m.kind === "PodDisruptionBudget")
        .map((m) => m.metadata.name),
    ).toEqual(["three"]);
  });

  describe("fails", () => {
    test("for a single-replica workload", () => {
      expect(() => buildPdb({}, {})).toThrow(/Pdb: workload must run more than one replica \(web runs at least 1\)/);
    });
    test("with both minAvailable and maxUnavailable", () => {
      expect(() => buildPdb({ minAvailable: 1, maxUnavailable: 1 })).toThrow(/minAvailable and maxUnavailable are mutually exclusive/);
    });
    test("naming every problem at once", () => {
      expect(() => buildPdb({ minAvailable: 1, maxUnavailable: 1 }, {})).toThrow(
        /Pdb: 2 problems:\n- \S*Pdb: minAvailable and maxUnavailable are mutually exclusive.*\n- \S*Pdb: workload must run more than one replica.*$/,
      );
    });
    test("with budgets that block or allow everything", () => {
      expect(() => buildPdb({ minAvailable: 3 })).toThrow(/minAvailable must be a whole number from 1 to 2 for this workload/);
      expect(() => buildPdb({ maxUnavailable: 0 })).toThrow(/maxUnavailable must be a whole number from 1 to 3/);
      expect(() => buildPdb({ maxUnavailable: "100%" })).toThrow(/maxUnavailable must be a count or a percentage from 1% to 99%/);
    });
  });
});
