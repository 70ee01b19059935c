import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import {
  GoldSpec,
  RUN_DATE_PLACEHOLDER,
  SilverSpec,
  bronzeToSilverSql,
  columnTypeProblem,
  goldSpecProblems,
  silverSpecProblems,
  silverToGoldSql,
  withRunDate,
} from "../../../../constructs/data/transformations/sql";

/**
 * The transformations run here in DuckDB on sample partitions, exactly as generated (the notebooks run the same
 * statements in Spark SQL). Bronze is what Data Factory's copy writes: every CSV column as a string.
 */
const SALES: SilverSpec = {
  columns: { order_id: "BIGINT", store_id: "STRING", amount: "DECIMAL(18,2)", order_date: "DATE", note: "STRING" },
  keys: ["order_id"],
  required: ["order_id", "order_date"],
};
const SALES_GOLD: GoldSpec = { groupBy: ["store_id"], measures: { amount: "sum", order_id: "count_distinct" } };

/** RFC 4180 with CRLF: a quoted delimiter, a doubled quote, an empty field, a duplicate, a bad number, a late row. */
const SALES_CSV = [
  "order_id,store_id,amount,order_date,note",
  '1,s1,10.50,2026-03-02,"first, with a comma"',
  '2,s1,5.00,2026-03-02,"said ""hi"""',
  "2,s1,5.00,2026-03-02,duplicate of 2", // same key: one row survives
  "3,s2,7.25,2026-03-01T23:59:00,late row from the previous day",
  "4,s2,not-a-number,2026-03-02,amount does not cast: kept with a null amount",
  ",s3,1.00,2026-03-02,no key: dropped",
  "6,s3,2.00,,no date: dropped",
  "",
].join("\r\n");

let db: DuckDBConnection;
let dir: string;

beforeAll(async () => {
  db = await (await DuckDBInstance.create(":memory:")).connect();
  dir = mkdtempSync(join(tmpdir(), "medallion-sql-"));
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Lands a CSV, copies it to bronze as strings (as Data Factory does), returns the bronze Parquet path. */
async function bronzeFromCsv(name: string, csv: string): Promise<string> {
  const landing = join(dir, `${name}.csv`);
  writeFileSync(landing, csv);
  const bronze = join(dir, `${name}-bronze.parquet`);
  await db.run(`COPY (SELECT * FROM read_csv('${landing}', header = true, all_varchar = true, quote = '"', escape = '"')) TO '${bronze}' (FORMAT parquet)`);
  return bronze;
}

/** Runs one step over a Parquet partition and writes its result as Parquet: what the notebook does. */
async function step(sql: string, input: string, output: string, runDate: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP VIEW input_rows AS SELECT * FROM read_parquet('${input}')`);
  await db.run(`COPY (${withRunDate(sql, runDate)}) TO '${output}' (FORMAT parquet)`);
}

describe("bronze -> silver", () => {
  test("types columns, drops rows without key or required date, keeps one row per key, adds run_date", async () => {
    const bronze = await bronzeFromCsv("sales", SALES_CSV);
    const silver = join(dir, "sales-silver.parquet");
    await step(bronzeToSilverSql(SALES), bronze, silver, "2026-03-02");
    const out = await rows(`SELECT * FROM read_parquet('${silver}') ORDER BY order_id`);
    expect(out).toEqual([
      { order_id: "1", store_id: "s1", amount: "10.50", order_date: "2026-03-02", note: "first, with a comma", run_date: "2026-03-02" },
      { order_id: "2", store_id: "s1", amount: "5.00", order_date: "2026-03-02", note: 'said "hi"', run_date: "2026-03-02" },
      { order_id: "3", store_id: "s2", amount: "7.25", order_date: "2026-03-01", note: "late row from the previous day", run_date: "2026-03-02" },
      { order_id: "4", store_id: "s2", amount: null, order_date: "2026-03-02", note: "amount does not cast: kept with a null amount", run_date: "2026-03-02" },
    ]);
    const types = await rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${silver}'))`);
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toEqual({
      order_id: "BIGINT",
      store_id: "VARCHAR",
      amount: "DECIMAL(18,2)",
      order_date: "DATE",
      note: "VARCHAR",
      run_date: "DATE",
    });
  });

  test("the surviving duplicate does not depend on file order", async () => {
    const swapped = SALES_CSV.split("\r\n");
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
    const a = join(dir, "dup-a.parquet");
    const b = join(dir, "dup-b.parquet");
    await step(bronzeToSilverSql(SALES), await bronzeFromCsv("dup-a", SALES_CSV), a, "2026-03-02");
    await step(bronzeToSilverSql(SALES), await bronzeFromCsv("dup-b", swapped.join("\r\n")), b, "2026-03-02");
    expect(await rows(`SELECT * FROM read_parquet('${a}') ORDER BY order_id`)).toEqual(await rows(`SELECT * FROM read_parquet('${b}') ORDER BY order_id`));
  });

  test("LF line endings read the same as CRLF", async () => {
    const lf = join(dir, "lf.parquet");
    const crlf = join(dir, "crlf.parquet");
    await step(bronzeToSilverSql(SALES), await bronzeFromCsv("lf", SALES_CSV.replace(/\r\n/g, "\n")), lf, "2026-03-02");
    await step(bronzeToSilverSql(SALES), await bronzeFromCsv("crlf", SALES_CSV), crlf, "2026-03-02");
    expect(await rows(`SELECT * FROM read_parquet('${lf}') ORDER BY order_id`)).toEqual(await rows(`SELECT * FROM read_parquet('${crlf}') ORDER BY order_id`));
  });

  test("typed Parquet landing (an inventory feed) goes through the same statement", async () => {
    const spec: SilverSpec = { columns: { sku: "STRING", on_hand: "INT", counted_at: "TIMESTAMP" }, keys: ["sku"], required: ["sku"] };
    const bronze = join(dir, "inventory-bronze.parquet");
    await db.run(
      `COPY (SELECT * FROM (VALUES ('a', 3, TIMESTAMP '2026-03-02 08:00:00'), ('a', 5, TIMESTAMP '2026-03-02 09:00:00'), (NULL, 1, NULL)) t(sku, on_hand, counted_at)) TO '${bronze}' (FORMAT parquet)`,
    );
    const silver = join(dir, "inventory-silver.parquet");
    await step(bronzeToSilverSql(spec), bronze, silver, "2026-03-02");
    expect(await rows(`SELECT sku, on_hand, CAST(counted_at AS VARCHAR) AS counted_at, run_date FROM read_parquet('${silver}')`)).toEqual([
      { sku: "a", on_hand: 5, counted_at: "2026-03-02 09:00:00", run_date: "2026-03-02" },
    ]);
  });
});

