import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeReviews } from "../../review/cli";
import { EnvironmentReview } from "../../review/review-model";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";
import { copyOfShippedOutput } from "../stacks/synthesized-app";

// A copy: the review writes its files into the synth output.
const outdir = copyOfShippedOutput();
const { written, refused } = writeReviews({ outdir, configDir: SHIPPED_CONFIG_DIR });
const markdown = (env: string) => readFileSync(join(outdir, "review", `${env}.md`), "utf8");
const json = (env: string): EnvironmentReview => JSON.parse(readFileSync(join(outdir, "review", `${env}.json`), "utf8"));

describe("review report", () => {
  test("without a baseline nothing is refused", () => {
    expect(refused).toEqual([]);
  });

  test("writes <env>.md and <env>.json for every environment, and for the bootstrap stack", () => {
    expect(written.map((f) => f.slice(outdir.length + 1)).sort()).toEqual(
      ["bootstrap", "dev", "prod", "staging"].flatMap((e) => [`review/${e}.json`, `review/${e}.md`]).sort(),
    );
  });

  test("prod: the stacks Flux delivers are reviewed like the others and marked as such", () => {
    const md = markdown("prod");
    expect(md).toContain('prod_k8s_addons["prod-k8s-addons<br/>');
    expect(md).toMatch(/prod-k8s-config<br\/>\d+ resources \(Flux\)/);
    expect(md).toContain(
      "### prod-k8s-config\n\nDelivered by Flux: rendered to `cdktf.out/gitops`, pulled by the cluster; Terraform never applies this stack.",
    );
    expect(md).not.toMatch(/### dev-k8s-config\n\nDelivered by Flux/);
  });

  test.each(["dev", "staging", "prod"])("%s: has every section a reviewer needs", (env) => {
    const md = markdown(env);
    for (const heading of [
      `# Infrastructure review: ${env}`,
      "## Summary",
      "## Stacks and their order",
      `### ${env}-data`,
      `### ${env}-aks`,
      `### ${env}-k8s-addons`,
      `### ${env}-k8s-config`,
      "## Medallion data flow",
      "## Security posture",
      "### Active waivers",
      "## Network reachability",
      "### Zero-trust probes",
    ]) {
      expect(md).toContain(heading);
    }
    expect(md.match(/```mermaid/g)).toHaveLength(2);
    expect(md).not.toContain("## What changes compared with the baseline");
  });

  test.each(["dev", "staging", "prod"])("%s: the stack graph shows the deployment order", (env) => {
    const md = markdown(env);
    expect(md).toContain(`  ${env}_data --> ${env}_aks`);
    expect(md).toContain(`  ${env}_aks --> ${env}_k8s_addons`);
    expect(md).toContain(`  ${env}_k8s_addons --> ${env}_k8s_config`);
  });

  test("the medallion flow names the services and sources in charge", () => {
    const md = markdown("prod");
    expect(md).toMatch(/landing\[\(landing\)\] -->\|"Data Factory adf-medal-prod-weu-[0-9a-f]{4}: Copy"\| bronze/);
    expect(md).toContain('bronze -->|"Databricks dbw-medal-prod-weu: bronze_to_silver"| silver');
    expect(md).toContain("| sales | csv | daily at 02:00:00 UTC for the day before, first day 2026-11-30 | gold.daily_sales |");
    expect(md).toContain("| inventory | parquet | on _READY in landing/inventory/yyyy/MM/dd/ | gold.inventory_levels |");
  });

  test("security posture lists the active waivers with reason and expiry, and no violation", () => {
    const review = json("dev");
    expect(review.policy.violations).toEqual([]);
    expect(review.policy.waived.map((f) => f.ruleId).sort()).toEqual(["ADF-001", "DBW-004", "STG-004"]);
    expect(markdown("dev")).toContain("| STG-004 | dev-data | Platform/Lake/Resource | public network access is enabled |");
    expect(markdown("dev")).toContain("No violation: every finding is either fixed or waived.");
  });

  test.each(["dev", "staging", "prod"])("%s: every zero-trust probe matches its expectation", (env) => {
    const { probes } = json(env).reachability;
    expect(probes.length).toBeGreaterThanOrEqual(20);
    expect(probes.filter((p) => p.expected !== p.actual)).toEqual([]);
    expect(markdown(env)).not.toContain("**NO**");
  });

  test("the reachability table shows the declared flows and the lab's blocked probes", () => {
    const md = markdown("staging");
    expect(md).toMatch(/\| envoy-gateway-system\/gateway-data-plane \| shop\/frontend \| 8080\/TCP \|/);
    expect(md).toMatch(/\| shop\/frontend \| shop\/backend \| 8080\/TCP \|/);
    expect(md).toMatch(/\| shop\/backend \| shop\/database \| 5432\/TCP \|/);
    expect(md).toContain("| attacker's debug pod | shop/debug-pod | shop/database | 5432/TCP | blocked | blocked | yes |");
    expect(md).toContain("| lateral movement | shop/frontend | shop/database | 5432/TCP | blocked | blocked | yes |");
    expect(md).toContain("| exfiltration | shop/database | internet/203.0.113.10 | 443/TCP | blocked | blocked | yes |");
  });

  test("with a baseline, reports added, removed and changed resources, reachability and policy changes", () => {
    const baseline = json("staging");
    const data = baseline.stacks.find((s) => s.name === "staging-data")!;
    const [lakeAddress] = Object.keys(data.resources).filter((a) => a.startsWith("azurerm_storage_account."));
    // The baseline had: an extra resource (now removed), an older lake replication, no egress firewall, one more connection.
    data.resources["azurerm_storage_container.Old_Container"] = { path: "staging-data/Old/Container", attributes: { name: "old" } };
    (data.resources[lakeAddress].attributes as any).account_replication_type = "LRS";
    const [natAddress] = Object.keys(data.resources).filter((a) => a.startsWith("azurerm_firewall."));
    delete data.resources[natAddress];
    (baseline.reachability.allowed as any[]).push({ from: "shop/frontend", to: "shop/database", port: 5432, protocol: "TCP", allowedBy: [] });
    const baselineFile = join(outdir, "baseline-staging.json");
    writeFileSync(baselineFile, JSON.stringify(baseline));

    const result = writeReviews({ outdir, configDir: SHIPPED_CONFIG_DIR, baseline: baselineFile });
    const md = markdown("staging");
    // LRS -> ZRS crosses azurerm's replication families: the lake is replaced, and it has prevent_destroy.
    expect(result.refused).toEqual([
      `staging-data ${lakeAddress} (staging-data/Platform/Lake/Resource): account_replication_type replace: ForceNewIfChange: replaced when moving between the non-zonal group (LRS, GRS, RAGRS) and the zonal group (ZRS, GZRS, RAGZRS) in either direction; changes within a group are in-place. [protected by prevent_destroy]`,
    ]);
    expect(md).toContain("### Replaced, or refused");
    expect(md).toContain("**1 change(s) cannot be applied as they are** (marked REFUSED)");
    expect(md).toMatch(
      /\| staging-data \| azurerm_storage_account\.\w+ \| staging-data\/Platform\/Lake\/Resource \| REPLACE \| account_replication_type \| .* \| prevent_destroy \| REFUSED \|/,
    );
    expect(md).toContain("## What changes compared with the baseline");
    expect(md).toContain("1 resource(s) added, 1 removed, 1 changed.");
    expect(md).toContain(`| staging-data | ${natAddress} |`);
    expect(md).toContain("| staging-data | azurerm_storage_container.Old_Container | staging-data/Old/Container |");
    expect(md).toContain("| account_replication_type | LRS | ZRS |");
    expect(md).toContain("No longer allowed: `shop/frontend -> shop/database:5432/TCP`");
    // Other environments are reviewed without a change section (the baseline is staging's).
    expect(markdown("dev")).not.toContain("## What changes compared with the baseline");
  });

  test("fails clearly when the synth output is missing", () => {
    expect(() => writeReviews({ outdir: join(outdir, "nowhere"), configDir: SHIPPED_CONFIG_DIR })).toThrow(
      /manifest\.json does not exist\. Fix: run npm run synth first/,
    );
  });
});
