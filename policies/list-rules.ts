/** `npm run policy`: the policy pack as a Markdown table (id, severity, mirrored Checkov/Trivy ids, description). */
import { ALL_RULES } from "./rules";

export function rulesTable(): string {
  const rows = ALL_RULES.map((r) => `| ${r.id} | ${r.severity} | ${r.mirrors?.checkov ?? "-"} | ${r.mirrors?.trivy ?? "-"} | ${r.title} |`);
  return ["| id | severity | Checkov | Trivy | rule |", "| --- | --- | --- | --- | --- |", ...rows].join("\n");
}

if (require.main === module) {
  console.log(rulesTable());
  console.log(`\n${ALL_RULES.length} rules. Details (rationale, fix): policies/rules/*.ts. Waivers: policy.waivers in config/<env>.yaml.`);
}
