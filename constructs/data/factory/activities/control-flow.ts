import { Dynamic, Expression, expr, isExpression, isExpressionString, toDynamic } from "../expression";
import {
  Activity,
  ActivityProps,
  checkInt,
  checkNonEmpty,
  compact,
  ParameterValue,
  PipelineReference,
  renderParameters,
  renderPipelineReference,
  validateActivities,
} from "./base";
import { collectProblemsAt, propErrorAt } from "../../../core/validation";

/** Accepts an `@...` string or an Expression object; throws for anything else. */
function requireExpression(owner: string, prop: string, value: string | Expression): Expression {
  if (isExpression(value)) return expr(value.value);
  if (!isExpressionString(value)) {
    throw propErrorAt(owner, prop, "must be an ADF expression starting with '@'", value, `write it as "@...", e.g. "@pipeline().parameters.tables".`);
  }
  return expr(value);
}

/** Throws when `inner` contains an activity type ADF does not allow inside `container`. */
function checkNesting(owner: string, prop: string, inner: readonly Activity[], forbidden: readonly string[], fix: string): void {
  for (const a of inner) {
    if (forbidden.includes(a.type)) throw propErrorAt(owner, prop, `cannot contain a ${a.type} activity`, a.name, fix);
  }
}

/** Options of {@link ForEachActivity}. */
export interface ForEachActivityProps extends ActivityProps {
  /** Array to iterate, e.g. `activityOutput("Lookup tables", "value")`; each element is `@item()`. */
  readonly items: string | Expression;
  /** Activities run for each item (their own container: dependencies stay inside). */
  readonly activities: readonly Activity[];
  /** Run iterations one at a time. @default false */
  readonly isSequential?: boolean;
  /** Parallel iterations (1..50) when not sequential. @default 20 (service default) */
  readonly batchCount?: number;
}

/** Runs activities for each element of an array (`ForEach`). */
export class ForEachActivity extends Activity {
  public readonly type = "ForEach";
  private readonly items: Expression;

  constructor(
    name: string,
    private readonly props: ForEachActivityProps,
  ) {
    super(name, props, "ForEachActivity");
    let items: Expression | undefined;
    collectProblemsAt(this.label, [
      () => (items = requireExpression(this.label, "items", props.items)),
      () => {
        if (!Array.isArray(props.activities) || props.activities.length === 0) {
          throw propErrorAt(this.label, "activities", "must contain at least one activity", props.activities, "add the activities to run per item.");
        }
        checkNesting(
          this.label,
          "activities",
          props.activities,
          ["ForEach"],
          "ADF cannot nest ForEach loops: move the inner loop to a child pipeline (ExecutePipelineActivity).",
        );
      },
      () => {
        checkInt(this.label, "batchCount", props.batchCount, 1, 50);
        if (props.isSequential && props.batchCount !== undefined) {
          throw propErrorAt(
            this.label,
            "batchCount",
            "only applies when isSequential is false",
            props.batchCount,
            "drop batchCount or set isSequential: false.",
          );
        }
      },
    ]);
    this.items = items!;
    validateActivities(props.activities, this.containers[0].label);
  }

  public override get containers(): ReadonlyArray<{ readonly label: string; readonly activities: readonly Activity[] }> {
    return [{ label: `${this.label} activities`, activities: this.props.activities }];
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    validateActivities(this.props.activities, this.containers[0].label);
    return compact({
      isSequential: this.props.isSequential ?? false,
      batchCount: this.props.batchCount,
      items: this.items,
      activities: this.props.activities.map((a) => a.toJson()),
    });
  }
}

/** Options of {@link IfConditionActivity}. */
export interface IfConditionActivityProps extends ActivityProps {
  /** Boolean expression, e.g. `@greater(activity('Lookup').output.count, 0)`. */
  readonly expression: string | Expression;
  /** Activities run when the expression is true. @default - none */
  readonly ifTrue?: readonly Activity[];
  /** Activities run when the expression is false. @default - none */
  readonly ifFalse?: readonly Activity[];
}

/** Branches on a boolean expression (`IfCondition`). */
export class IfConditionActivity extends Activity {
  public readonly type = "IfCondition";
  private readonly expression: Expression;

  constructor(
    name: string,
    private readonly props: IfConditionActivityProps,
  ) {
    super(name, props, "IfConditionActivity");
    let expression: Expression | undefined;
    collectProblemsAt(this.label, [
      () => (expression = requireExpression(this.label, "expression", props.expression)),
      () => {
        if ((props.ifTrue?.length ?? 0) + (props.ifFalse?.length ?? 0) === 0) {
          throw propErrorAt(this.label, "ifTrue/ifFalse", "must contain at least one activity", [], "add activities to ifTrue or ifFalse.");
        }
      },
      ...this.containers.map((c) => () => {
        checkNesting(
          this.label,
          c.label,
          c.activities,
          ["ForEach", "IfCondition"],
          "ADF cannot nest ForEach or If inside an If branch: move them to a child pipeline (ExecutePipelineActivity).",
        );
      }),
    ]);
    this.expression = expression!;
    for (const c of this.containers) validateActivities(c.activities, c.label);
  }

