import { IFactoryEntity } from "./entity";
import { isExpressionString } from "./expression";
import { Activity, ActivityJson, allActivities, validateActivities } from "./activities/base";
import { collectProblemsAt, propErrorAt } from "../../core/validation";

/**
 * A pipeline parameter declaration. NOTE: azurerm's `parameters` argument is a map(string) and the provider declares
 * every parameter as ADF type `String` with the given default; `type` drives how the default is serialized and is
 * documentation for callers (convert in expressions, e.g. `@int(pipeline().parameters.batchSize)`).
 */
export type PipelineParameter =
  | { readonly type: "String"; /** @default "" */ readonly defaultValue?: string }
  | { readonly type: "Int" | "Float"; /** @default "" */ readonly defaultValue?: number }
  | { readonly type: "Bool"; /** @default "" */ readonly defaultValue?: boolean }
  | { readonly type: "Array"; /** @default "" */ readonly defaultValue?: readonly unknown[] }
  | { readonly type: "Object"; /** @default "" */ readonly defaultValue?: Record<string, unknown> }
  /** Declared as String by azurerm, so it cannot carry a default (it would be stored in plain text). */
  | { readonly type: "SecureString"; /** @default - none (a default is rejected) */ readonly defaultValue?: undefined };

/** A pipeline variable declaration (azurerm declares variables as ADF type `String`, see {@link PipelineParameter}). */
export type PipelineVariable =
  | { readonly type: "String"; /** @default "" */ readonly defaultValue?: string }
  | { readonly type: "Bool"; /** @default "" */ readonly defaultValue?: boolean }
  | { readonly type: "Array"; /** @default "" */ readonly defaultValue?: readonly unknown[] };

/** Options of {@link PipelineDefinition}. */
export interface PipelineDefinitionProps {
  /** Top-level activities (ForEach/If bodies are nested in their activity). */
  readonly activities: readonly Activity[];
  /** Parameters, by name. @default - none */
  readonly parameters?: Record<string, PipelineParameter>;
  /** Variables, by name. @default - none */
  readonly variables?: Record<string, PipelineVariable>;
  /** Name used in error messages, e.g. the pipeline name. @default "PipelineDefinition" */
  readonly name?: string;
}

const PARAM_TYPES = ["String", "Int", "Float", "Bool", "Array", "Object", "SecureString"];
const VARIABLE_TYPES = ["String", "Bool", "Array"];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PARAM_REF = /pipeline\(\)\s*\.\s*parameters\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([^']*)'\s*\])/g;
const VARIABLE_REF = /variables\(\s*'([^']*)'\s*\)/g;

