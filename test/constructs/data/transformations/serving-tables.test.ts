import { aggregateType, goldColumns, servingSetupSql, sqlServerType } from "../../../../constructs/data/transformations/serving-tables";
import { GoldSpec, SilverSpec, silverToGoldSql } from "../../../../constructs/data/transformations/sql";

const SILVER: SilverSpec = {
  columns: { order_id: "STRING", store_id: "INT", amount: "DECIMAL(10,2)", qty: "INT", price: "DOUBLE", at: "TIMESTAMP", paid: "BOOLEAN" },
  keys: ["order_id"],
  required: ["order_id"],
};
const GOLD: GoldSpec = { groupBy: ["store_id", "paid"], measures: { amount: "sum", qty: "sum", price: "avg", at: "max", order_id: "count_distinct" } };

describe("serving tables", () => {
  test("the gold columns are those silverToGoldSql selects, in its order", () => {
    const columns = goldColumns(GOLD, SILVER).map((c) => c.name);
    const select = /^SELECT (.*)$/m.exec(silverToGoldSql(GOLD, SILVER))![1];
    expect(select.split(", ").map((e) => e.split(" AS ").pop())).toEqual(columns);
  });

  test("types: Spark's result types of each aggregation, mapped to SQL Server", () => {
    expect(goldColumns(GOLD, SILVER)).toEqual([
      { name: "run_date", sqlType: "date", nullable: false },
      { name: "store_id", sqlType: "int", nullable: true },
      { name: "paid", sqlType: "bit", nullable: true },
      { name: "row_count", sqlType: "bigint", nullable: false },
      { name: "amount_sum", sqlType: "decimal(20,2)", nullable: true },
      { name: "qty_sum", sqlType: "bigint", nullable: true },
      { name: "price_avg", sqlType: "float", nullable: true },
      { name: "at_max", sqlType: "datetime2(6)", nullable: true },
      { name: "order_id_count_distinct", sqlType: "bigint", nullable: false },
    ]);
    expect(aggregateType("avg", "DECIMAL(36,30)")).toBe("DECIMAL(38,34)");
    expect(aggregateType("sum", "DECIMAL(30,2)")).toBe("DECIMAL(38,2)");
    expect(aggregateType("sum", "DOUBLE")).toBe("DOUBLE");
    expect(aggregateType("min", "STRING")).toBe("STRING");
    expect(sqlServerType("STRING")).toBe("nvarchar(4000)");
    expect(sqlServerType("DATE")).toBe("date");
    expect(sqlServerType("BIGINT")).toBe("bigint");
  });

  test("the setup script: the factory's user with read and write rights only, then each schema and table if missing", () => {
    const sql = servingSetupSql({
      environment: "dev",
      factoryName: "adf-medal-dev-weu-ab12",
      tables: [
        { schema: "gold", table: "daily_sales", columns: goldColumns(GOLD, SILVER) },
        { schema: "gold", table: "o'neil", columns: [{ name: "run_date", sqlType: "date", nullable: false }] },
      ],
    });
    expect(sql).toContain("IF DATABASE_PRINCIPAL_ID(N'adf-medal-dev-weu-ab12') IS NULL CREATE USER [adf-medal-dev-weu-ab12] FROM EXTERNAL PROVIDER;");
    expect(sql).toContain(
      "IF IS_ROLEMEMBER(N'db_datareader', N'adf-medal-dev-weu-ab12') = 0 ALTER ROLE db_datareader ADD MEMBER [adf-medal-dev-weu-ab12];\n" +
        "IF IS_ROLEMEMBER(N'db_datawriter', N'adf-medal-dev-weu-ab12') = 0 ALTER ROLE db_datawriter ADD MEMBER [adf-medal-dev-weu-ab12];",
    );
    expect(sql).not.toMatch(/db_ddladmin|db_owner|GRANT /);
    expect(sql.match(/CREATE SCHEMA/g)).toHaveLength(1);
    expect(sql).toContain("IF SCHEMA_ID(N'gold') IS NULL EXEC(N'CREATE SCHEMA [gold]');");
    expect(sql).toContain(
      "IF OBJECT_ID(N'[gold].[daily_sales]', N'U') IS NULL BEGIN\nCREATE TABLE [gold].[daily_sales] (\n  [run_date] date NOT NULL,\n  [store_id] int NULL,",
    );
    expect(sql).toContain("IF OBJECT_ID(N'[gold].[o''neil]', N'U') IS NULL BEGIN\nCREATE TABLE [gold].[o'neil] (");
    expect(sql).toMatch(/END ELSE PRINT N'gold.daily_sales exists: compare its columns with run_date date, store_id int, .*';/);
  });
});
