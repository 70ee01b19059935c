import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { loadEnvironmentConfigs } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema";
import { expiredWaiverMessage, findingMessage } from "../../policies/engine";
import { PolicyAspect } from "../../policies/policy-aspect";
import { Waiver } from "../../policies/types";
import { renderedStacks } from "../../stacks/flux-rendering";
import { addShippedEnvironment } from "../stacks/shipped-platform";
import { SynthRefusedError, synthesizeAtomically } from "../../stacks/synthesize";
import { AKS_KUBERNETES_SUPPORT } from "../../constructs/aks/kubernetes-versions";
import { ruleById } from "./fixtures";

/** A day before every shipped waiver expires. */
const POLICY_DATE = "2026-11-26";

const outdir = () => join(mkdtempSync(join(tmpdir(), "shipped-policy-")), "cdktf.out");

function synth(configs: EnvironmentConfig[], policyDate: string): { app: App; out: string } {
  const out = outdir();
  const app = synthesizeAtomically(out, (a) => configs.forEach((c) => addShippedEnvironment(a, c)), { context: { policyDate } });
  return { app, out };
}

function refused(configs: EnvironmentConfig[], policyDate: string): string[] {
  const out = outdir();
  let error: unknown;
  try {
    synthesizeAtomically(out, (a) => configs.forEach((c) => addShippedEnvironment(a, c)), { context: { policyDate } });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SynthRefusedError);
  expect(existsSync(out)).toBe(false);
  return [...(error as SynthRefusedError).lines].sort();
}

const refusedOnDay = new Map<string, string[]>();

/**
 * {@link refused} for the shipped environments as they are, on `policyDate`: computed once per day in this file (the
 * day after the earliest waiver expiry is also the day after the last, while they all expire together).
 */
function shippedRefused(policyDate: string): string[] {
  if (!refusedOnDay.has(policyDate)) refusedOnDay.set(policyDate, refused(loadEnvironmentConfigs(), policyDate));
  return [...refusedOnDay.get(policyDate)!];
}

/** `<stack> <path>: <rule> <message>. Fix: <fix>` for a finding of the shipped stacks. */
const line = (stackAndPath: string, ruleId: string, message: string) => `${stackAndPath}: ${findingMessage({ ruleId, message, fix: ruleById(ruleId).fix })}`;
const expiredLine = (w: Waiver) => {
  const [stack, ...rest] = w.resource.split("/");
  // A waiver naming its resources by pattern is reported on its stack (no single construct to point at).
  return `${stack} ${w.resource.includes("*") ? stack : rest.join("/")}: ${expiredWaiverMessage(w)}`;
};
/** The prod sample images, pulled from prod's registry (K8S-006 wants digests in production; their waiver covers all three). */
const PROD_REGISTRY = "acrmedalprodweu8f6d.azurecr.io";
const PROD_IMAGES = [
  ["frontend", "Deployment", `${PROD_REGISTRY}/docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine`],
  ["backend", "Deployment", `${PROD_REGISTRY}/docker.io/hashicorp/http-echo:1.0.0`],
  ["database", "StatefulSet", `${PROD_REGISTRY}/docker.io/library/postgres:17.6-alpine`],
] as const;

/** The prod backup job's images: the database's, and the uploader's (their own K8S-006 waiver). */
const PROD_BACKUP_IMAGES = [
  ["dump", `${PROD_REGISTRY}/docker.io/library/postgres:17.6-alpine`],
  ["upload", `${PROD_REGISTRY}/mcr.microsoft.com/azure-cli:2.77.0`],
] as const;

/** The findings each shipped waiver accepts. */
const waivedLines = (w: Waiver): string[] => {
  const [stack, ...rest] = w.resource.split("/");
  if (w.rule === "K8S-006" && w.resource.includes("/Backup-")) {
    return PROD_BACKUP_IMAGES.map(([container, image]) =>
      line(
        `${stack} App-shop/Backup-database/CronJob/Resource`,
        w.rule,
        `CronJob shop/database-backup container ${container} uses image ${image} by tag only (production requires a sha256 digest)`,
      ),
    );
  }
  if (w.rule === "K8S-006") {
    return PROD_IMAGES.map(([name, kind, image]) =>
      line(
        `${stack} App-shop/Workload-${name}/Resource/Resource`,
        w.rule,
        `${kind} shop/${name} container ${name} uses image ${image} by tag only (production requires a sha256 digest)`,
      ),
    );
  }
  const message = {
    "STG-004": "public network access is enabled",
    "ADF-001": "public network access is enabled",
    "DBW-004": "public network access is enabled",
  }[w.rule];
  if (!message) throw new Error(`no expected finding for a waiver of ${w.rule}`);
  return [line(`${stack} ${rest.join("/")}`, w.rule, message)];
};

