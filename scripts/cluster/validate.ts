/**
 * `npm run validate:cluster [-- --env <name> ...]`: synth, then every environment's (or the named ones') in-cluster
 * objects applied to a real Kubernetes API server (built from source, see toolchain.sh), with the charts rendered
 * and installed by the real Helm, then destroyed; then the fixture's own test. See validate-environment.ts for the steps and README "A real API server" for what it
 * proves and what it cannot.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironmentConfigs } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema";
import { aksObjects } from "./aks-objects";
import { ApiServer } from "./api-server";
import { fluxEnvironmentSteps, folderObjects, terraformEnvironmentSteps } from "./deploy-steps";
import { fluxInstallation, fluxObjects } from "./flux-environment";
import { EnvironmentInput, EnvironmentResult, validateEnvironment } from "./validate-environment";

const root = join(__dirname, "..", "..");

/**
 * The Kubernetes release built for each minor version the config may deploy (the newest patch the Go module proxy
 * serves), and the Helm release the helm provider 3.1.1 embeds (helm.sh/helm/v3 in its go.mod).
 */
export const KUBERNETES_RELEASES: Readonly<Record<string, string>> = { "1.36": "v1.36.3" };
export const HELM_VERSION = "v3.18.4";

/** Builds (once, cached) the programs for Kubernetes `minor`; returns the cache folder (bin/ and charts/). */
export function toolchain(minor: string): string {
  const release = KUBERNETES_RELEASES[minor];
  if (!release) {
    throw new Error(
      `validate:cluster: kubernetesVersion ${minor} has no pinned release to build (known: ${Object.keys(KUBERNETES_RELEASES).join(", ")}). Fix: add the newest v${minor}.x the Go module proxy serves to KUBERNETES_RELEASES in scripts/cluster/validate.ts.`,
    );
  }
  const out = execFileSync("bash", [join(__dirname, "toolchain.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, KUBERNETES_VERSION: release, HELM_VERSION },
  });
  return out.trim().split("\n").pop()!;
}

function stackJson(env: string, stack: string): any {
  const path = join(root, "cdktf.out", "stacks", `${env}-${stack}`, "cdk.tf.json");
  if (!existsSync(path)) throw new Error(`validate:cluster: ${path} is missing: run npm run synth first`);
  return JSON.parse(readFileSync(path, "utf8"));
}

async function validate(config: EnvironmentConfig, cacheDir: string): Promise<EnvironmentResult> {
  const env = config.environment;
  const server = await ApiServer.start({ binDir: join(cacheDir, "bin"), serviceCidr: config.aks.network.serviceCidr, label: env });
  try {
    const seed = aksObjects(config.aks.network.dnsServiceIp);
    let input: EnvironmentInput;
    if (config.kubernetes.delivery === "flux") {
      const path = join(root, "cdktf.out", "gitops", env);
      input = {
        seed: [...seed, ...fluxInstallation()],
        steps: fluxEnvironmentSteps(path),
        folder: { path: `cdktf.out/gitops/${env}`, objects: fluxObjects(path) },
      };
    } else {
      const path = join(root, "cdktf.out", "manifests", env);
      input = {
        seed,
        steps: terraformEnvironmentSteps(env, (stack) => stackJson(env, stack)),
        folder: { path: `cdktf.out/manifests/${env}`, objects: folderObjects(path) },
      };
    }
    return await validateEnvironment(server, input, { helm: join(cacheDir, "bin", "helm"), cacheDir });
  } catch (e) {
    server.assertRunning();
    throw e;
  } finally {
    server.stop();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const wanted = args.flatMap((a, i) => (args[i - 1] === "--env" ? [a] : []));
  run("npm", ["run", "synth"]);
  const configs = loadEnvironmentConfigs();
  const unknown = wanted.filter((w) => !configs.some((c) => c.environment === w));
  if (unknown.length) throw new Error(`validate:cluster: no environment ${unknown.join(", ")} (known: ${configs.map((c) => c.environment).join(", ")})`);
  const selected = configs.filter((c) => wanted.length === 0 || wanted.includes(c.environment));
  let failed = false;
  for (const config of selected) {
    const env = config.environment;
    const cacheDir = toolchain(config.aks.kubernetesVersion);
    const started = Date.now();
    const r = await validate(config, cacheDir);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(
      `${env} (${config.kubernetes.delivery}): ${r.problems.length ? "FAILED" : "passed"} in ${seconds} s: ${r.objectsApplied} objects applied in ${r.steps} steps, ${r.releases.length} releases (${r.releases.join(", ")}), ${r.podsChecked} pod templates admitted`,
    );
    if (r.webhooksRemoved.length)
      console.log(`  webhook configurations removed after install (their backends never run here): ${r.webhooksRemoved.join(", ")}`);
    if (r.keptByHelm.length) console.log(`  left after destroy by design (Helm keeps them): ${r.keptByHelm.join(", ")}`);
    for (const p of r.problems) console.error(`  ${env}: ${p.replaceAll("\n", "\n    ")}`);
    failed ||= r.problems.length > 0;
  }
  if (failed) process.exit(1);
  // The fixture's own test: each kind of mistake makes its check fail (test/cluster/fixture.cluster.test.ts).
  run("npx", ["jest", "--ci", "--config", join("test", "cluster", "jest.config.js")]);
}

/** Runs a command in the repository, its output shown; exits with its status when it fails. */
function run(command: string, args: readonly string[]): void {
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
