import { Dynamic, toDynamic } from "../expression";
import { Activity, ActivityProps, checkInt, checkNonEmpty, checkTimespan, compact, LinkedServiceReference, renderLinkedServiceReference } from "./base";
import { collectProblemsAt, propErrorAt } from "../../../core/validation";

/** Execution policy of a data-movement or compute activity (Copy, Lookup, DatabricksNotebook). */
export interface ActivityPolicy {
  /** Maximum run time, `d.hh:mm:ss` (at most 7 days). @default "7.00:00:00" (service default) */
  readonly timeout?: string;
  /** Retry attempts after a failure (>= 0). @default 0 */
  readonly retry?: number;
  /** Seconds between retries (30..86400). @default 30 */
  readonly retryIntervalInSeconds?: number;
  /** Keep the activity input out of monitoring logs. @default false */
  readonly secureInput?: boolean;
  /** Keep the activity output out of monitoring logs. @default false */
  readonly secureOutput?: boolean;
}

/** Options of activities that run on a compute or data store (they take a policy). */
export interface ExecutionActivityProps extends ActivityProps {
  /** Timeout, retries and secure input/output. @default - ADF defaults (no policy block) */
  readonly policy?: ActivityPolicy;
}

/** Validates and renders an {@link ActivityPolicy}. */
export function renderActivityPolicy(owner: string, policy: ActivityPolicy | undefined): Record<string, unknown> | undefined {
  if (policy === undefined) return undefined;
  collectProblemsAt(owner, [
    () => checkTimespan(owner, "policy.timeout", policy.timeout, 7),
    () => checkInt(owner, "policy.retry", policy.retry, 0),
    () => checkInt(owner, "policy.retryIntervalInSeconds", policy.retryIntervalInSeconds, 30, 86400),
  ]);
  return compact({
    timeout: policy.timeout,
    retry: policy.retry,
    retryIntervalInSeconds: policy.retryIntervalInSeconds,
    secureOutput: policy.secureOutput,
    secureInput: policy.secureInput,
  });
}

/** Base of activities with an {@link ActivityPolicy}. */
export abstract class ExecutionActivity extends Activity {
  private readonly policy?: Record<string, unknown>;

  protected constructor(name: string, props: ExecutionActivityProps, kind: string) {
    super(name, props, kind);
    this.policy = renderActivityPolicy(this.label, props.policy);
  }

  protected override renderPolicy(): Record<string, unknown> | undefined {
    return this.policy;
  }
}

/** A PyPI or CRAN package for a Databricks cluster. */
export interface DatabricksPackageLibrary {
  /** Package spec, e.g. `pandas==2.2.0`. */
  readonly package: string;
  /** Package index URL. @default - the public index */
  readonly repo?: string;
}

/** A Maven artifact for a Databricks cluster. */
export interface DatabricksMavenLibrary {
  /** `group:artifact:version`. */
  readonly coordinates: string;
  /** Maven repository URL. @default - Maven Central */
  readonly repo?: string;
  /** Dependencies to exclude, `group:artifact`. @default - none */
  readonly exclusions?: readonly string[];
}

/** A library installed on the Databricks job cluster. */
export type DatabricksLibrary =
  | { readonly jar: string }
  | { readonly egg: string }
  | { readonly whl: string }
  | { readonly pypi: DatabricksPackageLibrary }
  | { readonly maven: DatabricksMavenLibrary }
  | { readonly cran: DatabricksPackageLibrary };

/** Options of {@link DatabricksNotebookActivity}. */
export interface DatabricksNotebookActivityProps extends ExecutionActivityProps {
  /** The Azure Databricks linked service that runs the notebook. */
  readonly linkedService: LinkedServiceReference;
  /** Absolute workspace path of the notebook (starts with `/`), or an `@...` expression. */
  readonly notebookPath: string;
  /** Widget values passed to the notebook (`dbutils.widgets.get`). @default - none */
  readonly baseParameters?: Record<string, Dynamic<string>>;
  /** Libraries installed on the job cluster. @default - none */
  readonly libraries?: readonly DatabricksLibrary[];
}

const LIBRARY_KINDS = ["jar", "egg", "whl", "pypi", "maven", "cran"];

/** Runs a Databricks notebook (`DatabricksNotebook`). */
export class DatabricksNotebookActivity extends ExecutionActivity {
  public readonly type = "DatabricksNotebook";

  constructor(
    name: string,
    private readonly props: DatabricksNotebookActivityProps,
  ) {
    super(name, props, "DatabricksNotebookActivity");
    collectProblemsAt(this.label, [
      () => this.refersTo("linkedService", "LinkedService", props.linkedService),
      () => {
        checkNonEmpty(this.label, "notebookPath", props.notebookPath);
        if (!props.notebookPath.startsWith("/") && !props.notebookPath.startsWith("@")) {
          throw propErrorAt(
            this.label,
            "notebookPath",
            "must be an absolute workspace path starting with '/'",
            props.notebookPath,
            'write e.g. "/Repos/data/bronze/ingest" or use an expression.',
          );
        }
      },
      ...(props.libraries ?? []).map((lib) => () => {
        const keys = Object.keys(lib);
        if (keys.length !== 1 || !LIBRARY_KINDS.includes(keys[0])) {
          throw propErrorAt(
            this.label,
            "libraries",
            `entries must have exactly one of ${LIBRARY_KINDS.join(", ")}`,
            lib,
            'use e.g. { whl: "dbfs:/libs/x.whl" }.',
          );
        }
      }),
    ]);
  }

  protected override renderExtra(): Record<string, unknown> {
    return { linkedServiceName: renderLinkedServiceReference(this.label, "linkedService", this.props.linkedService) };
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    const base = this.props.baseParameters;
    return compact({
      notebookPath: toDynamic(this.props.notebookPath),
      baseParameters:
        base &&
        Object.fromEntries(
          Object.keys(base)
            .sort()
            .map((k) => [k, toDynamic(base[k])]),
        ),
      libraries: this.props.libraries?.map((l) => ({ ...l })),
    });
  }
}