const DEV_LINES = [
  line("dev-data Platform/Lake/Resource", "STG-004", "public network access is enabled"),
  line("dev-data Platform/Factory/Resource", "ADF-001", "public network access is enabled"),
  line("dev-data Platform/Databricks/Resource", "DBW-004", "public network access is enabled"),
].sort();

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe("the shipped environments", () => {
  const configs = loadEnvironmentConfigs();
  const waivers = configs.flatMap((c) => c.policy.waivers);

  test("ship waivers for dev's public lake, factory and workspace, and prod's sample images without digests, only: every namespace is restricted", () => {
    expect(configs.map((c) => c.environment)).toEqual(["dev", "prod", "staging"]);
    expect(waivers.map((w) => `${w.rule} ${w.resource}`).sort()).toEqual([
      "ADF-001 dev-data/Platform/Factory/Resource",
      "DBW-004 dev-data/Platform/Databricks/Resource",
      "K8S-006 prod-k8s-config/App-shop/Backup-*/CronJob/Resource",
      "K8S-006 prod-k8s-config/App-shop/Workload-*/Resource/Resource",
      "STG-004 dev-data/Platform/Lake/Resource",
    ]);
    for (const w of waivers) expect(w.expires > POLICY_DATE).toBe(true);
  });

  test("synthesize with no violation while their waivers apply, and list exactly the waived findings", () => {
    const { app, out } = synth(loadEnvironmentConfigs(), POLICY_DATE);
    expect(existsSync(join(out, "stacks", "dev-data", "cdk.tf.json"))).toBe(true);
    // prod's in-cluster stacks are rendered for Flux: checked by the same policy pack in the render app.
    const stacks = [...app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack), ...renderedStacks(app)];
    expect(stacks).toHaveLength(15);
    const waived: string[] = [];
    for (const stack of stacks) {
      const result = PolicyAspect.resultsOf(stack);
      expect(result).toBeDefined();
      expect({ stack: stack.node.id, violations: result!.violations, expiredWaivers: result!.expiredWaivers }).toEqual({
        stack: stack.node.id,
        violations: [],
        expiredWaivers: [],
      });
      for (const f of result!.waived) waived.push(`${f.stack} ${f.path}: ${findingMessage(f)}`);
    }
    expect(waived.sort()).toEqual(waivers.flatMap(waivedLines).sort());
  });

  test("without dev's waivers, dev fails with exactly its STG-004, ADF-001 and DBW-004 findings", () => {
    const fresh = loadEnvironmentConfigs().map((c) => (c.environment === "dev" ? { ...c, policy: { ...c.policy, waivers: [] } } : c));
    expect(refused(fresh, POLICY_DATE)).toEqual(DEV_LINES);
  });

  test("without dev's waivers, dev alone fails the same way", () => {
    const dev = loadEnvironmentConfigs()
      .filter((c) => c.environment === "dev")
      .map((c) => ({ ...c, policy: { waivers: [] } }));
    expect(refused(dev, POLICY_DATE)).toEqual(DEV_LINES);
  });

  test("after every waiver's expiry, each waiver fails and its finding is back", () => {
    const last = waivers
      .map((w) => w.expires)
      .sort()
      .at(-1)!;
    expect(last < "2027-07-01").toBe(true);
    // AKS-011 (Kubernetes support window) is dated too: its lines are checked in the next test.
    const lines = shippedRefused("2027-07-01").filter((l) => !l.includes(": AKS-011 "));
    expect(lines.filter((l) => l.includes("waiver expired on"))).toEqual(waivers.map(expiredLine).sort());
    expect(lines).toEqual([...waivers.map(expiredLine), ...waivers.flatMap(waivedLines)].sort());
    expect(shippedRefused(dayAfter(last)).filter((l) => !l.includes(": AKS-011 "))).toEqual(lines);
  });

  test("from the first day of the shipped Kubernetes minor's AKS end-of-life month, every cluster and pool is refused", () => {
    const version = configs[0].aks.kubernetesVersion;
    expect(configs.every((c) => c.aks.kubernetesVersion === version)).toBe(true);
    const end = `${AKS_KUBERNETES_SUPPORT.endOfLife[version]}-01`;
    const aksLines = (day: string) => shippedRefused(day).filter((l) => l.includes(": AKS-011 "));
    expect(aksLines(end)).toEqual(
      ["dev", "prod", "staging"].flatMap((e) =>
        ["Cluster/NodePool-apps", "Cluster/Resource"].map(
          (p) =>
            `${e}-aks ${p}: ${findingMessage({ ruleId: "AKS-011", message: `Kubernetes ${version} reaches AKS end of life in ${end.slice(0, 7)} (calendar reviewed ${AKS_KUBERNETES_SUPPORT.reviewed})`, fix: ruleById("AKS-011").fix })}`,
        ),
      ),
    );
  });

  test("the day after the earliest expiry, only the waivers expired by then fail", () => {
    const first = waivers.map((w) => w.expires).sort()[0];
    const expired = waivers.filter((w) => w.expires === first);
    // On its last day every waiver still holds.
    expect(() => synth(loadEnvironmentConfigs(), first)).not.toThrow();
    expect(shippedRefused(dayAfter(first)).filter((l) => !l.includes(": AKS-011 "))).toEqual(
      [...expired.map(expiredLine), ...expired.flatMap(waivedLines)].sort(),
    );
  });

  test("the cross-stack rule K8S-009 refuses a public gateway whose node-subnet NSG lost its inbound rule", () => {
    const dev = loadEnvironmentConfigs().filter((c) => c.environment === "dev");
    let error: unknown;
    try {
      synthesizeAtomically(
        outdir(),
        (a) => {
          const stacks = addShippedEnvironment(a, dev[0]);
          expect(stacks.aks.node.findChild("Network").node.tryRemoveChild("Ingress-gateway")).toBe(true);
        },
        { context: { policyDate: POLICY_DATE } },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthRefusedError);
    expect((error as SynthRefusedError).lines).toEqual([
      line(
        "dev-k8s-config Gateway/Gateway/Resource",
        "K8S-009",
        "Gateway gateway/shared is public, but NSG nsg-vnet-medal-dev-weu-aks-user of node pool apps's subnet admits no client on TCP 80, 443",
      ),
    ]);
  });
});
