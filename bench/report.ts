/**
 * Reporting for the benchmark: the table on stdout and `bench/results.json`. A row is a measured command, or one
 * that was not measured and why; a target is a check over rows, met, missed or not measured.
 */
import { cpus, totalmem } from "node:os";
import { writeFileSync } from "node:fs";
import type { Measurement } from "./measure";

/** A row of the table: a command measured several times, or not measured and why. */
export interface Row {
  readonly id: string;
  readonly measure: string;
  /** What was synthesized or run: stacks, resources, sources, applications. */
  readonly detail: string;
  readonly result?: Measurement;
  /** Why there is no result. */
  readonly notMeasured?: string;
}

/** A target the benchmark checks: met (true), missed (false) or not measured (undefined). */
export interface TargetCheck {
  readonly target: string;
  readonly value: string;
  readonly ok: boolean | undefined;
}

const seconds = (s: number): string => `${s.toFixed(2)} s`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** The two tables (measurements, targets) as Markdown, as the README quotes them. */
export function renderTables(rows: readonly Row[], targets: readonly TargetCheck[]): string {
  const measured = table(
    ["measure", "what", "runs", "wall min", "wall median", "wall max", "CPU median", "peak RSS"],
    rows.map((r) =>
      r.result
        ? [
            r.measure,
            r.detail,
            String(r.result.samples.length),
            seconds(r.result.min),
            seconds(r.result.median),
            seconds(r.result.max),
            seconds(r.result.cpuMedian),
            `${r.result.peakMiB.toFixed(0)} MiB`,
          ]
        : [r.measure, r.detail, "0", "-", "-", "-", "-", `not measured: ${r.notMeasured}`],
    ),
  );
  const checked = table(
    ["target", "measured", "met"],
    targets.map((t) => [t.target, t.value, t.ok === undefined ? "not measured" : t.ok ? "yes" : "**NO**"]),
  );
  return `${measured}\n\n${checked}`;
}

/** The machine the figures come from, as the README quotes it. */
export function machine(): Record<string, string | number> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Writes the results file: when, where, every run of every row, and the targets. */
export function writeResults(file: string, rows: readonly Row[], targets: readonly TargetCheck[], settings: Record<string, unknown>): void {
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    settings,
    rows: rows.map((r) => ({
      id: r.id,
      measure: r.measure,
      detail: r.detail,
      ...(r.result
        ? {
            runs: r.result.samples.map((s) => ({
              seconds: Number(s.seconds.toFixed(3)),
              cpuSeconds: Number(s.cpuSeconds.toFixed(3)),
              peakMiB: Math.round(s.peakMiB),
            })),
            minSeconds: Number(r.result.min.toFixed(3)),
            medianSeconds: Number(r.result.median.toFixed(3)),
            maxSeconds: Number(r.result.max.toFixed(3)),
            medianCpuSeconds: Number(r.result.cpuMedian.toFixed(3)),
            peakMiB: Math.round(r.result.peakMiB),
          }
        : { notMeasured: r.notMeasured }),
    })),
    targets,
  };
  writeFileSync(file, `${JSON.stringify(results, undefined, 2)}\n`);
}