  public override get containers(): ReadonlyArray<{ readonly label: string; readonly activities: readonly Activity[] }> {
    return [
      { label: `${this.label} ifTrue`, activities: this.props.ifTrue ?? [] },
      { label: `${this.label} ifFalse`, activities: this.props.ifFalse ?? [] },
    ];
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    for (const c of this.containers) validateActivities(c.activities, c.label);
    return compact({
      expression: this.expression,
      ifTrueActivities: this.props.ifTrue?.map((a) => a.toJson()),
      ifFalseActivities: this.props.ifFalse?.map((a) => a.toJson()),
    });
  }
}

/** Options of {@link ExecutePipelineActivity}. */
export interface ExecutePipelineActivityProps extends ActivityProps {
  /** The child pipeline. */
  readonly pipeline: PipelineReference;
  /** Arguments for the child pipeline's parameters. @default - none */
  readonly parameters?: Record<string, ParameterValue>;
  /** Wait for the child run to finish (and fail if it fails). @default true */
  readonly waitOnCompletion?: boolean;
  /** Keep the activity input out of monitoring logs. @default false */
  readonly secureInput?: boolean;
}

/** Runs another pipeline (`ExecutePipeline`). */
export class ExecutePipelineActivity extends Activity {
  public readonly type = "ExecutePipeline";

  constructor(
    name: string,
    private readonly props: ExecutePipelineActivityProps,
  ) {
    super(name, props, "ExecutePipelineActivity");
    this.refersTo("pipeline", "Pipeline", props.pipeline);
  }

  protected override renderPolicy(): Record<string, unknown> | undefined {
    return this.props.secureInput === undefined ? undefined : { secureInput: this.props.secureInput };
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    return compact({
      pipeline: renderPipelineReference(this.label, "pipeline", this.props.pipeline),
      waitOnCompletion: this.props.waitOnCompletion ?? true,
      parameters: renderParameters(this.props.parameters),
    });
  }
}

/** Options of {@link SetVariableActivity}. */
export interface SetVariableActivityProps extends ActivityProps {
  /** A variable declared on the pipeline. */
  readonly variableName: string;
  /** New value: a literal or an `@...` expression. */
  readonly value: ParameterValue;
  /** Keep the activity input out of monitoring logs. @default false */
  readonly secureInput?: boolean;
  /** Keep the activity output out of monitoring logs. @default false */
  readonly secureOutput?: boolean;
}

/** Sets a pipeline variable (`SetVariable`). */
export class SetVariableActivity extends Activity {
  public readonly type = "SetVariable";

  constructor(
    name: string,
    private readonly props: SetVariableActivityProps,
  ) {
    super(name, props, "SetVariableActivity");
    collectProblemsAt(this.label, [
      () => checkNonEmpty(this.label, "variableName", props.variableName),
      () => {
        if (props.value === undefined || props.value === null) {
          throw propErrorAt(this.label, "value", "must be set", props.value, 'pass a literal or an "@..." expression.');
        }
      },
    ]);
  }

  protected override renderPolicy(): Record<string, unknown> | undefined {
    const { secureInput, secureOutput } = this.props;
    return secureInput === undefined && secureOutput === undefined ? undefined : compact({ secureOutput, secureInput });
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    return { variableName: this.props.variableName, value: toDynamic(this.props.value as Dynamic<string>) };
  }
}

/** Options of {@link WaitActivity}. */
export interface WaitActivityProps extends ActivityProps {
  /** Seconds to wait (>= 0), or an `@...` expression. */
  readonly waitTimeInSeconds: number | string;
}

/** Pauses the pipeline (`Wait`). */
export class WaitActivity extends Activity {
  public readonly type = "Wait";

  constructor(
    name: string,
    private readonly props: WaitActivityProps,
  ) {
    super(name, props, "WaitActivity");
    const t = props.waitTimeInSeconds;
    if (typeof t === "string") requireExpression(this.label, "waitTimeInSeconds", t);
    else checkInt(this.label, "waitTimeInSeconds", t, 0);
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    return { waitTimeInSeconds: toDynamic(this.props.waitTimeInSeconds) };
  }
}

/** Options of {@link FailActivity}. */
export interface FailActivityProps extends ActivityProps {
  /** Error message (literal or `@...` expression). */
  readonly message: string;
  /** Error code (literal or `@...` expression). */
  readonly errorCode: string;
}

/** Fails the pipeline (or the enclosing ForEach/If) with a custom error (`Fail`). */
export class FailActivity extends Activity {
  public readonly type = "Fail";

  constructor(
    name: string,
    private readonly props: FailActivityProps,
  ) {
    super(name, props, "FailActivity");
    collectProblemsAt(this.label, [() => checkNonEmpty(this.label, "message", props.message), () => checkNonEmpty(this.label, "errorCode", props.errorCode)]);
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    return { message: toDynamic(this.props.message), errorCode: toDynamic(this.props.errorCode) };
  }
}