function defaultMatchesType(type: string, value: unknown): boolean {
  switch (type) {
    case "String":
      return typeof value === "string";
    case "Int":
      return Number.isInteger(value);
    case "Float":
      return typeof value === "number" && Number.isFinite(value);
    case "Bool":
      return typeof value === "boolean";
    case "Array":
      return Array.isArray(value);
    case "Object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

/** azurerm takes defaults as strings: numbers/booleans as text, arrays/objects as JSON, missing as "". */
function serializeDefault(value: unknown): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Activities, parameters and variables of one Data Factory pipeline, rendered for `azurerm_data_factory_pipeline`
 * (`activitiesJson()`, `parametersMap()`, `variablesMap()`). Rendering validates the activity graph and that every
 * `pipeline().parameters.X` / `variables('X')` used in an expression is declared.
 */
export class PipelineDefinition {
  public readonly activities: Activity[];
  public readonly parameters: Readonly<Record<string, PipelineParameter>>;
  public readonly variables: Readonly<Record<string, PipelineVariable>>;
  private readonly label: string;

  constructor(props: PipelineDefinitionProps) {
    this.label = props.name ?? "PipelineDefinition";
    this.activities = [...(props.activities ?? [])];
    this.parameters = { ...(props.parameters ?? {}) };
    this.variables = { ...(props.variables ?? {}) };
    collectProblemsAt(this.label, [
      ...this.declarationChecks("parameters", this.parameters, PARAM_TYPES),
      ...this.declarationChecks("variables", this.variables, VARIABLE_TYPES),
      ...Object.entries(this.parameters).map(([name, p]) => () => {
        if (p.type === "SecureString" && p.defaultValue !== undefined) {
          throw propErrorAt(
            this.label,
            `parameters.${name}.defaultValue`,
            "is not allowed for SecureString (azurerm declares it as a plain String)",
            "***",
            "drop the default and pass the secret at run time, or read it from Key Vault.",
          );
        }
      }),
    ]);
  }

  /** Appends top-level activities. */
  public addActivities(...activities: Activity[]): this {
    this.activities.push(...activities);
    return this;
  }

  /** The datasets, linked services and pipelines the activities refer to, each once, in the order referred to. */
  public references(): IFactoryEntity[] {
    return [...new Set(this.activities.flatMap((a) => a.references))];
  }

  /** Validated ADF JSON of the top-level activities. */
  public toJson(): ActivityJson[] {
    if (this.activities.length === 0) throw propErrorAt(this.label, "activities", "must contain at least one activity", [], "add activities.");
    validateActivities(this.activities, this.label);
    const seen = new Set<string>();
    for (const a of allActivities(this.activities)) {
      if (seen.has(a.name)) {
        throw propErrorAt(
          this.label,
          "activities",
          "must have unique names across the whole pipeline, ForEach/If bodies included",
          a.name,
          `rename one of the activities named ${JSON.stringify(a.name)} (also check an activity is not added twice).`,
        );
      }
      seen.add(a.name);
    }
    const json = this.activities.map((a) => a.toJson());
    for (const a of json) this.checkReferences(a, a.name);
    return json;
  }

  /** `activities_json`: the validated activity array as a JSON string. */
  public activitiesJson(): string {
    return JSON.stringify(this.toJson());
  }

  /** azurerm `parameters`: name -> default value as a string (sorted by name). */
  public parametersMap(): Record<string, string> {
    return this.toMap(this.parameters);
  }

  /** azurerm `variables`: name -> default value as a string (sorted by name). */
  public variablesMap(): Record<string, string> {
    return this.toMap(this.variables);
  }

  private toMap(decls: Readonly<Record<string, { defaultValue?: unknown }>>): Record<string, string> {
    return Object.fromEntries(
      Object.keys(decls)
        .sort()
        .map((k) => [k, serializeDefault(decls[k].defaultValue)]),
    );
  }

  /** One check per declaration: its name, type and default. */
  private declarationChecks(kind: string, decls: Record<string, { type: string; defaultValue?: unknown }>, types: readonly string[]): Array<() => void> {
    return Object.entries(decls).map(([name, d]) => () => {
      if (!IDENTIFIER.test(name)) {
        throw propErrorAt(this.label, kind, "names must be letters, digits and '_' and not start with a digit", name, 'rename it, e.g. "source_folder".');
      }
      if (!types.includes(d?.type)) {
        throw propErrorAt(this.label, `${kind}.${name}.type`, `must be one of ${types.join(", ")}`, d?.type, "pick a supported type.");
      }
      if (d.type !== "SecureString" && d.defaultValue !== undefined && !defaultMatchesType(d.type, d.defaultValue)) {
        throw propErrorAt(
          this.label,
          `${kind}.${name}.defaultValue`,
          `must match type ${d.type}`,
          d.defaultValue,
          `give a ${d.type} default or change the type.`,
        );
      }
    });
  }

  /** Walks activity JSON: every parameter/variable used in an expression (and every SetVariable target) is declared. */
  private checkReferences(node: unknown, activity: string): void {
    if (typeof node === "string") {
      const evaluated = isExpressionString(node) || (node as string).includes("@{");
      if (!evaluated) return;
      for (const m of node.matchAll(PARAM_REF)) this.requireDeclared("parameter", m[1] ?? m[2], activity, node);
      for (const m of node.matchAll(VARIABLE_REF)) this.requireDeclared("variable", m[1], activity, node);
      return;
    }
    if (Array.isArray(node)) {
      for (const n of node) this.checkReferences(n, activity);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const o = node as Record<string, unknown>;
    const current = typeof o.name === "string" && "typeProperties" in o ? o.name : activity;
    if (o.type === "SetVariable") {
      const target = (o.typeProperties as { variableName?: string } | undefined)?.variableName;
      if (target !== undefined) this.requireDeclared("variable", target, current, `SetVariable ${target}`);
    }
    for (const v of Object.values(o)) this.checkReferences(v, current);
  }

  private requireDeclared(kind: "parameter" | "variable", name: string, activity: string, where: string): void {
    const decls = kind === "parameter" ? this.parameters : this.variables;
    if (Object.prototype.hasOwnProperty.call(decls, name)) return;
    const declared = Object.keys(decls);
    throw propErrorAt(
      `${this.label} activity ${JSON.stringify(activity)}`,
      `${kind} ${JSON.stringify(name)}`,
      `is used but not declared (in ${JSON.stringify(where)})`,
      name,
      `declare it in ${kind}s or fix the name (declared: ${declared.length > 0 ? declared.join(", ") : "none"}).`,
    );
  }
}