describe("silver -> gold", () => {
  test("daily aggregates per group with the run date; late rows count on the day they landed", async () => {
    const silver = join(dir, "gold-input.parquet");
    await step(bronzeToSilverSql(SALES), await bronzeFromCsv("gold", SALES_CSV), silver, "2026-03-02");
    const gold = join(dir, "gold.parquet");
    await step(silverToGoldSql(SALES_GOLD, SALES), silver, gold, "2026-03-02");
    expect(await rows(`SELECT * FROM read_parquet('${gold}') ORDER BY store_id`)).toEqual([
      { run_date: "2026-03-02", store_id: "s1", row_count: "2", amount_sum: "15.50", order_id_count_distinct: "2" },
      { run_date: "2026-03-02", store_id: "s2", row_count: "2", amount_sum: "7.25", order_id_count_distinct: "2" },
    ]);
  });

  test("without groupBy: one row for the day", () => {
    expect(silverToGoldSql({ groupBy: [], measures: { amount: "max" } }, SALES)).toBe(
      `SELECT CAST('${RUN_DATE_PLACEHOLDER}' AS DATE) AS run_date, COUNT(*) AS row_count, MAX(amount) AS amount_max\nFROM input_rows`,
    );
  });
});

describe("the statements", () => {
  test("use only the shared dialect: no quoting, TRY_CAST, QUALIFY, the run date as a placeholder", () => {
    const sql = bronzeToSilverSql(SALES);
    expect(sql).not.toMatch(/[`"]/);
    expect(sql).toContain(
      "QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY store_id DESC NULLS LAST, amount DESC NULLS LAST, order_date DESC NULLS LAST, note DESC NULLS LAST) = 1",
    );
    expect(sql).toContain("CAST(TRY_CAST(order_date AS TIMESTAMP) AS DATE) AS order_date");
    expect(sql).toContain(`CAST('${RUN_DATE_PLACEHOLDER}' AS DATE) AS run_date`);
  });

  test("the run date is checked before it is substituted", () => {
    expect(withRunDate("SELECT '{{run_date}}'", "2026-03-02")).toBe("SELECT '2026-03-02'");
    for (const bad of ["2026-3-2", "2026-03-02T00:00:00Z", "2026-03-02'; DROP TABLE x; --", "2026-13-01"]) {
      expect(() => withRunDate("SELECT 1", bad)).toThrow(/run date must be yyyy-MM-dd/);
    }
  });

  describe("fails", () => {
    test("on columns, keys and required columns that are not valid or not declared", () => {
      expect(silverSpecProblems({ columns: { "Order ID": "BIGINT", select: "STRING", run_date: "DATE" }, keys: ["id"], required: ["x"] })).toEqual([
        "columns.Order ID: must be 1-63 lowercase letters, digits or _, starting with a letter",
        "columns.select: is an SQL reserved word",
        "columns.run_date: is reserved for the run date column the transformations add",
        "keys.0: must be one of the columns (Order ID, select, run_date) (got id)",
        "required.0: must be one of the columns (Order ID, select, run_date) (got x)",
      ]);
      expect(() => bronzeToSilverSql({ columns: {}, keys: [], required: [] })).toThrow(
        /bronze -> silver: columns: must list at least one column; keys: must name at least one column/,
      );
    });
    test("on types outside the shared dialect", () => {
      expect(columnTypeProblem("VARCHAR(20)")).toMatch(/must be STRING, BOOLEAN/);
      expect(columnTypeProblem("DECIMAL(40,2)")).toMatch(/1 <= p <= 38/);
      expect(columnTypeProblem("DECIMAL(18,2)")).toBeUndefined();
    });
    test("on gold groups and measures that are not silver columns, or not numeric for sum/avg", () => {
      expect(goldSpecProblems({ groupBy: ["region"], measures: { note: "sum", store_id: "count_distinct" } }, SALES)).toEqual([
        "groupBy.0: must be one of the silver columns (order_id, store_id, amount, order_date, note) (got region)",
        "measures.note: sum needs a numeric column (got STRING)",
      ]);
      expect(() => silverToGoldSql({ groupBy: ["store_id"], measures: { store_id: "max" } }, SALES)).toThrow(/measures\.store_id: is also a groupBy column/);
    });
  });
});
