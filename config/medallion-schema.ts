import { z } from "zod";
import { CSV_DEFAULTS, DEFAULT_MARKER, MARKER, SOURCE_NAME, SQL_IDENTIFIER } from "../constructs/data/medallion/source";
import { GoldAggregation, SilverType, columnNameProblem, columnTypeProblem, goldSpecIssues, silverSpecIssues } from "../constructs/data/transformations/sql";
import { EMAIL, PIPELINE_ALERTS_DEFAULTS, webhookUriProblem } from "../constructs/observability/pipeline-alerts";

/**
 * `medallion:` of an environment file: the sources, their transformations and the pipeline alerts. The rules are
 * the constructs' own (patterns, defaults, spec checks), reported here against the file's fields.
 */

const identifier = z.string().regex(SOURCE_NAME, { error: "must be 1-40 lowercase letters, digits or _, starting with a letter" });
const sqlIdentifier = z.string().regex(SQL_IDENTIFIER, { error: "must be a SQL identifier (letters, digits, _)" });

/** Partitions are days: one run per source and day, processing the day that just ended (UTC). */
const schedule = z
  .strictObject({
    type: z.literal("schedule"),
    frequency: z.enum(["Minute", "Hour", "Day", "Week", "Month"]),
    interval: z.number().int().min(1).max(1000),
    /** The first run (UTC); it processes the day before. Windows in the past are backfilled, oldest first. */
    startTime: z.iso.datetime({ error: "must be an ISO 8601 date-time in UTC such as 2026-01-01T02:00:00Z" }),
  })
  .superRefine((t, ctx) => {
    if (t.frequency !== "Day") {
      ctx.addIssue({
        code: "custom",
        path: ["frequency"],
        message: `must be Day (got "${t.frequency}"): partitions are daily and each run processes one day, so a ${t.frequency} schedule would skip or repeat days; run sub-daily loads as file drops`,
      });
    }
    if (t.interval !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["interval"],
        message: `must be 1 (got ${t.interval}): every day is a partition, and a longer interval would leave days unprocessed`,
      });
    }
  });

/** A producer drops a partition's files, then a non-empty completion marker that starts the run. */
const fileDrop = z.strictObject({
  type: z.literal("fileDrop"),
  /** File name of the completion marker, written last into `landing/<source>/yyyy/MM/dd/`. */
  marker: z.string().regex(MARKER, { error: "must be a file name starting with _ (so no copy wildcard matches it), e.g. _READY" }).default(DEFAULT_MARKER),
});

const trigger = z.discriminatedUnion("type", [schedule, fileDrop]);

const oneChar = (what: string) => z.string().max(1, { error: `must be one character, or empty for no ${what}` });

/** The CSV dialect of a source; the defaults read RFC 4180 files (lines may end with LF or CRLF). */
const csv = z.strictObject({
  delimiter: z.string().length(1, { error: 'must be one character, e.g. ",", ";" or a tab' }).default(CSV_DEFAULTS.delimiter),
  quote: oneChar("quoting").default(CSV_DEFAULTS.quote),
  /** RFC 4180 escapes a quote by doubling it, i.e. the escape character is the quote itself. */
  escape: oneChar("escape character").default(CSV_DEFAULTS.escape),
  encoding: z.enum(["UTF-8", "UTF-16", "UTF-16BE", "US-ASCII", "ISO-8859-1", "WINDOWS-1252"]).default("UTF-8"),
  header: z.boolean().default(CSV_DEFAULTS.header),
});

const columnType = z
  .string()
  .superRefine((type, ctx) => {
    const problem = columnTypeProblem(type);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((type) => type as SilverType);

/** Bronze -> silver of a source: typed columns, dedupe keys, required columns. */
const silver = z.strictObject({
  columns: z.record(z.string(), columnType).superRefine((columns, ctx) => {
    if (Object.keys(columns).length === 0) ctx.addIssue({ code: "custom", message: "must list at least one column" });
    for (const name of Object.keys(columns)) {
      const problem = columnNameProblem(name);
      if (problem) ctx.addIssue({ code: "custom", path: [name], message: problem });
    }
  }),
  keys: z.array(z.string()).min(1, { error: "must name at least one column: rows are deduplicated on the keys" }),
  required: z.array(z.string()).default([]),
});

/** Silver -> gold of a source: daily aggregates. */
const gold = z.strictObject({
  groupBy: z.array(z.string()).default([]),
  measures: z.record(z.string(), z.enum(["sum", "min", "max", "avg", "count_distinct"])).default({}),
});

const source = z
  .strictObject({
    name: identifier,
    format: z.enum(["csv", "parquet"]),
    /** CSV sources only. */
    csv: csv.optional(),
    trigger,
    silver,
    gold,
    goldTable: z.strictObject({ schema: sqlIdentifier, table: sqlIdentifier }),
  })
  .superRefine((s, ctx) => {
    if (s.format !== "csv" && s.csv !== undefined) {
      ctx.addIssue({ code: "custom", path: ["csv"], message: `only applies to csv sources (format is ${s.format}); remove it` });
    }
    // Checked only once the columns themselves are valid, so each mistake is reported once, at its field.
    const spec = { columns: s.silver.columns, keys: s.silver.keys, required: s.silver.required };
    if (Object.entries(spec.columns).some(([n, t]) => columnNameProblem(n) || columnTypeProblem(t))) return;
    for (const i of silverSpecIssues(spec)) ctx.addIssue({ code: "custom", path: ["silver", ...i.path], message: i.message });
    const goldSpec = { groupBy: s.gold.groupBy, measures: s.gold.measures as Record<string, GoldAggregation> };
    for (const i of goldSpecIssues(goldSpec, spec)) ctx.addIssue({ code: "custom", path: ["gold", ...i.path], message: i.message });
  })
  .transform((s) => ({ ...s, csv: s.format === "csv" ? (s.csv ?? csv.parse({})) : undefined }));

const email = z.string().regex(EMAIL, { error: "must be an e-mail address" });
const webhook = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,59}$/, { error: "must be 1-60 letters, digits, spaces, _ or -" }),
  serviceUri: z.url({ protocol: /^https$/, error: "must be an https:// URL" }).superRefine((uri, ctx) => {
    const problem = webhookUriProblem(uri);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

/** Who hears about failed pipeline runs, trigger runs and Databricks runs. */
const alerts = z
  .strictObject({
    emails: z.array(email).default([]),
    webhooks: z.array(webhook).default([]),
    /** Azure Monitor severity, 0 (critical) to 4 (verbose). */
    severity: z.number().int().min(0).max(4).default(PIPELINE_ALERTS_DEFAULTS.severity),
  })
  .refine((a) => a.emails.length + a.webhooks.length > 0, { error: "must name at least one e-mail address or webhook: failures must reach someone" });

export const medallionSchema = z.strictObject({
  alerts,
  sources: z
    .array(source)
    .min(1, { error: "must declare at least one source" })
    .superRefine((sources, ctx) => {
      const seen = new Set<string>();
      sources.forEach((s, i) => {
        if (seen.has(s.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: "is declared twice; source names must be unique" });
        seen.add(s.name);
      });
    }),
});
