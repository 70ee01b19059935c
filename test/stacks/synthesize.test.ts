import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, App, Aspects, Lazy, TerraformOutput, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TaggingAspect } from "../../constructs/core/tagging";
import { PolicyAspect } from "../../policies/policy-aspect";
import { synthesizeAtomically, warnings } from "../../stacks/synthesize";
import { withCreationStacks } from "../support/creation-stacks";

function previousOutput(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "atomic-")), "cdktf.out");
  mkdirSync(outdir);
  writeFileSync(join(outdir, "previous.txt"), "previous synth");
  return outdir;
}

describe("synthesizeAtomically", () => {
  test("replaces the output directory with the new synth", () => {
    const outdir = previousOutput();
    synthesizeAtomically(outdir, (app) => {
      new TerraformOutput(new TerraformStack(app, "one"), "x", { value: "1" });
    });
    expect(readdirSync(outdir).sort()).toEqual(["manifest.json", "stacks"]);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["one"]);
  });

  test("leaves the previous output untouched when building a stack throws", () => {
    const outdir = previousOutput();
    expect(() =>
      synthesizeAtomically(outdir, (app) => {
        new TerraformOutput(new TerraformStack(app, "one"), "x", { value: "1" });
        throw new Error("bad props in stack two");
      }),
    ).toThrow(/bad props in stack two/);
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
    expect(readFileSync(join(outdir, "previous.txt"), "utf8")).toBe("previous synth");
    expect(readdirSync(join(outdir, "..")).sort()).toEqual(["cdktf.out"]);
  });

  test("leaves the previous output untouched when a later stack fails validation", () => {
    const outdir = previousOutput();
    expect(() =>
      synthesizeAtomically(outdir, (app) => {
        new TerraformOutput(new TerraformStack(app, "a-first"), "x", { value: "1" });
        const second = new TerraformStack(app, "b-second");
        second.node.addValidation({ validate: () => ["second stack is invalid"] });
      }),
    ).toThrow(/second stack is invalid/);
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
  });

  test("collects warning annotations as printable lines", () => {
    const outdir = previousOutput();
    const app = synthesizeAtomically(outdir, (app) => {
      const stack = new TerraformStack(app, "one");
      Annotations.of(stack).addWarning("public access is on");
    });
    expect(warnings(app)).toEqual(["WARNING one: public access is on"]);
  });

  /** Two stacks with aspects (tags, the policy pack comparing siblings) and a reference from one to the other. */
  function twoStacks(app: App): TerraformStack[] {
    const stacks = ["one", "two"].map((id) => {
      const stack = new TerraformStack(app, id);
      new AzurermProvider(stack, "azurerm", { features: [{}] });
      return stack;
    });
    const group = new ResourceGroup(stacks[0], "Group", { name: "rg-one", location: "westeurope" });
    new ResourceGroup(stacks[1], "Group", { name: "rg-two", location: "westeurope", tags: { partner: group.name } });
    for (const stack of stacks) {
      Aspects.of(stack).add(new TaggingAspect({ environment: "dev", owner: "team@contoso.com", costCenter: "CC-1" }));
      Aspects.of(stack).add(new PolicyAspect({ environment: "dev", production: false, siblings: () => stacks }));
    }
    return stacks;
  }

  const written = (outdir: string) =>
    Object.fromEntries(["manifest.json", "stacks/one/cdk.tf.json", "stacks/two/cdk.tf.json"].map((f) => [f, readFileSync(join(outdir, f), "utf8")]));

  test("writes what cdktf's own synth writes, with aspects and a cross-stack reference", () => {
    const plain = new App({ outdir: join(mkdtempSync(join(tmpdir(), "plain-")), "cdktf.out"), stackTraces: false });
    twoStacks(plain);
    plain.synth();
    const outdir = previousOutput();
    synthesizeAtomically(outdir, (app) => void twoStacks(app));
    expect(written(outdir)).toEqual(written(plain.outdir));
    // The reference became a remote state lookup and an output: what the synth adds when it prepares the stacks.
    expect(written(outdir)["stacks/two/cdk.tf.json"]).toContain("terraform_remote_state");
  });

  test("resolves each stack once for the policy pack (the stack and its siblings) and the synth", () => {
    const toTerraform = jest.spyOn(TerraformStack.prototype, "toTerraform");
    try {
      synthesizeAtomically(previousOutput(), (app) => void twoStacks(app));
      const resolved = toTerraform.mock.contexts.map((stack) => (stack as TerraformStack).node.id).sort();
      expect(resolved).toEqual(["one", "two"]);
    } finally {
      toTerraform.mockRestore();
    }
  });

  test("captures no token creation stacks while synthesizing; errors keep their stack trace", () => {
    // test/setup.ts turns creation stacks off for every test file: on here, as outside Jest.
    withCreationStacks(() => {
      const creationStack = () => Lazy.anyValue({ produce: () => "x" }).creationStack;
      expect(creationStack().join("\n")).toContain("synthesize.test.ts");
      const creationStacks: string[][] = [];
      let error: Error | undefined;
      try {
        synthesizeAtomically(previousOutput(), (app) => {
          creationStacks.push(creationStack());
          new TerraformStack(app, "one");
          throw new Error("bad props");
        });
      } catch (e) {
        error = e as Error;
      }
      expect(creationStacks).toEqual([[]]);
      expect(error?.stack).toContain("synthesize.test.ts");
      // After the synth, creation stacks and stack traces are captured as before.
      expect(creationStack().join("\n")).toContain("synthesize.test.ts");
      expect(new Error("after").stack).toContain("synthesize.test.ts");
    });
  });
});
