import { Dynamic, toDynamic } from "../expression";
import { LinkedServiceReference, checkNonEmpty, checkTimespan, compact, renderLinkedServiceReference } from "./base";
import { ExecutionActivity, ExecutionActivityProps } from "./execution";
import { collectProblemsAt, propErrorAt } from "../../../core/validation";

/** One statement batch of a {@link ScriptActivity}. */
export interface ScriptBlock {
  /** `NonQuery` for DDL/DML, `Query` when the block returns rows. */
  readonly type: "Query" | "NonQuery";
  /** The SQL text, or an expression that builds it (quote what comes from parameters). */
  readonly text: Dynamic<string>;
}

/** Options of {@link ScriptActivity}. */
export interface ScriptActivityProps extends ExecutionActivityProps {
  /** The database's linked service (Azure SQL, Synapse, ...). */
  readonly linkedService: LinkedServiceReference;
  /** Batches run in order. */
  readonly scripts: readonly ScriptBlock[];
  /** Timeout of each batch, `[d.]hh:mm:ss`. @default "02:00:00" (service default) */
  readonly scriptBlockExecutionTimeout?: string;
}

/** Runs SQL batches on a database (`Script`), e.g. DDL that must exist before a copy. */
export class ScriptActivity extends ExecutionActivity {
  public readonly type = "Script";

  constructor(
    name: string,
    private readonly props: ScriptActivityProps,
  ) {
    super(name, props, "ScriptActivity");
    const scripts = Array.isArray(props.scripts) ? props.scripts : [];
    collectProblemsAt(this.label, [
      () => this.refersTo("linkedService", "LinkedService", props.linkedService),
      () => {
        if (scripts.length === 0) {
          throw propErrorAt(this.label, "scripts", "must contain at least one batch", props.scripts, 'add { type: "NonQuery", text: "..." }.');
        }
      },
      ...scripts.flatMap((s, i) => [
        () => {
          if (s.type !== "Query" && s.type !== "NonQuery")
            throw propErrorAt(this.label, `scripts[${i}].type`, "must be Query or NonQuery", s.type, "pick one.");
        },
        () => checkNonEmpty(this.label, `scripts[${i}].text`, s.text),
      ]),
      () => checkTimespan(this.label, "scriptBlockExecutionTimeout", props.scriptBlockExecutionTimeout),
    ]);
  }

  protected override renderExtra(): Record<string, unknown> {
    return { linkedServiceName: renderLinkedServiceReference(this.label, "linkedService", this.props.linkedService) };
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    return compact({
      scripts: this.props.scripts.map((s) => ({ type: s.type, text: toDynamic(s.text) })),
      scriptBlockExecutionTimeout: this.props.scriptBlockExecutionTimeout,
    });
  }
}
