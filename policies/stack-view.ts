import { parse } from "yaml";
import { ResourceView, StackView } from "./types";

/** Builds the view rules read from a synthesized stack's JSON (`cdk.tf.json` or `stack.resolve(stack.toTerraform())`). */
export function stackView(stack: string, json: any, environment: string, production: boolean, siblings: readonly StackView[] = []): StackView {
  const resources: ResourceView[] = [];
  for (const [type, byName] of Object.entries<Record<string, any>>(json?.resource ?? {})) {
    for (const [name, attrs] of Object.entries<any>(byName)) {
      const path: string = attrs?.["//"]?.metadata?.path ?? `${stack}/${type}.${name}`;
      resources.push({ type, name, path, attrs });
    }
  }
  return { stack, environment, production, resources, siblings };
}

/** This stack and its siblings (the environment's stacks that are known). */
export function environmentStacks(view: StackView): StackView[] {
  return [view, ...(view.siblings ?? [])];
}

/** Resources of one or more types. */
export function ofType(view: StackView, ...types: string[]): ResourceView[] {
  return view.resources.filter((r) => types.includes(r.type));
}

/** The `${type.name.` prefix of references to this resource's attributes. */
export function referenceTo(resource: ResourceView): string {
  return `\${${resource.type}.${resource.name}.`;
}

/** True when `value` (any JSON) contains a reference to `resource`. */
export function refersTo(value: unknown, resource: ResourceView): boolean {
  return JSON.stringify(value ?? null).includes(referenceTo(resource));
}

/** First element of a Terraform block that cdktf may render as an object or a one-element list. */
export function block(value: any): any {
  return Array.isArray(value) ? value[0] : value;
}

/** `kubernetes_manifest` resources with their manifest. */
export function manifests(view: StackView, kind?: string): (ResourceView & { manifest: any })[] {
  return ofType(view, "kubernetes_manifest")
    .map((r) => ({ ...r, manifest: r.attrs.manifest }))
    .filter((r) => r.manifest && (kind === undefined || r.manifest.kind === kind));
}

/** The values document of a helm_release (the first `values` entry), parsed; {} when absent or unparsable. */
export function releaseValues(r: ResourceView): any {
  const first = ([] as unknown[]).concat(r.attrs.values ?? [])[0];
  try {
    return typeof first === "string" ? (parse(first) ?? {}) : {};
  } catch {
    return {};
  }
}
