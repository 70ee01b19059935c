import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devWith, SHIPPED_CONFIG_DIR } from "./config/config-fixtures";
import { shippedRun } from "./stacks/synthesized-app";
import { runMain } from "./support/run-main";

function outdirWithSentinel(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "synth-")), "cdktf.out");
  mkdirSync(outdir);
  writeFileSync(join(outdir, "previous.txt"), "previous synth");
  return outdir;
}

describe("main.ts", () => {
  test("fails on bad config with exit code 1, one line per problem, and writes nothing", async () => {
    const outdir = outdirWithSentinel();
    const result = await runMain(
      devWith((c) => {
        c.location = "moon";
        c.network.subnets.privateEndpoints = "192.168.0.0/24";
      }),
      outdir,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^dev\.yaml: location: must be one of the known regions .* \(got "moon"\)$/m);
    expect(result.stderr).toMatch(
      /^dev\.yaml: network\.subnets\.privateEndpoints: must lie inside the address space 10\.10\.0\.0\/16 \(got "192\.168\.0\.0\/24"\)$/m,
    );
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
    expect(readFileSync(join(outdir, "previous.txt"), "utf8")).toBe("previous synth");
  });

  test("synthesizes every environment of the directory and prints opt-out warnings", () => {
    // The run's shared synth of the shipped config (test/stacks/synthesized-app.ts): main.ts in a child process, as
    // the CLI runs it, over a previous output. The other tests run main.ts in this process (test/support/run-main.ts).
    const { outdir, ...result } = shippedRun();
    expect(result.status).toBe(0);
    const kinds = ["aks", "data", "databricks", "k8s-addons", "k8s-config"];
    expect(readdirSync(outdir).sort()).toEqual(["gitops", "manifest.json", "manifests", "policy", "rendered", "sql", "stacks"]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(
      ["bootstrap", ...["dev", "prod", "staging"].flatMap((env) => kinds.map((k) => `${env}-${k}`))].filter((s) => !/^prod-k8s-/.test(s)),
    );
    // prod delivers its in-cluster objects with Flux: rendered, never written as stacks.
    expect(readdirSync(join(outdir, "rendered")).sort()).toEqual(["manifest.json", "prod-k8s-addons", "prod-k8s-config"]);
    expect(readdirSync(join(outdir, "gitops")).sort()).toEqual(["prod", "prod.source.json"]);
    expect(result.stderr).toMatch(/^WARNING dev-data\/Platform\/Lake: publicNetworkAccess opts out of a secure default/m);
    expect(result.stderr).not.toMatch(/WARNING prod-data/);
  });

  test("--stack dev-databricks: writes dev-data and dev-databricks only, replacing the previous output, and says so", async () => {
    const outdir = outdirWithSentinel();
    const result = await runMain(SHIPPED_CONFIG_DIR, outdir, ["--stack", "dev-databricks"]);
    expect(result.status).toBe(0);
    expect(readdirSync(outdir).sort()).toEqual(["manifest.json", "policy", "sql", "stacks"]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["dev-data", "dev-databricks"]);
    expect(result.stderr).toContain(`Selective synth: ${outdir} now holds only dev-data, dev-databricks (`);
  });

  test("fails on an unknown stack with exit code 1, listing the valid stacks, and writes nothing", async () => {
    const outdir = outdirWithSentinel();
    const result = await runMain(SHIPPED_CONFIG_DIR, outdir, ["--stack", "dev-warehouse"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^--stack dev-warehouse: no such stack$/m);
    expect(result.stderr).toMatch(/^Stacks: bootstrap, dev-data, dev-databricks, /m);
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
  });
});
