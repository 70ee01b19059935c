import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Directory } from "@cdktf/provider-databricks/lib/directory";
import { Notebook } from "@cdktf/provider-databricks/lib/notebook";
import { ServicePrincipal } from "@cdktf/provider-databricks/lib/service-principal";
import { WorkspaceFile } from "@cdktf/provider-databricks/lib/workspace-file";
import { Construct } from "constructs";
import { packageFile } from "../core/package-files";
import { checkPattern, collectProblems, propError } from "../core/validation";
import { notebookPath, sqlFilePath, TRANSFORMATION_STEPS, TransformationStep, transformationFolder } from "./medallion/names";
import { checkSource, MedallionSource } from "./medallion/source";
import { bronzeToSilverSql, silverToGoldSql } from "./transformations/sql";

/** The project's `notebooks/` folder: what is deployed is what the repository holds. */
export const NOTEBOOKS_DIR = packageFile("notebooks");
/** The Python module the notebooks import (a workspace file next to them). */
export const RUNNER_MODULE = "medallion_runner.py";

/** Props of {@link TransformationWorkspace}. */
export interface TransformationWorkspaceProps {
  /** Client (application) id of the user-assigned identity the notebooks run as. */
  readonly applicationId: string;
  /** Display name of its service principal in the workspace, e.g. the identity's name. */
  readonly displayName: string;
  /** The sources whose SQL is generated and deployed. */
  readonly sources: readonly MedallionSource[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** The SQL of one source and step, as generated from config (exactly what the tests run in DuckDB). */
export function stepSql(source: MedallionSource, step: TransformationStep): string {
  return step === "bronze_to_silver" ? bronzeToSilverSql(source.silver) : silverToGoldSql(source.gold, source.silver);
}

/**
 * The transformation identity in the Databricks workspace and the code it runs: the identity registered as a
 * service principal (workspace access, and cluster creation for the job clusters Data Factory starts as it),
 * and in its home folder `/Users/<application id>/medallion` the two notebooks, the runner module they import
 * and one SQL file per source and step, generated from config. Only the identity and workspace admins can change
 * that folder, so nobody else can alter code that runs with its grants.
 *
 * @example
 * ```ts
 * new TransformationWorkspace(this, "Transformations", {
 *   applicationId: platform.transformIdentity.clientId,
 *   displayName: "id-data-dev-transform",
 *   sources: [orders],
 * });
 * ```
 */
export class TransformationWorkspace extends Construct {
  public readonly servicePrincipal: ServicePrincipal;
  /** Workspace folder of the code (what Data Factory's notebook activities point at). */
  public readonly folder: string;
  public readonly notebooks: Record<TransformationStep, Notebook>;
  public readonly sqlFiles: Record<string, WorkspaceFile> = {};

  constructor(scope: Construct, id: string, props: TransformationWorkspaceProps) {
    super(scope, id);
    collectProblems(this, [
      () => checkPattern(this, "applicationId", props.applicationId, GUID, "a client id (GUID)"),
      () => {
        if (props.sources.length === 0) throw propError(this, "sources", "must declare at least one source", [], "add a source.");
      },
      ...props.sources.map((s) => () => checkSource(this, s)),
    ]);

    this.servicePrincipal = new ServicePrincipal(this, "ServicePrincipal", {
      applicationId: props.applicationId,
      displayName: props.displayName,
      workspaceAccess: true,
      allowClusterCreate: true,
      // This registration is what admits Data Factory's managed-identity sign-in (the identity holds no Azure role
      // on the workspace). If someone registered it by hand first, adopt that service principal instead of failing.
      force: true,
    });
    this.folder = transformationFolder(props.applicationId);
    const directory = new Directory(this, "Folder", { path: this.folder, dependsOn: [this.servicePrincipal] });
    const file = (name: string) => readFileSync(join(NOTEBOOKS_DIR, name), "utf8");

    const runner = new WorkspaceFile(this, "Runner", {
      path: `${this.folder}/${RUNNER_MODULE}`,
      contentBase64: base64(file(RUNNER_MODULE)),
      dependsOn: [directory],
    });
    const notebooks: Partial<Record<TransformationStep, Notebook>> = {};
    for (const step of TRANSFORMATION_STEPS) {
      notebooks[step] = new Notebook(this, `Notebook-${step}`, {
        path: notebookPath(this.folder, step),
        language: "PYTHON",
        contentBase64: base64(file(`${step}.py`)),
        dependsOn: [runner],
      });
      for (const source of props.sources) {
        this.sqlFiles[`${source.name}/${step}`] = new WorkspaceFile(this, `Sql-${source.name}-${step}`, {
          path: sqlFilePath(this.folder, source.name, step),
          contentBase64: base64(`${stepSql(source, step)}\n`),
          dependsOn: [directory],
        });
      }
    }
    this.notebooks = notebooks as Record<TransformationStep, Notebook>;
  }
}
