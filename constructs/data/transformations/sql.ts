/**
 * The medallion transformations as SQL that both Spark SQL (Databricks) and DuckDB run unchanged: one statement per
 * step, over a temporary view `input_rows` (the partition being processed), with the run date as the literal
 * placeholder `{{run_date}}` (`yyyy-MM-dd`, checked before it is substituted). The notebooks in `notebooks/` run
 * these statements on Databricks; the tests run them in DuckDB on sample files. Only the common subset of both
 * dialects is used: unquoted lowercase identifiers, TRY_CAST, QUALIFY, COUNT/SUM/MIN/MAX/AVG.
 */

/** Column types of the silver layer (Spark SQL names; DuckDB accepts every one). */
export type SilverType = "STRING" | "BOOLEAN" | "INT" | "BIGINT" | "DOUBLE" | "DATE" | "TIMESTAMP" | `DECIMAL(${number},${number})`;

/** Aggregations of the gold layer. */
export type GoldAggregation = "sum" | "min" | "max" | "avg" | "count_distinct";

/** What bronze -> silver does to one source. */
export interface SilverSpec {
  /** Typed columns of silver, in order; a column missing from bronze is an error of the run. */
  readonly columns: Readonly<Record<string, SilverType>>;
  /** Columns that identify a row: one row per key is kept (deterministically). */
  readonly keys: readonly string[];
  /** Columns that must not be null after casting: rows with a null (or an uncastable value) there are dropped. */
  readonly required: readonly string[];
}

/** What silver -> gold does to one source: daily aggregates. */
export interface GoldSpec {
  /** Columns the daily aggregates are grouped by (besides run_date). */
  readonly groupBy: readonly string[];
  /** Measures: `<column>: <aggregation>`, output as `<column>_<aggregation>`. */
  readonly measures: Readonly<Record<string, GoldAggregation>>;
}

/** The placeholder the notebooks and tests replace with the run date. */
export const RUN_DATE_PLACEHOLDER = "{{run_date}}";

/** Column names: lowercase identifiers that need no quoting in either dialect. */
export const COLUMN_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** Words either dialect reserves (a column of that name would need quoting, which the dialects spell differently). */
const RESERVED = new Set([
  "all",
  "and",
  "any",
  "as",
  "asc",
  "between",
  "both",
  "by",
  "case",
  "cast",
  "check",
  "collate",
  "column",
  "constraint",
  "create",
  "cross",
  "current_date",
  "current_time",
  "current_timestamp",
  "current_user",
  "default",
  "desc",
  "distinct",
  "else",
  "end",
  "except",
  "false",
  "fetch",
  "for",
  "foreign",
  "from",
  "full",
  "grant",
  "group",
  "having",
  "in",
  "inner",
  "intersect",
  "interval",
  "into",
  "is",
  "join",
  "lateral",
  "leading",
  "left",
  "like",
  "limit",
  "natural",
  "not",
  "null",
  "offset",
  "on",
  "only",
  "or",
  "order",
  "outer",
  "over",
  "partition",
  "primary",
  "qualify",
  "range",
  "references",
  "right",
  "row",
  "rows",
  "select",
  "some",
  "table",
  "then",
  "to",
  "trailing",
  "true",
  "union",
  "unique",
  "user",
  "using",
  "when",
  "where",
  "window",
  "with",
]);

const TYPE = /^(STRING|BOOLEAN|INT|BIGINT|DOUBLE|DATE|TIMESTAMP|DECIMAL\((\d{1,2}),(\d{1,2})\))$/;
const RUN_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Problems of a column name, or undefined. */
export function columnNameProblem(name: string): string | undefined {
  if (!COLUMN_NAME.test(name)) return "must be 1-63 lowercase letters, digits or _, starting with a letter";
  if (RESERVED.has(name)) return "is an SQL reserved word";
  if (name === "run_date") return "is reserved for the run date column the transformations add";
  return undefined;
}

/** Problems of a column type, or undefined. */
export function columnTypeProblem(type: string): string | undefined {
  const m = TYPE.exec(type);
  if (!m) return "must be STRING, BOOLEAN, INT, BIGINT, DOUBLE, DATE, TIMESTAMP or DECIMAL(p,s)";
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 38 || Number(m[3]) > Number(m[2]))) return "DECIMAL(p,s) needs 1 <= p <= 38 and s <= p";
  return undefined;
}

/** One problem of a spec: the field (a path such as `["keys", 0]`) and what is wrong with it. */
export interface SpecIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const issue = (path: readonly (string | number)[], message: string): SpecIssue => ({ path, message });
const formatted = (issues: readonly SpecIssue[]) => issues.map((i) => `${i.path.join(".")}: ${i.message}`);

