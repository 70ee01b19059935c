import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, App, TerraformOutput, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { registerRenderedEnvironment, renderAppOf } from "../../stacks/flux-rendering";
import { GitopsSource } from "../../stacks/gitops-source";
import { writeRenderedStacks } from "../../stacks/outputs";
import { SynthRefusedError, synthesizeAtomically, synthesizeInParts } from "../../stacks/synthesize";

// cdktf's process-wide token registry (stacks/token-registry.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TokenMap } = require("cdktf/lib/tokens/private/token-map");
const registered = () => {
  const map = TokenMap.instance();
  return map.stringTokenMap.size + map.numberTokenMap.size;
};

function previousOutput(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "parts-")), "cdktf.out");
  mkdirSync(outdir);
  writeFileSync(join(outdir, "previous.txt"), "previous synth");
  return outdir;
}

/** An environment-like part: a network stack and a stack that refers to it (a cross-stack reference). */
const environment = (name: string) => (app: App) => {
  const network = new TerraformStack(app, `${name}-network`);
  new AzurermProvider(network, "azurerm", { features: [{}] });
  const group = new ResourceGroup(network, "Group", { name: `rg-${name}`, location: "westeurope" });
  const workload = new TerraformStack(app, `${name}-workload`);
  new AzurermProvider(workload, "azurerm", { features: [{}] });
  new ResourceGroup(workload, "Group", { name: `rg-${name}-workload`, location: group.location });
  Annotations.of(workload).addWarning(`${name} opts out`);
};

/** Every file below `dir` with its content, paths relative to it. */
function files(dir: string, prefix = ""): Record<string, string> {
  return Object.fromEntries(
    readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? Object.entries(files(dir, join(prefix, e.name))) : [[join(prefix, e.name), readFileSync(join(dir, prefix, e.name), "utf8")]],
    ),
  );
}

/** A Flux environment's part: its in-cluster stack lives in the render app (stacks/flux-rendering.ts). */
const fluxEnvironment = (name: string) => (app: App) => {
  const stack = new TerraformStack(renderAppOf(app), `${name}-k8s-addons`);
  new TerraformOutput(stack, "namespace", { value: "flux-system" });
  registerRenderedEnvironment(app, { environment: name, source: {} as GitopsSource, stacks: [stack] });
};

describe("synthesizeInParts", () => {
  test("writes what one app of all the parts writes, byte for byte, with one manifest.json listing every stack", () => {
    const [inParts, inOne] = [previousOutput(), previousOutput()];
    const parts = [environment("dev"), environment("prod")];
    synthesizeInParts(inParts, parts);
    synthesizeAtomically(inOne, (app) => parts.forEach((part) => part(app)));
    expect(files(inParts)).toEqual(files(inOne));
    expect(Object.keys(JSON.parse(readFileSync(join(inParts, "manifest.json"), "utf8")).stacks)).toEqual([
      "dev-network",
      "dev-workload",
      "prod-network",
      "prod-workload",
    ]);
  });

  test("lists every part's rendered stacks in one rendered/manifest.json, as one app of all the parts does", () => {
    const [inParts, inOne] = [previousOutput(), previousOutput()];
    const parts = [fluxEnvironment("staging"), fluxEnvironment("prod")];
    const summary = synthesizeInParts(inParts, parts, { afterSynth: [writeRenderedStacks] });
    synthesizeAtomically(inOne, (app) => parts.forEach((part) => part(app)), { afterSynth: [writeRenderedStacks] });
    expect(files(inParts)).toEqual(files(inOne));
    expect(Object.keys(JSON.parse(readFileSync(join(inParts, "rendered", "manifest.json"), "utf8")).stacks)).toEqual(["staging-k8s-addons", "prod-k8s-addons"]);
    expect(summary.renderedStacks).toEqual(["staging-k8s-addons", "prod-k8s-addons"]);
  });

  test("returns each part's warnings and stacks, in part order", () => {
    const summary = synthesizeInParts(previousOutput(), [environment("dev"), environment("prod")]);
    expect(summary).toEqual({
      warnings: ["WARNING dev-workload: dev opts out", "WARNING prod-workload: prod opts out"],
      stacks: ["dev-network", "dev-workload", "prod-network", "prod-workload"],
      renderedStacks: [],
    });
  });

  test("runs the afterSynth writers once per part, on the directory being written", () => {
    const seen: string[] = [];
    const outdir = previousOutput();
    synthesizeInParts(outdir, [environment("dev"), environment("prod")], {
      afterSynth: [(app, dir) => seen.push(`${app.node.children.map((c) => c.node.id).join(",")} ${readdirSync(join(dir, "stacks")).length}`)],
    });
    expect(seen).toEqual(["dev-network,dev-workload 2", "prod-network,prod-workload 4"]);
  });

  test("forgets the tokens each part registered, so that its constructs can be collected", () => {
    const before = registered();
    synthesizeInParts(previousOutput(), [environment("dev"), environment("prod")]);
    expect(registered()).toBe(before);
  });

  test("fails naming the problems of every part, having written nothing", () => {
    const outdir = previousOutput();
    const invalid = (name: string) => (app: App) => {
      // An error annotation, as the policy pack and the constructs' validations add them.
      Annotations.of(new TerraformOutput(new TerraformStack(app, name), "x", { value: "1" })).addError(`${name} is invalid`);
    };
    let error: unknown;
    try {
      synthesizeInParts(outdir, [invalid("first"), environment("dev"), invalid("third")]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthRefusedError);
    expect((error as SynthRefusedError).lines).toEqual([expect.stringMatching(/first is invalid/), expect.stringMatching(/third is invalid/)]);
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
    expect(readdirSync(join(outdir, "..")).sort()).toEqual(["cdktf.out"]);
  });

  test("fails when two parts build a stack of the same name (one app would refuse it), having written nothing", () => {
    const outdir = previousOutput();
    expect(() => synthesizeInParts(outdir, [environment("dev"), environment("dev")])).toThrow(
      "synthesizeInParts: stack dev-network, dev-workload is built by two parts. Fix: build each stack in one part.",
    );
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
  });

  test("leaves the previous output untouched when building a part throws", () => {
    const outdir = previousOutput();
    expect(() =>
      synthesizeInParts(outdir, [
        environment("dev"),
        () => {
          throw new Error("bad props in prod");
        },
      ]),
    ).toThrow(/bad props in prod/);
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
  });
});

describe("a checked stack", () => {
  test("fails loudly when a construct is added to it after the checks (its JSON was computed once), having written nothing", () => {
    const outdir = previousOutput();
    const addLate = (app: App) => new TerraformOutput(app.node.children[0] as TerraformStack, "late", { value: "1" });
    expect(() => synthesizeAtomically(outdir, environment("dev"), { afterSynth: [addLate] })).toThrow(/Cannot add children .* during synthesis/);
    expect(() => synthesizeInParts(outdir, [environment("dev")], { afterSynth: [addLate] })).toThrow(/Cannot add children .* during synthesis/);
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
  });
});

describe("the output directory", () => {
  test("is made with its missing parents (CDKTF_OUTDIR=build/cdktf.out in a fresh checkout)", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "parts-")), "build", "nested", "cdktf.out");
    synthesizeInParts(outdir, [environment("dev")]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["dev-network", "dev-workload"]);
  });
});
