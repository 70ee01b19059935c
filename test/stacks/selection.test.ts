import { parseSynthArgs, selectableNames, selectStacks, SynthRequest, SynthUsageError } from "../../stacks/selection";
import { shippedPlatform } from "./shipped-platform";

const request = (r: Partial<SynthRequest>): SynthRequest => ({ environments: [], stacks: [], help: false, ...r });
const select = (r: Partial<SynthRequest>) => selectStacks(shippedPlatform, request(r));
/** The selection as plain data: bootstrap, and the kinds asked for by environment. */
const asked = (r: Partial<SynthRequest>) => {
  const s = select(r)!;
  return { bootstrap: s.bootstrap, environments: Object.fromEntries(s.environments) };
};
const ALL_KINDS = ["data", "databricks", "aks", "k8sAddons", "k8sConfig"];

describe("parseSynthArgs", () => {
  test("no option asks for nothing in particular, so everything is built as before", () => {
    expect(parseSynthArgs([])).toEqual({ environments: [], stacks: [], help: false });
    expect(select({})).toBeUndefined();
  });

  test("--env and --stack: repeated, as comma lists or with =, in order and without repeats", () => {
    expect(parseSynthArgs(["--env", "dev", "--env=staging,prod", "--stack", "dev-data", "--stack=bootstrap, dev-aks", "--env", "dev"])).toEqual({
      environments: ["dev", "staging", "prod"],
      stacks: ["dev-data", "bootstrap", "dev-aks"],
      help: false,
    });
  });

  test("--help", () => {
    expect(parseSynthArgs(["--help"]).help).toBe(true);
  });

  test("fails on an unknown option, naming it and listing the options", () => {
    expect(() => parseSynthArgs(["--environment", "dev"])).toThrow(SynthUsageError);
    expect(() => parseSynthArgs(["--environment", "dev"])).toThrow(
      /^Unknown option '--environment'\. Nothing was written\.\n\nUsage: npm run synth(.|\n)*--env <name>(.|\n)*--stack <name>/,
    );
  });

  test("fails on an argument that is not an option (npm run synth dev)", () => {
    expect(() => parseSynthArgs(["dev"])).toThrow(/^Unexpected argument 'dev'\. This command does not take positional arguments\. Nothing was written\./);
  });

  test("fails on --env without a name", () => {
    expect(() => parseSynthArgs(["--env"])).toThrow(/^Option '--env <value>' argument missing\. Nothing was written\./);
  });

  test("fails on an empty name in a comma list", () => {
    expect(() => parseSynthArgs(["--stack", "dev-data,"])).toThrow(/^--stack needs a name \(got "dev-data,"\)\. Nothing was written\.$/);
  });

  test("fails when npm kept --env for itself (npm run synth --env=dev or --env dev, without --), which would build everything", () => {
    expect(() => parseSynthArgs(["dev"], { npm_config_env: "true" })).toThrow(/^npm kept --env for itself/);
    expect(() => parseSynthArgs([], { npm_config_env: "dev" })).toThrow(
      /^npm kept --env for itself: put the options after --, e\.g\. npm run synth -- --env dev\. Nothing was written\.$/,
    );
    expect(() => parseSynthArgs(["--env", "dev"], { npm_config_stack: "true" })).toThrow(/^npm kept --stack for itself/);
    expect(parseSynthArgs(["--env", "dev"], { npm_config_cache: "/tmp" }).environments).toEqual(["dev"]);
  });
});

describe("selectStacks", () => {
  test("the names: every environment, bootstrap and each environment's stacks, in the order npm run synth builds them", () => {
    const names = selectableNames(shippedPlatform);
    expect(names.environments).toEqual(["dev", "prod", "staging"]);
    expect(names.stacks.slice(0, 6)).toEqual(["bootstrap", "dev-data", "dev-databricks", "dev-aks", "dev-k8s-addons", "dev-k8s-config"]);
    expect(names.stacks).toHaveLength(16);
    // prod's in-cluster stacks are rendered for Flux, not applied, but they are built and can be asked for.
    expect(names.stacks).toContain("prod-k8s-config");
  });

  test("--env: every stack of the environment, not bootstrap (no environment stack reads it)", () => {
    expect(asked({ environments: ["dev"] })).toEqual({ bootstrap: false, environments: { dev: ALL_KINDS } });
  });

  test("--stack: the kinds named (what they depend on is built with them, see selective-build.test.ts)", () => {
    expect(asked({ stacks: ["dev-databricks", "staging-k8s-addons"] })).toEqual({
      bootstrap: false,
      environments: { dev: ["databricks"], staging: ["k8sAddons"] },
    });
  });

  test("--stack bootstrap: the bootstrap stack only", () => {
    expect(asked({ stacks: ["bootstrap"] })).toEqual({ bootstrap: true, environments: {} });
  });

  test("--env and --stack combine: everything either names", () => {
    expect(asked({ environments: ["staging"], stacks: ["bootstrap", "dev-aks", "staging-data"] })).toEqual({
      bootstrap: true,
      environments: { staging: ALL_KINDS, dev: ["aks"] },
    });
  });

  test("fails on an unknown environment and an unknown stack, naming each and listing the valid environments and stacks", () => {
    expect(() => select({ environments: ["qa"], stacks: ["dev-foo", "qa-data"] })).toThrow(SynthUsageError);
    expect(() => select({ environments: ["qa"], stacks: ["dev-foo", "qa-data"] })).toThrow(
      new RegExp(
        [
          "^Nothing was written: 3 unknown name\\(s\\):",
          "--env qa: no such environment",
          "--stack dev-foo: no such stack",
          "--stack qa-data: no such stack",
          "Environments: dev, prod, staging",
          "Stacks: bootstrap, dev-data, dev-databricks, dev-aks, dev-k8s-addons, dev-k8s-config, prod-data, .*, staging-k8s-config$",
        ].join("\n"),
      ),
    );
  });

  test("fails on an environment given as a stack and a stack as an environment, saying which option takes it", () => {
    expect(() => select({ environments: ["bootstrap"], stacks: ["dev"] })).toThrow(
      /^--env bootstrap: no such environment \(bootstrap is a stack: --stack bootstrap\)\n--stack dev: no such stack \(dev is an environment: --env dev\)$/m,
    );
  });

  test("fails on --stack bootstrap without config/bootstrap.yaml (no bootstrap stack then)", () => {
    expect(() => selectStacks({ ...shippedPlatform, bootstrap: undefined }, request({ stacks: ["bootstrap"] }))).toThrow(
      /^--stack bootstrap: no such stack\n(.|\n)*\nStacks: dev-data, /m,
    );
  });
});
