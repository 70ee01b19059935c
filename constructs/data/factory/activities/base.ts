import { Dynamic, toDynamic } from "../expression";
import { collectProblemsAt, propErrorAt } from "../../../core/validation";
import { checkEntityKind, FactoryEntityKind, IFactoryEntity } from "../entity";

/** Outcome of an upstream activity that lets a dependent activity run. */
export type DependencyCondition = "Succeeded" | "Failed" | "Skipped" | "Completed";

const DEPENDENCY_CONDITIONS: readonly DependencyCondition[] = ["Succeeded", "Failed", "Skipped", "Completed"];

/** A value ADF accepts in parameter maps: literals, `@...` expressions (turned into Expression objects), arrays, objects. */
export type ParameterValue = Dynamic<string | number | boolean> | readonly ParameterValue[] | { readonly [key: string]: ParameterValue };

/** Reference to a dataset, with arguments for its parameters. */
export interface DatasetReference {
  /** The dataset construct (its name is the reference; the pipeline depends on it). */
  readonly target: IFactoryEntity;
  /** @default - no arguments */
  readonly parameters?: Record<string, ParameterValue>;
}

/** Reference to a linked service, with arguments for its parameters. */
export interface LinkedServiceReference {
  /** The linked service construct (its name is the reference; the pipeline depends on it). */
  readonly target: IFactoryEntity;
  /** @default - no arguments */
  readonly parameters?: Record<string, ParameterValue>;
}

/** Reference to another pipeline of the same factory. */
export interface PipelineReference {
  /** The pipeline construct (its name is the reference; the calling pipeline depends on it). */
  readonly target: IFactoryEntity;
}

/** A reference to `dataset`, with arguments for its parameters. */
export function datasetRef(dataset: IFactoryEntity, parameters?: Record<string, ParameterValue>): DatasetReference {
  return { target: dataset, parameters };
}

/** A reference to `linkedService`, with arguments for its parameters. */
export function linkedServiceRef(linkedService: IFactoryEntity, parameters?: Record<string, ParameterValue>): LinkedServiceReference {
  return { target: linkedService, parameters };
}

/** A reference to `pipeline`. */
export function pipelineRef(pipeline: IFactoryEntity): PipelineReference {
  return { target: pipeline };
}

/** ADF JSON of one activity. */
export interface ActivityJson {
  readonly name: string;
  readonly type: string;
  readonly [key: string]: unknown;
}

/** Options every activity accepts. */
export interface ActivityProps {
  /** @default - no description */
  readonly description?: string;
  /** Name/value pairs shown in the monitoring view. @default - none */
  readonly userProperties?: Record<string, Dynamic<string>>;
  /** `Inactive` deactivates the activity (it is skipped, reporting `onInactiveMarkAs`). @default "Active" */
  readonly state?: "Active" | "Inactive";
  /** Status reported by an inactive activity. @default "Succeeded" */
  readonly onInactiveMarkAs?: "Succeeded" | "Failed" | "Skipped";
}

/** Throws unless value is an integer in [min, max]. */
export function checkInt(owner: string, prop: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    throw propErrorAt(owner, prop, `must be a whole number ${range}`, value, `set ${prop} to a whole number ${range}.`);
  }
}

