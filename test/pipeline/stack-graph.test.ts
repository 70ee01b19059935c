import { join } from "node:path";
import { dependentsOf, environmentOf, isPipelineStack, orderStacks, readStackGraph, stackWaves } from "../../pipeline/stack-graph";
import { environmentStacks, tempDir, writeFakeOut, writeManifest } from "./pipeline-fixture";

const manifestEntry = (name: string, dependencies: string[] = []) => ({
  name,
  dependencies,
  synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
  workingDirectory: `stacks/${name}`,
});

describe("readStackGraph", () => {
  test("reads stacks, sorted dependencies and paths from the manifest", () => {
    const graph = readStackGraph(writeFakeOut({ ...environmentStacks("dev"), "dev-x": { dependencies: ["dev-k8s-config", "dev-aks"] } }));
    expect([...graph.stacks.keys()]).toEqual(["dev-aks", "dev-data", "dev-databricks", "dev-k8s-addons", "dev-k8s-config", "dev-x"]);
    expect(graph.stacks.get("dev-x")).toEqual({
      name: "dev-x",
      dependencies: ["dev-aks", "dev-k8s-config"],
      workingDirectory: "stacks/dev-x",
      synthesizedStackPath: "stacks/dev-x/cdk.tf.json",
    });
  });

  test("fails on a dependency on an unknown stack, naming the file, both stacks and the fix", () => {
    const outdir = writeManifest({ version: "0.21.0", stacks: { x: manifestEntry("x", ["y"]) } });
    expect(() => readStackGraph(outdir)).toThrow(`${join(outdir, "manifest.json")}: stack "x" depends on unknown stack "y". Fix: synthesize again.`);
  });

  test("fails on a dependency cycle, naming the cycle", () => {
    const outdir = writeManifest({
      stacks: { a: manifestEntry("a", ["b"]), b: manifestEntry("b", ["c"]), c: manifestEntry("c", ["a"]), d: manifestEntry("d", ["a"]) },
    });
    expect(() => readStackGraph(outdir)).toThrow(/manifest\.json: stacks depend on each other in a cycle \(a -> b -> c -> a\).*Fix:/);
  });

  test("fails on a stack that depends on itself", () => {
    const outdir = writeManifest({ stacks: { a: manifestEntry("a", ["a"]) } });
    expect(() => readStackGraph(outdir)).toThrow("(a -> a)");
  });

  test("fails when the manifest is missing, is not JSON, or has malformed fields", () => {
    const empty = tempDir();
    expect(() => readStackGraph(empty)).toThrow(`${join(empty, "manifest.json")} does not exist. Fix: synthesize first`);
    expect(() => readStackGraph(writeManifest({ version: "0.21.0" }))).toThrow(/"stacks" is missing or not an object\. Fix:/);
    expect(() => readStackGraph(writeManifest({ stacks: { a: { ...manifestEntry("a"), dependencies: "b" } } }))).toThrow(
      /stack "a": dependencies is "b", not a list of stack names\. Fix:/,
    );
    expect(() => readStackGraph(writeManifest({ stacks: { a: { ...manifestEntry("a"), workingDirectory: 3 } } }))).toThrow(
      /stack "a": workingDirectory is 3, not a path\. Fix:/,
    );
  });
});

describe("stack names", () => {
  test("bootstrap is never a pipeline stack; environment stacks are", () => {
    expect(isPipelineStack("bootstrap")).toBe(false);
    expect(isPipelineStack("dev-data")).toBe(true);
  });

  test("environmentOf takes the prefix of <env>-<kind>, and fails for other names with the fix", () => {
    expect(environmentOf("dev-k8s-addons")).toBe("dev");
    expect(environmentOf("prod-data")).toBe("prod");
    expect(() => environmentOf("bootstrap")).toThrow(/stack "bootstrap" is not named <env>-<kind>.*Fix:/);
    expect(() => environmentOf("Weird")).toThrow(/Fix:/);
  });
});

describe("ordering", () => {
  const graph = readStackGraph(writeFakeOut({ ...environmentStacks("dev"), ...environmentStacks("prod"), bootstrap: {} }));

  test("orderStacks puts dependencies first, ties broken by name, and leaves bootstrap out by default", () => {
    expect(orderStacks(graph)).toEqual([
      "dev-data",
      "dev-aks",
      "dev-databricks",
      "dev-k8s-addons",
      "dev-k8s-config",
      "prod-data",
      "prod-aks",
      "prod-databricks",
      "prod-k8s-addons",
      "prod-k8s-config",
    ]);
  });

  test("orderStacks keeps transitive order when an intermediate stack is not selected", () => {
    expect(orderStacks(graph, ["dev-k8s-config", "dev-data", "dev-k8s-addons"])).toEqual(["dev-data", "dev-k8s-addons", "dev-k8s-config"]);
  });

  test("fails on a stack that is not in the manifest", () => {
    expect(() => orderStacks(graph, ["dev-data", "qa-data"])).toThrow(/stack "qa-data" is not in .*manifest\.json.*Fix:/);
  });

  test("stackWaves runs independent chains in parallel", () => {
    expect(stackWaves(graph, Object.keys(environmentStacks("dev")))).toEqual([
      ["dev-data"],
      ["dev-aks", "dev-databricks"],
      ["dev-k8s-addons"],
      ["dev-k8s-config"],
    ]);
    expect(stackWaves(graph).map((w) => w.length)).toEqual([2, 4, 2, 2]);
  });

  test("stackWaves of a subset: dependencies outside it count as deployed", () => {
    expect(stackWaves(graph, ["dev-k8s-config", "dev-databricks", "prod-k8s-addons"])).toEqual([["dev-databricks", "dev-k8s-config", "prod-k8s-addons"]]);
    expect(stackWaves(graph, ["dev-k8s-config", "dev-data", "prod-k8s-addons"])).toEqual([["dev-data", "prod-k8s-addons"], ["dev-k8s-config"]]);
    expect(stackWaves(graph, [])).toEqual([]);
  });

  test("every stack of a wave has its dependencies in earlier waves", () => {
    const waves = stackWaves(graph);
    const waveOf = new Map(waves.flatMap((w, i) => w.map((s) => [s, i] as const)));
    for (const [name, node] of graph.stacks) {
      if (name === "bootstrap") continue;
      for (const dep of node.dependencies) expect(waveOf.get(dep)!).toBeLessThan(waveOf.get(name)!);
    }
  });

  test("dependentsOf follows dependencies transitively", () => {
    expect(dependentsOf(graph, ["dev-aks"])).toEqual(["dev-k8s-addons", "dev-k8s-config"]);
    expect(dependentsOf(graph, ["dev-k8s-config"])).toEqual([]);
  });
});
