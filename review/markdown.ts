import { ReviewChanges } from "./diff";
import { dependencyGraph } from "./inventory";
import { medallionMermaid } from "./medallion-flow";
import { EnvironmentReview } from "./review-model";

const cell = (v: unknown) => {
  const text = v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v);
  return (text.length > 100 ? `${text.slice(0, 97)}...` : text).replace(/\|/g, "\\|").replace(/\n/g, " ");
};
const table = (head: string[], rows: unknown[][]) =>
  [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
const mermaid = (graph: string) => ["```mermaid", graph, "```"].join("\n");

function changesSection(changes: ReviewChanges): string[] {
  const total = changes.added.length + changes.removed.length + changes.changed.length;
  const out = ["## What changes compared with the baseline", ""];
  out.push(
    total === 0
      ? "No resource is added, removed or changed."
      : `${changes.added.length} resource(s) added, ${changes.removed.length} removed, ${changes.changed.length} changed. A removed resource is destroyed by the next apply; check that it holds no data.`,
    "",
  );
  if (changes.added.length)
    out.push(
      "### Added",
      "",
      table(
        ["stack", "resource", "construct"],
        changes.added.map((c) => [c.stack, c.address, c.path]),
      ),
      "",
    );
  if (changes.removed.length)
    out.push(
      "### Removed (destroyed on apply)",
      "",
      table(
        ["stack", "resource", "construct"],
        changes.removed.map((c) => [c.stack, c.address, c.path]),
      ),
      "",
    );
  if (changes.replacements.length) {
    const refused = changes.replacements.filter((r) => r.refused);
    out.push(
      "### Replaced, or refused",
      "",
      refused.length
        ? `**${refused.length} change(s) cannot be applied as they are** (marked REFUSED): a replacement or removal of a resource protected by prevent_destroy or a lock destroys its data (or fails), and an update the provider refuses fails the apply. Migrate by hand, or revert.`
        : "These changes destroy and re-create the resource (REPLACE), may do so depending on old and new values, or rebuild a node pool. Nothing here is protected.",
      "",
      table(
        ["stack", "resource", "construct", "effect", "attribute", "why", "protected by", ""],
        changes.replacements.flatMap((r) =>
          r.effects.map((e) => [
            r.stack,
            r.address,
            r.path,
            e.effect === "replace" ? "REPLACE" : e.effect.toUpperCase(),
            e.attribute,
            e.note,
            r.protection ?? "-",
            r.refused ? "REFUSED" : "",
          ]),
        ),
      ),
      "",
    );
  }
  if (changes.changed.length) {
    out.push("### Changed", "");
    for (const c of changes.changed) {
      out.push(
        `**${c.stack}** \`${c.address}\` (${c.path})`,
        "",
        table(
          ["attribute", "before", "after"],
          c.attributes.map((a) => [a.attribute, a.before, a.after]),
        ),
        "",
      );
    }
  }
  out.push("### Network reachability", "");
  out.push(changes.connectionsOpened.length ? `Newly allowed: ${changes.connectionsOpened.map((c) => `\`${c}\``).join(", ")}` : "No connection newly allowed.");
  out.push(
    "",
    changes.connectionsClosed.length ? `No longer allowed: ${changes.connectionsClosed.map((c) => `\`${c}\``).join(", ")}` : "No connection newly blocked.",
    "",
  );
  out.push("### Policy results", "");
  out.push(changes.newFindings.length ? `New findings: ${changes.newFindings.map((c) => `\`${c}\``).join(", ")}` : "No new finding.");
  out.push(
    "",
    changes.resolvedFindings.length ? `Resolved findings: ${changes.resolvedFindings.map((c) => `\`${c}\``).join(", ")}` : "No finding resolved.",
    "",
  );
  return out;
}

/** The review as Markdown, written for readers who know Azure and Kubernetes but not cdktf. */
export function renderMarkdown(review: EnvironmentReview, changes?: ReviewChanges): string {
  const { policy, reachability, medallion } = review;
  const resources = review.stacks.reduce((n, s) => n + Object.keys(s.resources).length, 0);
  const failedProbes = reachability.probes.filter((p) => p.expected !== p.actual);
  const out: string[] = [
    `# Infrastructure review: ${review.environment}`,
    "",
    `This report describes what Terraform will manage for the **${review.environment}** environment, read from the synthesized ` +
      "configuration (no cloud access was needed). Each stack below is a separate Terraform working directory, applied in the order of the graph.",
    "",
    "## Summary",
    "",
    table(
      ["what", "result"],
      [
        ["stacks", review.stacks.length],
        ["resources", resources],
        ["policy rules evaluated per stack", policy.rulesEvaluated],
        ["policy violations", policy.violations.length],
        ["waived findings", policy.waived.length],
        ["expired waivers", policy.expiredWaivers.length],
        ["allowed network connections (application pods)", reachability.allowed.length],
        ["zero-trust probes matching expectation", `${reachability.probes.length - failedProbes.length} of ${reachability.probes.length}`],
      ],
    ),
    "",
  ];
  if (changes) out.push(...changesSection(changes));

  out.push("## Stacks and their order", "", mermaid(dependencyGraph(review.stacks)), "");
  for (const s of review.stacks) {
    const flux =
      s.delivery === "flux" ? ["Delivered by Flux: rendered to `cdktf.out/gitops`, pulled by the cluster; Terraform never applies this stack.", ""] : [];
    out.push(`### ${s.name}`, "", ...flux, table(["resource type", "count"], Object.entries(s.resourceCounts)), "");
  }

  out.push(
    "## Medallion data flow",
    "",
    "Raw files land in `landing`, Data Factory copies them to `bronze`, Databricks cleans them into `silver` and aggregates them into `gold`, " +
      "and Data Factory copies `gold` into Azure SQL for dashboards.",
    "",
    mermaid(medallionMermaid(medallion)),
    "",
    medallion.sources.length
      ? table(
          ["source", "format", "runs", "gold table"],
          medallion.sources.map((s) => [s.name, s.format, s.trigger, s.goldTable]),
        )
      : "No data source is declared.",
    "",
  );

  out.push("## Security posture", "", `Every stack was checked against ${policy.rulesEvaluated} policy rules (\`npm run policy\` lists them).`, "");
  out.push(
    policy.violations.length
      ? table(
          ["rule", "severity", "stack", "resource", "problem", "fix"],
          policy.violations.map((f) => [f.ruleId, f.severity, f.stack, f.path, f.message, f.fix]),
        )
      : "No violation: every finding is either fixed or waived.",
    "",
  );
  out.push("### Active waivers", "");
  out.push(
    policy.waived.length
      ? table(
          ["rule", "stack", "resource", "finding", "reason", "expires"],
          policy.waived.map((f) => [f.ruleId, f.stack, f.path, f.message, f.waiver?.reason, f.waiver?.expires]),
        )
      : "No waiver is in use.",
    "",
  );
  if (policy.expiredWaivers.length) {
    out.push(
      "### Expired waivers (these fail the synth)",
      "",
      table(
        ["rule", "resource", "reason", "expired"],
        policy.expiredWaivers.map((w) => [w.rule, w.resource, w.reason, w.expires]),
      ),
      "",
    );
  }

  out.push(
    "## Network reachability",
    "",
    "Computed offline from the NetworkPolicies with Kubernetes semantics. Each application namespace denies all traffic by default; " +
      "these are the only connections its pods may make or receive (the gateway, kube-dns and the internet are outside the zero-trust namespaces).",
    "",
    table(
      ["from", "to", "port", "allowed by"],
      reachability.allowed.map((c) => [c.from, c.to, `${c.port}/${c.protocol}`, c.allowedBy.join(", ")]),
    ),
    "",
    "### Zero-trust probes",
    "",
    "Connections an attacker or a misconfiguration would try, with what zero trust expects and what the policies decide.",
    "",
    table(
      ["probe", "from", "to", "port", "expected", "actual", "ok"],
      reachability.probes.map((p) => [p.probe, p.from, p.to, `${p.port}/${p.protocol}`, p.expected, p.actual, p.expected === p.actual ? "yes" : "**NO**"]),
    ),
    "",
  );
  return out.join("\n");
}
