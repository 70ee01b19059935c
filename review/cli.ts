/**
 * `npm run review [-- --out cdktf.out] [-- --baseline <previous review json, or a folder of them>]`: after
 * `npm run synth`, writes `cdktf.out/review/<env>.md` and `<env>.json` for every environment. With a baseline
 * (e.g. the review JSON of the main branch) the report has a change section: what a pipeline posts on a PR.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configDirFromEnvironment, loadEnvironmentConfigs } from "../config/load";
import { EnvironmentConfig } from "../config/schema";
import { cidrRange } from "../constructs/core/cidr";
import { DeclaredCluster } from "./reachability-review";
import { readSynthOutput } from "./cdktf-out";
import { diffReviews } from "./diff";
import { renderMarkdown } from "./markdown";
import { buildReview, EnvironmentReview } from "./review-model";

export interface ReviewOptions {
  readonly outdir: string;
  readonly baseline?: string;
  readonly configDir?: string;
}

/**
 * Where the pods find the API server: a private cluster's endpoint is an address of its system pool's subnet (the
 * fourth host, as Azure hands out the first free one); a public cluster's address is AKS's (the review's default).
 */
export function declaredCluster(config: EnvironmentConfig): DeclaredCluster {
  if (config.aks.apiServer.publicNetworkAccess) return {};
  const { first } = cidrRange(config.aks.network.nodeSubnets[config.aks.systemPool.subnet]);
  const ip = first + 4;
  return { apiServerAddress: [24, 16, 8, 0].map((shift) => Math.floor(ip / 2 ** shift) % 256).join(".") };
}

function baselineFor(path: string | undefined, environment: string): EnvironmentReview | undefined {
  if (!path) return undefined;
  const file = statSync(path).isDirectory() ? join(path, `${environment}.json`) : path;
  if (!existsSync(file)) return undefined;
  const review = JSON.parse(readFileSync(file, "utf8")) as EnvironmentReview;
  if (review.format !== "azure-platform-review/v1")
    throw new Error(`${file}: not a review JSON (format ${JSON.stringify(review.format)}). Fix: pass a <env>.json written by npm run review.`);
  return review.environment === environment ? review : undefined;
}

/** Written reports, and the changes against the baseline that cannot be applied as reviewed. */
export interface ReviewResult {
  readonly written: string[];
  /** `<stack> <address> (<construct>): <attribute> <effect>: <why> [protected by ...]`, one per refused effect. */
  readonly refused: string[];
}

/** Writes the reports; returns the files written and the refused changes. */
export function writeReviews(options: ReviewOptions): ReviewResult {
  const byEnv = readSynthOutput(options.outdir);
  const configs = loadEnvironmentConfigs(options.configDir ?? configDirFromEnvironment());
  const dir = join(options.outdir, "review");
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const refused: string[] = [];
  for (const [environment, stacks] of byEnv) {
    const config = configs.find((c) => c.environment === environment);
    const apps = Object.values(config?.kubernetes.apps ?? {}).map((a) => ({ namespace: a.namespace, flows: a.flows }));
    const review = buildReview(environment, stacks, apps, config ? declaredCluster(config) : {});
    const baseline = baselineFor(options.baseline, environment);
    const md = join(dir, `${environment}.md`);
    const json = join(dir, `${environment}.json`);
    const changes = baseline ? diffReviews(baseline, review) : undefined;
    for (const r of changes?.replacements.filter((x) => x.refused) ?? []) {
      for (const e of r.effects)
        refused.push(`${r.stack} ${r.address} (${r.path}): ${e.attribute} ${e.effect}: ${e.note}${r.protection ? ` [protected by ${r.protection}]` : ""}`);
    }
    writeFileSync(md, `${renderMarkdown(review, changes)}\n`);
    writeFileSync(json, `${JSON.stringify(review, null, 2)}\n`);
    written.push(md, json);
  }
  return { written, refused };
}

function parseArgs(argv: string[]): ReviewOptions {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return { outdir: value("--out") ?? "cdktf.out", baseline: value("--baseline") };
}

if (require.main === module) {
  try {
    const { written, refused } = writeReviews(parseArgs(process.argv.slice(2)));
    for (const file of written) console.log(`wrote ${file}`);
    if (refused.length > 0) {
      console.error(`Review refused: ${refused.length} change(s) destroy protected resources or fail at apply:\n${refused.join("\n")}`);
      process.exit(1);
    }
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
