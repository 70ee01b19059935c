import { Testing } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { WorkloadContainer } from "../../../constructs/kubernetes/workload";

/** Synthesizes what `build` adds to a fresh scope and returns the parsed Terraform JSON. */
export function synth(build: (scope: Construct) => void): any {
  return JSON.parse(Testing.synthScope(build));
}

/** Every `kubernetes_manifest.manifest` of a synthesized scope, with the resource's depends_on alongside. */
export function manifests(out: any): any[] {
  return Object.values(out.resource?.kubernetes_manifest ?? {}).map((r: any) => r.manifest);
}

/** The one manifest of `kind` named `name`. */
export function manifestOf(out: any, kind: string, name: string): any {
  const found = manifests(out).filter((m) => m.kind === kind && m.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The kubernetes_manifest resource (with depends_on) holding the manifest of `kind` named `name`. */
export function resourceOf(out: any, kind: string, name: string): any {
  const found = Object.values(out.resource?.kubernetes_manifest ?? {}).filter((r: any) => r.manifest.kind === kind && r.manifest.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

export function warnings(construct: IConstruct): string[] {
  return construct.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

/** A valid container: pinned image, one http port, requests below limits, /tmp writable. */
export function webContainer(overrides: Partial<WorkloadContainer> = {}): WorkloadContainer {
  return {
    name: "web",
    image: "ghcr.io/example/web:1.4.2",
    ports: [{ name: "http", containerPort: 8080 }],
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    writablePaths: ["/tmp"],
    ...overrides,
  };
}