/** TimeSpan `[d.]hh:mm:ss` (hh 00-23), as ADF timeouts and retry waits take. */
const TIMESPAN = /^(?:(\d+)\.)?([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;

/** Throws unless a literal timespan matches `[d.]hh:mm:ss`, optionally capped at maxDays. Expressions are skipped. */
export function checkTimespan(owner: string, prop: string, value: string | undefined, maxDays?: number): void {
  if (value === undefined || value.startsWith("@")) return;
  const m = TIMESPAN.exec(value);
  const days = m ? Number(m[1] ?? 0) + (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) / 86400 : NaN;
  if (!m || (maxDays !== undefined && days > maxDays)) {
    const cap = maxDays === undefined ? "" : ` and at most ${maxDays} days`;
    throw propErrorAt(owner, prop, `must be a timespan "d.hh:mm:ss" or "hh:mm:ss"${cap}`, value, `write e.g. "0.12:00:00" for 12 hours.`);
  }
}

/** Throws unless a string is non-empty. */
export function checkNonEmpty(owner: string, prop: string, value: unknown): void {
  if (typeof value === "string" ? value.trim().length === 0 : value === undefined || value === null) {
    throw propErrorAt(owner, prop, "must be non-empty", value, `set ${prop}.`);
  }
}

/** Characters ADF rejects in activity names. */
const FORBIDDEN_NAME_CHARS = /[.+?/<>*%&:\\]/;

/** Throws unless `name` is a valid ADF activity name (1-55 chars, none of `. + ? / < > * % & : \`). */
export function checkActivityName(kind: string, name: string): void {
  if (typeof name !== "string" || name.length < 1 || name.length > 55 || FORBIDDEN_NAME_CHARS.test(name) || name.trim() !== name) {
    throw propErrorAt(
      `${kind} ${JSON.stringify(name)}`,
      "name",
      "must be 1-55 characters, without leading/trailing spaces and without any of . + ? / < > * % & : \\",
      name,
      "use letters, digits, spaces, '_' or '-', e.g. \"Copy raw to bronze\".",
    );
  }
}

/** Drops undefined entries, keeping key order. */
export function compact(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

/** Renders a parameter map: sorted keys (stable JSON), `@...` string values as Expression objects. */
export function renderParameters(params: Record<string, ParameterValue> | undefined): Record<string, unknown> | undefined {
  if (params === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(params).sort()) out[key] = toDynamic(params[key] as Dynamic<string>);
  return out;
}

function renderRef(
  owner: string,
  prop: string,
  kind: FactoryEntityKind,
  ref: { target: IFactoryEntity; parameters?: Record<string, ParameterValue> },
): Record<string, unknown> {
  checkEntityKind(owner, `${prop}.target`, ref?.target, kind);
  return compact({ referenceName: ref.target.name, type: `${kind}Reference`, parameters: renderParameters(ref.parameters) });
}

/** `{ referenceName, type: "DatasetReference", parameters }`. */
export function renderDatasetReference(owner: string, prop: string, ref: DatasetReference): Record<string, unknown> {
  return renderRef(owner, prop, "Dataset", ref);
}

/** `{ referenceName, type: "LinkedServiceReference", parameters }`. */
export function renderLinkedServiceReference(owner: string, prop: string, ref: LinkedServiceReference): Record<string, unknown> {
  return renderRef(owner, prop, "LinkedService", ref);
}

/** `{ referenceName, type: "PipelineReference" }`. */
export function renderPipelineReference(owner: string, prop: string, ref: PipelineReference): Record<string, unknown> {
  return renderRef(owner, prop, "Pipeline", ref);
}

/** A dependency of one activity on another of the same container. */
export interface ActivityDependency {
  readonly activity: Activity;
  readonly conditions: readonly DependencyCondition[];
}

/**
 * Base of every activity builder: name, description, dependencies (`after`) and user properties. Subclasses render
 * their `typeProperties` and, where ADF allows one, their `policy`.
 */
export abstract class Activity {
  /** ADF activity type, e.g. `Copy`. */
  public abstract readonly type: string;
  /** Builder name used in error messages, e.g. `CopyActivity "Copy orders"`. */
  public readonly label: string;
  private readonly deps = new Map<Activity, DependencyCondition[]>();
  private readonly referenced: IFactoryEntity[] = [];

  protected constructor(
    public readonly name: string,
    private readonly baseProps: ActivityProps,
    kind: string,
  ) {
    this.label = `${kind} ${JSON.stringify(name)}`;
    collectProblemsAt(this.label, [
      () => checkActivityName(kind, name),
      () => {
        if (baseProps.onInactiveMarkAs !== undefined && baseProps.state !== "Inactive") {
          throw propErrorAt(
            this.label,
            "onInactiveMarkAs",
            'only applies when state is "Inactive"',
            baseProps.onInactiveMarkAs,
            'set state: "Inactive" or drop onInactiveMarkAs.',
          );
        }
      },
    ]);
  }

  /**
   * Runs this activity after `other` reaches one of `conditions` (default `Succeeded`). Both must be in the same
   * container (pipeline, ForEach or If branch). Calling it again for the same activity adds conditions.
   */
  public after(other: Activity, ...conditions: DependencyCondition[]): this {
    if (!(other instanceof Activity)) throw propErrorAt(this.label, "after()", "needs an Activity", other, "pass an activity builder.");
    if (other === this) throw propErrorAt(this.label, "after()", "cannot depend on itself", other.name, "depend on another activity.");
    const wanted = conditions.length === 0 ? (["Succeeded"] as DependencyCondition[]) : conditions;
    for (const c of wanted) {
      if (!DEPENDENCY_CONDITIONS.includes(c)) {
        throw propErrorAt(this.label, "after() condition", `must be one of ${DEPENDENCY_CONDITIONS.join(", ")}`, c, "use a DependencyCondition.");
      }
    }
    const existing = this.deps.get(other) ?? [];
    this.deps.set(other, [...existing, ...wanted.filter((c) => !existing.includes(c))]);
    return this;
  }

  /**
   * The factory entities (datasets, linked services, pipelines) this activity and its inner activities refer to,
   * each once, in the order referred to: the pipeline that holds the activity depends on them.
   */
  public get references(): IFactoryEntity[] {
    return [...new Set([...this.referenced, ...this.containers.flatMap((c) => c.activities.flatMap((a) => a.references))])];
  }

  /** Checks and records a reference the subclass takes (call it from the constructor; an absent optional one is skipped). */
  protected refersTo(prop: string, kind: FactoryEntityKind, ref: { readonly target: IFactoryEntity } | undefined, optional = false): void {
    if (ref === undefined && optional) return;
    checkEntityKind(this.label, `${prop}.target`, ref?.target, kind);
    this.referenced.push(ref!.target);
  }

  /** Dependencies added with {@link after}. */
  public get dependencies(): ActivityDependency[] {
    return [...this.deps].map(([activity, conditions]) => ({ activity, conditions }));
  }

  /** Inner activity lists (ForEach body, If branches); empty for other activities. */
  public get containers(): ReadonlyArray<{ readonly label: string; readonly activities: readonly Activity[] }> {
    return [];
  }

  /** ADF JSON of this activity (inner activity lists are validated). */
  public toJson(): ActivityJson {
    const p = this.baseProps;
    return compact({
      name: this.name,
      type: this.type,
      description: p.description,
      state: p.state,
      onInactiveMarkAs: p.onInactiveMarkAs,
      dependsOn: this.dependencies.map((d) => ({ activity: d.activity.name, dependencyConditions: [...d.conditions] })),
      policy: this.renderPolicy(),
      userProperties: Object.entries(p.userProperties ?? {}).map(([name, value]) => ({ name, value: toDynamic(value) })),
      ...this.renderExtra(),
      typeProperties: this.renderTypeProperties(),
    }) as unknown as ActivityJson;
  }

  /** `policy` object, for activity types whose schema has one. */
  protected renderPolicy(): Record<string, unknown> | undefined {
    return undefined;
  }

  /** Top-level properties besides the common ones (linkedServiceName, inputs, outputs). */
  protected renderExtra(): Record<string, unknown> {
    return {};
  }

  /** The activity's `typeProperties`. */
  protected abstract renderTypeProperties(): Record<string, unknown>;
}

/**
 * Validates one container's activity list (a pipeline, a ForEach body or an If branch): unique names, dependencies
 * only on activities of the same list, no dependency cycles. Inner containers are validated recursively.
 */
export function validateActivities(activities: readonly Activity[], container = "pipeline"): void {
  const byName = new Map<string, Activity>();
  for (const a of activities) {
    if (!(a instanceof Activity)) throw propErrorAt(container, "activities", "must only contain activity builders", a, "pass Activity instances.");
    if (byName.has(a.name)) {
      throw propErrorAt(container, "activities", "must have unique names", a.name, `rename one of the activities named ${JSON.stringify(a.name)}.`);
    }
    byName.set(a.name, a);
  }
  const members = new Set(activities);
  for (const a of activities) {
    for (const d of a.dependencies) {
      if (!members.has(d.activity)) {
        throw propErrorAt(
          a.label,
          "after()",
          `depends on an activity that is not in the same container (${container})`,
          d.activity.name,
          `add ${JSON.stringify(d.activity.name)} to the same activity list, or remove the dependency (ForEach/If branches cannot depend on outer activities).`,
        );
      }
    }
  }
  // Cycle detection: depth-first search with an explicit path.
  const state = new Map<Activity, "visiting" | "done">();
  const visit = (a: Activity, path: Activity[]): void => {
    if (state.get(a) === "done") return;
    if (state.get(a) === "visiting") {
      const cycle = [...path.slice(path.indexOf(a)), a].map((x) => x.name).join(" -> ");
      throw propErrorAt(container, "activities", "must not have dependency cycles", cycle, "remove one of the after() calls in the cycle.");
    }
    state.set(a, "visiting");
    for (const d of a.dependencies) visit(d.activity, [...path, a]);
    state.set(a, "done");
  };
  for (const a of activities) visit(a, []);
  for (const a of activities) for (const c of a.containers) validateActivities(c.activities, c.label);
}

/** Every activity of the list, including those nested in ForEach/If, depth first. */
export function allActivities(activities: readonly Activity[]): Activity[] {
  return activities.flatMap((a) => [a, ...a.containers.flatMap((c) => allActivities(c.activities))]);
}
