import { IConstruct } from "constructs";
import { collectProblems, propError } from "../../core/validation";
import { GoldSpec, SilverSpec, goldSpecProblems, silverSpecProblems } from "../transformations/sql";

/** The CSV dialect of a source (Data Factory's DelimitedText settings). */
export interface CsvDialect {
  /** @default "," */
  readonly delimiter?: string;
  /** Empty for no quoting. @default "\"" */
  readonly quote?: string;
  /** Empty for none; RFC 4180 escapes a quote by doubling it (escape = quote). @default "\"" */
  readonly escape?: string;
  /** @default "UTF-8" */
  readonly encoding?: string;
  /** @default true */
  readonly header?: boolean;
}

/** RFC 4180 (lines may end with LF or CRLF: the dataset leaves the row delimiter to detection). */
export const CSV_DEFAULTS: Required<CsvDialect> = { delimiter: ",", quote: '"', escape: '"', encoding: "UTF-8", header: true };

/** How a source's runs start. */
export type SourceTrigger =
  | {
      /** Daily: each run processes the day that just ended (UTC), through a tumbling window (backfills included). */
      readonly type: "schedule";
      /** Only "Day": partitions are daily. */
      readonly frequency: "Minute" | "Hour" | "Day" | "Week" | "Month";
      /** Only 1. */
      readonly interval: number;
      /** RFC 3339 UTC date-time of the first run, e.g. "2026-01-01T02:00:00Z"; it processes the day before. */
      readonly startTime: string;
    }
  | {
      /** The producer writes the partition's files, then a non-empty completion marker, which starts the run. */
      readonly type: "fileDrop";
      /**
       * File name of the completion marker in `landing/<source>/yyyy/MM/dd/`.
       * @default "_READY"
       */
      readonly marker?: string;
    };

/** A data source of the medallion pipeline, declared in the environment config. */
export interface MedallionSource {
  /** Source name: the folder under each layer (`<layer>/<name>/yyyy/MM/dd`). */
  readonly name: string;
  /** Format of the files in `landing/<name>/yyyy/MM/dd/` (`*.csv` or `*.parquet`). */
  readonly format: "csv" | "parquet";
  /**
   * CSV dialect (csv sources only).
   * @default CSV_DEFAULTS (RFC 4180)
   */
  readonly csv?: CsvDialect;
  readonly trigger: SourceTrigger;
  /** Bronze -> silver: typed columns, dedupe keys, required columns. */
  readonly silver: SilverSpec;
  /** Silver -> gold: daily aggregates. */
  readonly gold: GoldSpec;
  /** Serving table that receives the source's gold data. */
  readonly goldTable: { readonly schema: string; readonly table: string };
}

export const DEFAULT_MARKER = "_READY";
/** Source names become lake folders, entity names and workspace paths. */
export const SOURCE_NAME = /^[a-z][a-z0-9_]{0,39}$/;
/** Gold schema and table names reach T-SQL (quoted). */
export const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** A marker starts with `_`, so no copy wildcard (`*.csv`, `*.parquet`) and no Spark reader takes it for data. */
export const MARKER = /^_[A-Za-z0-9_.-]{1,63}$/;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Throws on an invalid source, naming every problem at once: each with the prop, the value and the fix. */
export function checkSource(scope: IConstruct, s: MedallionSource): void {
  const at = (prop: string) => `sources[${s.name}].${prop}`;
  const csv = { ...CSV_DEFAULTS, ...s.csv };
  const t = s.trigger;
  collectProblems(scope, [
    // The name becomes lake folders, entity names and workspace paths; schema and table are spliced into T-SQL
    // (quoted), so none may carry anything but identifier characters.
    () => {
      if (!SOURCE_NAME.test(s.name)) {
        throw propError(scope, "sources[].name", "must be 1-40 lowercase letters, digits or _, starting with a letter", s.name, "rename the source.");
      }
    },
    ...(["schema", "table"] as const).map((key) => () => {
      if (!SQL_IDENTIFIER.test(s.goldTable[key]))
        throw propError(scope, at(`goldTable.${key}`), "must be a SQL identifier (letters, digits, _)", s.goldTable[key], "rename it.");
    }),
    () => {
      if (s.csv !== undefined && s.format !== "csv")
        throw propError(scope, at("csv"), "only applies to csv sources", s.format, "remove csv or set format: csv.");
    },
    () => {
      if (csv.delimiter.length !== 1) throw propError(scope, at("csv.delimiter"), "must be one character", csv.delimiter, 'use e.g. "," or ";".');
    },
    ...(["quote", "escape"] as const).map((key) => () => {
      if (csv[key].length > 1) throw propError(scope, at(`csv.${key}`), "must be one character or empty", csv[key], 'use e.g. "\\"".');
    }),
    () => {
      if (t.type !== "schedule") {
        if (t.marker !== undefined && !MARKER.test(t.marker)) {
          throw propError(scope, at("trigger.marker"), "must be a file name starting with _ (no copy wildcard matches it)", t.marker, 'use e.g. "_READY".');
        }
        return;
      }
      if (t.frequency !== "Day" || t.interval !== 1) {
        throw propError(
          scope,
          at("trigger"),
          "must be daily (frequency Day, interval 1): partitions are days and each run processes one",
          `${t.frequency} x ${t.interval}`,
          "use frequency: Day and interval: 1, or a fileDrop trigger for loads that arrive more often.",
        );
      }
      if (!RFC3339_UTC.test(t.startTime) || Number.isNaN(Date.parse(t.startTime))) {
        throw propError(
          scope,
          at("trigger.startTime"),
          "must be an RFC 3339 date-time in UTC (tumbling windows are UTC only)",
          t.startTime,
          'write e.g. "2026-01-01T02:00:00Z".',
        );
      }
    },
    // Gold refers to silver's columns, so it is checked only once silver is valid.
    () => {
      const silver = silverSpecProblems(s.silver);
      if (silver.length > 0) throw propError(scope, at("silver"), `is invalid: ${silver.join("; ")}`, s.silver, "fix the listed fields.");
      const gold = goldSpecProblems(s.gold, s.silver);
      if (gold.length > 0) throw propError(scope, at("gold"), `is invalid: ${gold.join("; ")}`, s.gold, "fix the listed fields.");
    },
  ]);
}

/**
 * The daily window of a scheduled source: windows are whole UTC days, the first one the day before `startTime`'s
 * date, each starting its run `delay` (startTime's time of day) after it ends.
 */
export function dailyWindow(startTime: string): { readonly windowStart: string; readonly delay: string } {
  const start = new Date(startTime);
  const day = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  const windowStart = new Date(day - 86_400_000).toISOString().replace(".000Z", "Z");
  const delay = startTime.slice(11, 19);
  return { windowStart, delay };
}
