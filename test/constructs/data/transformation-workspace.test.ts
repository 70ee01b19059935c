import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { ServicePrincipal } from "@cdktf/provider-databricks/lib/service-principal";
import { MedallionSource } from "../../../constructs/data/medallion/source";
import { NOTEBOOKS_DIR, stepSql, TransformationWorkspace, TransformationWorkspaceProps } from "../../../constructs/data/transformation-workspace";
import { bronzeToSilverSql, silverToGoldSql } from "../../../constructs/data/transformations/sql";

const APP = "0f0e0d0c-0b0a-0908-0706-050403020100";
const sales: MedallionSource = {
  name: "sales",
  format: "csv",
  trigger: { type: "fileDrop" },
  silver: { columns: { id: "BIGINT", amount: "DOUBLE" }, keys: ["id"], required: [] },
  gold: { groupBy: [], measures: { amount: "sum" } },
  goldTable: { schema: "gold", table: "sales" },
};
const base: TransformationWorkspaceProps = { applicationId: APP, displayName: "id-transform", sources: [sales] };
const build = (props: Partial<TransformationWorkspaceProps> = {}) =>
  Testing.synthScope((scope) => new TransformationWorkspace(scope, "Code", { ...base, ...props }));
const all = (out: string, type: string): any[] => Object.values(JSON.parse(out).resource?.[type] ?? {});
const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

describe("TransformationWorkspace", () => {
  test("defaults: the identity as a service principal that may start job clusters, adopting one Data Factory added first", () => {
    expect(build()).toHaveResourceWithProperties(ServicePrincipal, {
      application_id: APP,
      display_name: "id-transform",
      workspace_access: true,
      allow_cluster_create: true,
      force: true,
    });
  });

  test("the notebooks and the runner are the repository's files, in the identity's home folder", () => {
    const out = build();
    const folder = `/Users/${APP}/medallion`;
    expect(all(out, "databricks_directory")).toEqual([expect.objectContaining({ path: folder })]);
    expect(all(out, "databricks_notebook").map((n) => [n.path, n.language, decode(n.content_base64)])).toEqual(
      ["bronze_to_silver", "silver_to_gold"].map((s) => [`${folder}/${s}`, "PYTHON", readFileSync(join(NOTEBOOKS_DIR, `${s}.py`), "utf8")]),
    );
    const runner = all(out, "databricks_workspace_file").find((f) => f.path.endsWith("medallion_runner.py"));
    expect(decode(runner.content_base64)).toBe(readFileSync(join(NOTEBOOKS_DIR, "medallion_runner.py"), "utf8"));
  });

  test("one SQL file per source and step, generated from its config", () => {
    const other = { ...sales, name: "stock", silver: { ...sales.silver, required: ["amount"] } };
    const out = build({ sources: [sales, other] });
    const files = Object.fromEntries(all(out, "databricks_workspace_file").map((f) => [f.path, decode(f.content_base64)]));
    for (const s of [sales, other]) {
      expect(files[`/Users/${APP}/medallion/sql/${s.name}/bronze_to_silver.sql`]).toBe(`${bronzeToSilverSql(s.silver)}\n`);
      expect(files[`/Users/${APP}/medallion/sql/${s.name}/silver_to_gold.sql`]).toBe(`${silverToGoldSql(s.gold, s.silver)}\n`);
    }
    expect(stepSql(other, "bronze_to_silver")).toContain("WHERE amount IS NOT NULL");
  });

  test("fails for an application id that is not a GUID", () => {
    expect(() => build({ applicationId: "adf-transform" })).toThrow(/Code: applicationId must be a client id \(GUID\) \(got "adf-transform"\)/);
  });

  test("fails naming every problem at once", () => {
    expect(() => build({ applicationId: "adf-transform", sources: [{ ...sales, silver: { ...sales.silver, keys: [] } }] })).toThrow(
      /Code: 2 problems:\n- \S*Code: applicationId must be a client id \(GUID\).*\n- \S*Code: sources\[sales\]\.silver is invalid: keys: must name at least one column.*$/,
    );
  });

  test("fails without sources, or for an invalid source", () => {
    expect(() => build({ sources: [] })).toThrow(/Code: sources must declare at least one source/);
    expect(() => build({ sources: [{ ...sales, silver: { ...sales.silver, keys: [] } }] })).toThrow(
      /sources\[sales\]\.silver is invalid: keys: must name at least one column/,
    );
  });
});
