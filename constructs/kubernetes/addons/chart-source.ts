/**
 * Where a platform chart comes from, instead of its project's public registry: a mirror (an OCI registry, e.g. the
 * environment's container registry, holding `<repository>/<chart>:<version>`), or a folder of chart packages as
 * `helm pull` writes them (`<folder>/<chart>-<version>.tgz`), which air-gapped clusters need.
 *
 * The helm provider (3.1.1) joins an OCI repository and the chart name into `<repository>/<chart>` and pulls the
 * version's tag; a local package it installs as is, and its plan fails when the package's Chart.yaml version is
 * not the configured one. Only `<chart>-<pinned version>.tgz` is ever read from the folder.
 */
import { posix } from "node:path";
import { propErrorAt } from "../../core/validation";

/** A chart source: exactly one of `repository` and `folder`. */
export type ChartSource = { readonly repository: string; readonly folder?: never } | { readonly folder: string; readonly repository?: never };

/** What a `helm_release` (or a Flux OCIRepository) is given: a repository and chart name, or a chart package path. */
export interface ChartLocation {
  readonly repository?: string;
  readonly chart: string;
}

/** An OCI repository as the chart sources take it: `oci://<host>[:port]/<path>`, lowercase, no trailing slash or tag. */
export const OCI_REPOSITORY = /^oci:\/\/[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/;

/** A chart folder as the chart sources take it: absolute and normalised (no `..`, `.` or trailing slash). */
export function isChartFolder(folder: string): boolean {
  return posix.isAbsolute(folder) && folder.length > 1 && !folder.endsWith("/") && posix.normalize(folder) === folder;
}

/**
 * The location of `chart` at `version`: from `source` when given, else from the public `repository`. Throws (naming
 * `where`.chartSource) on a repository that is not `oci://host/path` or a folder that is not absolute.
 */
export function chartLocation(where: string, source: ChartSource | undefined, defaults: { repository: string; chart: string; version: string }): ChartLocation {
  if (!source) return { repository: defaults.repository, chart: defaults.chart };
  if (source.repository !== undefined) {
    if (!OCI_REPOSITORY.test(source.repository)) {
      throw propErrorAt(
        where,
        "chartSource.repository",
        "must be an OCI repository oci://<host>/<path> (lowercase, no trailing slash, no tag)",
        source.repository,
        "use e.g. oci://acrmedaldev.azurecr.io/helm; the chart is pulled from <repository>/<chart>:<version>.",
      );
    }
    return { repository: source.repository, chart: defaults.chart };
  }
  if (!isChartFolder(source.folder)) {
    throw propErrorAt(
      where,
      "chartSource.folder",
      "must be an absolute, normalised path (Terraform runs in cdktf.out/stacks/<stack>)",
      source.folder,
      "use e.g. /opt/charts, holding <chart>-<version>.tgz as helm pull writes them.",
    );
  }
  return { chart: posix.join(source.folder, `${defaults.chart}-${defaults.version}.tgz`) };
}
