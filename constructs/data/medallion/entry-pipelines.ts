import { concat, ExecutePipelineActivity, FailActivity, IfConditionActivity, literal, param, pipelineRef, SetVariableActivity, variable } from "../factory";
import { IPipeline } from "../factory/pipeline";
import { PipelineDefinition } from "../factory/pipeline-definition";
import { CSV_DEFAULTS, DEFAULT_MARKER, MedallionSource } from "./source";
import { MEDALLION_NAMES, sourceNames } from "./names";

/**
 * `pl_medallion_run_<source>`: runs the worker for one source and date. Its pipeline has concurrency 1, so
 * every way a source is run (its trigger, a file drop, the all-sources pipeline, a manual backfill) queues behind
 * the run before it: one source and date are never processed twice at the same time.
 */
export function runPipelineDefinition(source: MedallionSource, worker: IPipeline): PipelineDefinition {
  const csv = { ...CSV_DEFAULTS, ...source.csv };
  return new PipelineDefinition({
    name: sourceNames(source.name).runPipeline,
    parameters: { runDate: { type: "String" } },
    activities: [
      new ExecutePipelineActivity(`Process ${source.name}`.slice(0, 55), {
        pipeline: pipelineRef(worker),
        waitOnCompletion: true,
        parameters: {
          sourceName: source.name,
          sourceFormat: source.format,
          runDate: param("runDate"),
          goldSchema: source.goldTable.schema,
          goldTable: source.goldTable.table,
          csvDelimiter: csv.delimiter,
          csvQuote: csv.quote,
          csvEscape: csv.escape,
          csvEncoding: csv.encoding,
          csvHeader: String(csv.header),
        },
      }),
    ],
  });
}

/** `landing/<source>/` and the length of `landing/<source>/yyyy/MM/dd`. */
function landingFolder(source: string): { readonly prefix: string; readonly length: number } {
  const prefix = `landing/${source}/`;
  return { prefix, length: prefix.length + "yyyy/MM/dd".length };
}

/**
 * `pl_medallion_drop_<source>`: started by the storage event trigger for every blob created under
 * `landing/<source>/`. A blob outside `landing/<source>/yyyy/MM/dd/` fails the run with its path (the failed-run
 * alert names the pipeline); a data file in its date folder ends the run (it waits for the marker); the
 * completion marker runs `pl_medallion_run_<source>` for that date. Checks go from coarse to fine in separate
 * activities because expression functions evaluate every argument: a substring is only taken once the length
 * is known to be right.
 */
export function dropPipelineDefinition(source: MedallionSource, run: IPipeline): PipelineDefinition {
  const marker = (source.trigger.type === "fileDrop" ? source.trigger.marker : undefined) ?? DEFAULT_MARKER;
  const { prefix, length } = landingFolder(source.name);
  const folder = "pipeline().parameters.folderPath";
  const where = concat("'", param("folderPath"), "/", param("fileName"), "'");
  const misplaced = (name: string) =>
    new FailActivity(name, {
      message: concat(
        `A file was dropped outside landing/${source.name}/yyyy/MM/dd/: `,
        where,
        `. Move it into the folder of its date; the partition is processed when ${marker} is written there.`,
      ),
      errorCode: "FileOutsideDatePartition",
    });

  const checkPrefix = new IfConditionActivity("Check landing folder", {
    description: `The folder must be landing/${source.name}/yyyy/MM/dd`,
    expression: `@not(and(startsWith(${folder}, ${literal(prefix)}), equals(length(${folder}), ${length})))`,
    ifTrue: [misplaced("Fail on folder")],
  });
  const checkDate = new IfConditionActivity("Check date folders", {
    description: "yyyy/MM/dd: separators in place",
    expression: `@not(and(equals(substring(${folder}, ${length - 6}, 1), '/'), equals(substring(${folder}, ${length - 3}, 1), '/')))`,
    ifTrue: [misplaced("Fail on date folders")],
  }).after(checkPrefix);
  // formatDateTime fails the run on anything that is not a date (2026/13/01, 2026/ab/01) with the value in the error.
  const setRunDate = new SetVariableActivity("Set run date", {
    variableName: "runDate",
    value: `@formatDateTime(replace(substring(${folder}, ${length - 10}, 10), '/', '-'), 'yyyy-MM-dd')`,
  }).after(checkDate);
  const checkRoundTrip = new IfConditionActivity("Check date", {
    description: "The folders name a real date, zero-padded",
    expression: `@not(equals(replace(variables('runDate'), '-', '/'), substring(${folder}, ${length - 10}, 10)))`,
    ifTrue: [misplaced("Fail on date")],
  }).after(setRunDate);
  const runWhenComplete = new IfConditionActivity("Run when marker", {
    description: `Only ${marker} starts the run; data files wait for it`,
    expression: `@equals(pipeline().parameters.fileName, ${literal(marker)})`,
    ifTrue: [
      new ExecutePipelineActivity(`Run ${source.name}`.slice(0, 55), {
        pipeline: pipelineRef(run),
        waitOnCompletion: true,
        parameters: { runDate: variable("runDate") },
      }),
    ],
  }).after(checkRoundTrip);

  return new PipelineDefinition({
    name: sourceNames(source.name).dropPipeline,
    parameters: { folderPath: { type: "String" }, fileName: { type: "String" } },
    variables: { runDate: { type: "String" } },
    activities: [checkPrefix, checkDate, setRunDate, checkRoundTrip, runWhenComplete],
  });
}

/** `pl_medallion_all_sources`: every source for one date, in parallel, each through its run pipeline (by source name). */
export function allSourcesDefinition(sources: readonly MedallionSource[], runPipelines: Readonly<Record<string, IPipeline>>): PipelineDefinition {
  return new PipelineDefinition({
    name: MEDALLION_NAMES.allSourcesPipeline,
    parameters: { runDate: { type: "String" } },
    activities: sources.map(
      (s) =>
        new ExecutePipelineActivity(`Run ${s.name}`.slice(0, 55), {
          pipeline: pipelineRef(runPipelines[s.name]),
          waitOnCompletion: true,
          parameters: { runDate: param("runDate") },
        }),
    ),
  });
}
