import {
  activityOutput,
  concat,
  expr,
  formatDateTime,
  isExpression,
  isExpressionString,
  item,
  literal,
  param,
  toDynamic,
  utcNow,
  variable,
} from "../../../../constructs/data/factory/expression";

describe("ADF expressions", () => {
  test("expr wraps an @ string as an Expression object", () => {
    expect(expr("@pipeline().parameters.x")).toEqual({ value: "@pipeline().parameters.x", type: "Expression" });
  });

  test("param, variable, item and activityOutput render ADF references", () => {
    expect(param("folder")).toBe("@pipeline().parameters.folder");
    expect(variable("status")).toBe("@variables('status')");
    expect(item()).toBe("@item()");
    expect(item("table.name")).toBe("@item().table.name");
    expect(activityOutput("Lookup tables")).toBe("@activity('Lookup tables').output");
    expect(activityOutput("Lookup tables", "value[0].name")).toBe("@activity('Lookup tables').output.value[0].name");
    expect(activityOutput("It's", "firstRow")).toBe("@activity('It''s').output.firstRow");
    expect(utcNow()).toBe("@utcNow()");
  });

  test("formatDateTime nests an expression and quotes the format", () => {
    expect(formatDateTime(utcNow(), "yyyy/MM/dd")).toBe("@formatDateTime(utcNow(), 'yyyy/MM/dd')");
    expect(formatDateTime(expr("@pipeline().TriggerTime"), "HH")).toBe("@formatDateTime(pipeline().TriggerTime, 'HH')");
  });

  test("concat nests expressions and quotes literals", () => {
    expect(concat(param("folder"), "/", item("name"), "'s")).toBe("@concat(pipeline().parameters.folder, '/', item().name, '''s')");
    expect(concat(expr("@utcNow()"), ".csv")).toBe("@concat(utcNow(), '.csv')");
  });

  test("literal escapes single quotes", () => {
    expect(literal("a'b")).toBe("'a''b'");
  });

  test("toDynamic turns @ strings into Expressions and keeps other values", () => {
    expect(toDynamic("@item()")).toEqual({ value: "@item()", type: "Expression" });
    expect(toDynamic("@@literal")).toBe("@@literal");
    expect(toDynamic("plain")).toBe("plain");
    expect(toDynamic(5)).toBe(5);
  });

  test("isExpression and isExpressionString", () => {
    expect(isExpression({ value: "@x", type: "Expression" })).toBe(true);
    expect(isExpression({ value: "@x" })).toBe(false);
    expect(isExpression(null)).toBe(false);
    expect(isExpressionString("@x")).toBe(true);
    expect(isExpressionString("@@x")).toBe(false);
    expect(isExpressionString(1)).toBe(false);
  });

  test("fails when expr does not start with @", () => {
    expect(() => expr("pipeline().parameters.x")).toThrow(/expr: must be an ADF expression starting with '@' \(got "pipeline\(\)\.parameters\.x"\)\. Fix:/);
    expect(() => expr("@")).toThrow(/starting with '@'/);
  });

  test("fails for a parameter name that is not an identifier", () => {
    expect(() => param("my-param")).toThrow(/param: name must be letters, digits and '_' .*\(got "my-param"\)/);
  });

  test("fails for an empty or quoted variable name", () => {
    expect(() => variable("")).toThrow(/variable: name must be non-empty/);
    expect(() => variable("a'b")).toThrow(/must not contain a single quote \(got "a'b"\)/);
  });

  test("fails for a bad output or item path", () => {
    expect(() => activityOutput("A", "value..x")).toThrow(/activityOutput: path must be dotted property names/);
    expect(() => item("a b")).toThrow(/item: path must be dotted/);
    expect(() => activityOutput("")).toThrow(/activityName must be non-empty/);
  });

  test("fails when formatDateTime gets a literal or an empty format", () => {
    expect(() => formatDateTime("2024-01-01", "yyyy")).toThrow(/formatDateTime: argument must be an ADF expression/);
    expect(() => formatDateTime(utcNow(), "")).toThrow(/formatDateTime: format must be non-empty/);
  });

  test("fails when concat gets fewer than 2 parts", () => {
    expect(() => concat("a")).toThrow(/concat: needs at least 2 parts/);
  });
});
