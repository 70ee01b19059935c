import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, TerraformOutput, TerraformStack } from "cdktf";
import { synthesizeAtomically, warnings } from "../../stacks/synthesize";

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
});