/** Every problem of a silver spec, by field. */
export function silverSpecIssues(spec: SilverSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const columns = Object.keys(spec.columns);
  if (columns.length === 0) issues.push(issue(["columns"], "must list at least one column"));
  for (const [name, type] of Object.entries(spec.columns)) {
    const n = columnNameProblem(name);
    if (n) issues.push(issue(["columns", name], n));
    const t = columnTypeProblem(type);
    if (t) issues.push(issue(["columns", name], `${t} (got ${type})`));
  }
  if (spec.keys.length === 0) issues.push(issue(["keys"], "must name at least one column (rows are deduplicated on them)"));
  for (const [field, list] of [
    ["keys", spec.keys],
    ["required", spec.required],
  ] as const) {
    list.forEach((c, i) => {
      if (!columns.includes(c)) issues.push(issue([field, i], `must be one of the columns (${columns.join(", ")}) (got ${c})`));
    });
  }
  return issues;
}

/** Every problem of a gold spec against its silver columns, by field. */
export function goldSpecIssues(spec: GoldSpec, silver: SilverSpec): SpecIssue[] {
  const columns = Object.keys(silver.columns);
  const issues: SpecIssue[] = [];
  spec.groupBy.forEach((c, i) => {
    if (!columns.includes(c)) issues.push(issue(["groupBy", i], `must be one of the silver columns (${columns.join(", ")}) (got ${c})`));
  });
  for (const [c, agg] of Object.entries(spec.measures)) {
    if (!columns.includes(c)) issues.push(issue(["measures", c], `must be one of the silver columns (${columns.join(", ")})`));
    else if (["sum", "avg"].includes(agg) && !/^(INT|BIGINT|DOUBLE|DECIMAL)/.test(silver.columns[c]))
      issues.push(issue(["measures", c], `${agg} needs a numeric column (got ${silver.columns[c]})`));
    if (spec.groupBy.includes(c)) issues.push(issue(["measures", c], "is also a groupBy column"));
  }
  return issues;
}

/** Every problem of a silver spec, `<field>: <problem>`. */
export const silverSpecProblems = (spec: SilverSpec): string[] => formatted(silverSpecIssues(spec));

/** Every problem of a gold spec against its silver columns, `<field>: <problem>`. */
export const goldSpecProblems = (spec: GoldSpec, silver: SilverSpec): string[] => formatted(goldSpecIssues(spec, silver));

function assertValid(problems: string[], what: string): void {
  if (problems.length > 0) throw new Error(`${what}: ${problems.join("; ")}`);
}

/** One typed column: dates go through TIMESTAMP, so `yyyy-MM-dd` and ISO date-times both become a DATE. */
function typedColumn(name: string, type: SilverType): string {
  if (type === "DATE") return `CAST(TRY_CAST(${name} AS TIMESTAMP) AS DATE) AS ${name}`;
  return `TRY_CAST(${name} AS ${type}) AS ${name}`;
}

/**
 * Bronze -> silver: typed columns (values that do not cast become null), rows with a null in a required column
 * dropped, one row per key (the largest by the other columns, so the result never depends on file order), and a
 * `run_date` DATE column.
 */
export function bronzeToSilverSql(spec: SilverSpec): string {
  assertValid(silverSpecProblems(spec), "bronze -> silver");
  const columns = Object.entries(spec.columns);
  const others = columns.map(([c]) => c).filter((c) => !spec.keys.includes(c));
  const order = others.length ? others.map((c) => `${c} DESC NULLS LAST`).join(", ") : spec.keys.join(", ");
  const required = spec.required.length ? `\nWHERE ${spec.required.map((c) => `${c} IS NOT NULL`).join(" AND ")}` : "";
  return [
    "WITH typed AS (",
    "  SELECT",
    columns.map(([c, t]) => `    ${typedColumn(c, t)}`).join(",\n"),
    "  FROM input_rows",
    ")",
    `SELECT ${columns.map(([c]) => c).join(", ")}, CAST('${RUN_DATE_PLACEHOLDER}' AS DATE) AS run_date`,
    `FROM typed${required}`,
    `QUALIFY row_number() OVER (PARTITION BY ${spec.keys.join(", ")} ORDER BY ${order}) = 1`,
  ].join("\n");
}

/** Silver -> gold: one row per group of the day, with the row count and every measure. */
export function silverToGoldSql(spec: GoldSpec, silver: SilverSpec): string {
  assertValid(goldSpecProblems(spec, silver), "silver -> gold");
  const measure = ([c, agg]: [string, GoldAggregation]) =>
    agg === "count_distinct" ? `COUNT(DISTINCT ${c}) AS ${c}_count_distinct` : `${agg.toUpperCase()}(${c}) AS ${c}_${agg}`;
  const select = [
    `CAST('${RUN_DATE_PLACEHOLDER}' AS DATE) AS run_date`,
    ...spec.groupBy,
    "COUNT(*) AS row_count",
    ...Object.entries(spec.measures).map(measure),
  ];
  return [`SELECT ${select.join(", ")}`, "FROM input_rows", ...(spec.groupBy.length ? [`GROUP BY ${spec.groupBy.join(", ")}`] : [])].join("\n");
}

/** The statement for one run: the run date (`yyyy-MM-dd`, checked) in place of its placeholder. */
export function withRunDate(sql: string, runDate: string): string {
  if (!RUN_DATE.test(runDate)) throw new Error(`run date must be yyyy-MM-dd (got ${JSON.stringify(runDate)})`);
  return sql.split(RUN_DATE_PLACEHOLDER).join(runDate);
}
