import { stringify } from "yaml";
import { KubeManifest } from "../constructs/kubernetes/kube-object";

/**
 * A `${...}` that is not escaped (`$${...}`): a Terraform reference in a manifest Terraform applies, a post-build
 * variable in one Flux applies. Group 2 is what stands between the braces.
 */
export const TEMPLATE_REFERENCE = /(^|[^$])\$\{([^}]*)\}/g;

/** Terraform's `$${` and `%%{` escapes back to the literal `${` and `%{` (see escapeTemplateSyntax). */
export function unescapeTemplateSyntax(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
  if (Array.isArray(value)) return value.map(unescapeTemplateSyntax);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeTemplateSyntax(v)]));
  return value;
}

/**
 * One object as a file: comment lines, then the object. CRDs are large, upstream-owned and never read by people:
 * written as JSON, which is YAML too, and fast.
 */
export function manifestYaml(header: readonly string[], manifest: KubeManifest): string {
  // aliasDuplicateObjects off: a manifest is plain data parsed from JSON, with no object in it twice, so yaml's search
  // for repeated objects (to write anchors) finds none; it was a third of the export's time and allocations.
  const body =
    manifest.kind === "CustomResourceDefinition"
      ? `${JSON.stringify(manifest)}\n`
      : stringify(manifest, { sortMapEntries: false, aliasDuplicateObjects: false });
  return `${header.join("\n")}\n${body}`;
}
