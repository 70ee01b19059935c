import {
  CopyActivity,
  ForEachActivity,
  IfConditionActivity,
  LookupActivity,
  PipelineDefinition,
  PipelineParameter,
  SetVariableActivity,
  WaitActivity,
  activityOutput,
  concat,
  datasetRef,
  expr,
  item,
  param,
  variable,
} from "../../../../constructs/data/factory";
import { dataset } from "../../../support/factory-entities";

const wait = (name: string, seconds: number | string = 1) => new WaitActivity(name, { waitTimeInSeconds: seconds });

function medallion(): PipelineDefinition {
  const lookup = new LookupActivity("Lookup tables", {
    dataset: datasetRef(dataset("ds_sql")),
    source: { type: "AzureSqlSource", sqlReaderQuery: concat("SELECT * FROM ", param("control_table")) },
    firstRowOnly: false,
  });
  const copy = new CopyActivity("Copy table", {
    input: datasetRef(dataset("ds_sql"), { table: item("name") }),
    output: datasetRef(dataset("ds_parquet"), { folder: param("folder") }),
    source: { type: "AzureSqlSource" },
    sink: { type: "ParquetSink" },
  });
  const loop = new ForEachActivity("For each table", { items: activityOutput("Lookup tables", "value"), activities: [copy] }).after(lookup);
  const status = new SetVariableActivity("Set status", { variableName: "status", value: "done" }).after(loop);
  return new PipelineDefinition({
    activities: [lookup, loop, status],
    parameters: { folder: { type: "String", defaultValue: "bronze" }, control_table: { type: "String" } },
    variables: { status: { type: "String", defaultValue: "running" } },
  });
}

describe("PipelineDefinition", () => {
  test("activitiesJson renders the validated activity array", () => {
    const parsed = JSON.parse(medallion().activitiesJson());
    expect(parsed.map((a: { name: string }) => a.name)).toEqual(["Lookup tables", "For each table", "Set status"]);
    expect(parsed[1].typeProperties.activities[0].name).toBe("Copy table");
  });

  test("activitiesJson is stable (same input, same string)", () => {
    expect(medallion().activitiesJson()).toBe(medallion().activitiesJson());
  });

  test("parametersMap and variablesMap serialize defaults as strings, sorted by name", () => {
    const def = new PipelineDefinition({
      activities: [wait("W")],
      parameters: {
        s: { type: "String", defaultValue: "x" },
        i: { type: "Int", defaultValue: 5 },
        f: { type: "Float", defaultValue: 1.5 },
        b: { type: "Bool", defaultValue: false },
        a: { type: "Array", defaultValue: [1, "x"] },
        o: { type: "Object", defaultValue: { k: 1 } },
        none: { type: "String" },
        secret: { type: "SecureString" },
      },
      variables: { v: { type: "String" }, flag: { type: "Bool", defaultValue: true }, list: { type: "Array", defaultValue: [] } },
    });
    const params = def.parametersMap();
    expect(params).toEqual({ a: '[1,"x"]', b: "false", f: "1.5", i: "5", none: "", o: '{"k":1}', s: "x", secret: "" });
    expect(Object.keys(params)).toEqual(["a", "b", "f", "i", "none", "o", "s", "secret"]);
    expect(def.variablesMap()).toEqual({ flag: "true", list: "[]", v: "" });
  });

  test("maps are empty without declarations", () => {
    const def = new PipelineDefinition({ activities: [wait("W")] });
    expect(def.parametersMap()).toEqual({});
    expect(def.variablesMap()).toEqual({});
  });

  test("addActivities appends top-level activities", () => {
    const def = new PipelineDefinition({ activities: [wait("A")] }).addActivities(wait("B"));
    expect(def.toJson().map((a) => a.name)).toEqual(["A", "B"]);
  });

  test("accepts declared references in expressions, interpolation and bracket syntax", () => {
    const def = new PipelineDefinition({
      activities: [
        wait("W", "@int(pipeline().parameters['delay'])"),
        new SetVariableActivity("S", { variableName: "msg", value: "run @{pipeline().parameters.env} @{variables('msg')}" }),
      ],
      parameters: { delay: { type: "Int", defaultValue: 1 }, env: { type: "String" } },
      variables: { msg: { type: "String" } },
    });
    expect(() => def.activitiesJson()).not.toThrow();
  });

  test("ignores references in plain strings and escaped @@ strings", () => {
    const def = new PipelineDefinition({
      activities: [new SetVariableActivity("S", { variableName: "v", value: "@@pipeline().parameters.nope and variables('nope')" })],
      variables: { v: { type: "String" } },
    });
    expect(() => def.activitiesJson()).not.toThrow();
  });

  test("fails for an undeclared parameter, naming the activity and the declared ones", () => {
    const def = new PipelineDefinition({
      activities: [new ForEachActivity("Loop", { items: expr("@pipeline().parameters.tabels"), activities: [wait("In")] })],
      parameters: { tables: { type: "Array" } },
    });
    expect(() => def.activitiesJson()).toThrow(
      /PipelineDefinition activity "Loop": parameter "tabels" is used but not declared \(in "@pipeline\(\)\.parameters\.tabels"\) \(got "tabels"\)\. Fix: declare it in parameters or fix the name \(declared: tables\)/,
    );
  });

  test("fails for an undeclared variable inside a nested activity", () => {
    const inner = wait("Inner", variable("delay"));
    const def = new PipelineDefinition({ activities: [new IfConditionActivity("If", { expression: "@true", ifTrue: [inner] })], name: "pl_ingest" });
    expect(() => def.activitiesJson()).toThrow(/pl_ingest activity "Inner": variable "delay" is used but not declared .*\(declared: none\)/);
  });

  test("fails for a SetVariable on an undeclared variable", () => {
    const def = new PipelineDefinition({ activities: [new SetVariableActivity("S", { variableName: "x", value: "1" })] });
    expect(() => def.toJson()).toThrow(/activity "S": variable "x" is used but not declared/);
  });

  test("fails for duplicate names across nesting levels", () => {
    const def = new PipelineDefinition({ activities: [wait("Same"), new ForEachActivity("Loop", { items: "@createArray(1)", activities: [wait("Same")] })] });
    expect(() => def.toJson()).toThrow(/activities must have unique names across the whole pipeline, ForEach\/If bodies included \(got "Same"\)/);
  });

  test("fails for container errors (duplicates, outer dependency, cycle)", () => {
    expect(() => new PipelineDefinition({ activities: [wait("A"), wait("A")] }).toJson()).toThrow(
      /PipelineDefinition: activities must have unique names \(got "A"\)/,
    );
    const a = wait("A");
    const b = wait("B").after(a);
    a.after(b);
    expect(() => new PipelineDefinition({ activities: [a, b] }).toJson()).toThrow(/must not have dependency cycles \(got "A -> B -> A"\)/);
    expect(() => new PipelineDefinition({ activities: [wait("C").after(wait("D"))] }).toJson()).toThrow(
      /depends on an activity that is not in the same container/,
    );
  });

  test("fails without activities", () => {
    expect(() => new PipelineDefinition({ activities: [] }).activitiesJson()).toThrow(/activities must contain at least one activity/);
  });

  test.each<[string, Record<string, PipelineParameter>, RegExp]>([
    ["bad name", { "my-param": { type: "String" } }, /PipelineDefinition: parameters names must be letters, digits and '_' .*\(got "my-param"\)/],
    ["bad type", { p: { type: "Date" } as never }, /parameters\.p\.type must be one of String, Int, Float, Bool, Array, Object, SecureString \(got "Date"\)/],
    ["default type mismatch", { p: { type: "Int", defaultValue: 1.5 } }, /parameters\.p\.defaultValue must match type Int \(got 1\.5\)/],
    ["Bool default as string", { p: { type: "Bool", defaultValue: "true" } as never }, /parameters\.p\.defaultValue must match type Bool/],
    [
      "SecureString default",
      { p: { type: "SecureString", defaultValue: "hunter2" } as never },
      /parameters\.p\.defaultValue is not allowed for SecureString .*\(got "\*\*\*"\)/,
    ],
  ])("fails for parameter %s", (_label, parameters, message) => {
    expect(() => new PipelineDefinition({ activities: [wait("W")], parameters })).toThrow(message);
  });

  test("fails naming every problem of its declarations at once", () => {
    const parameters = { "my-param": { type: "String" }, p: { type: "SecureString", defaultValue: "hunter2" } } as never;
    expect(() => new PipelineDefinition({ activities: [wait("W")], parameters, variables: { v: { type: "Int" } as never } })).toThrow(
      /^PipelineDefinition: 3 problems:\n- PipelineDefinition: parameters names must be letters.*\n- PipelineDefinition: variables\.v\.type must be one of.*\n- PipelineDefinition: parameters\.p\.defaultValue is not allowed for SecureString.*$/,
    );
  });

  test("fails for a bad variable type or default", () => {
    expect(() => new PipelineDefinition({ activities: [wait("W")], variables: { v: { type: "Int" } as never } })).toThrow(
      /variables\.v\.type must be one of String, Bool, Array/,
    );
    expect(() => new PipelineDefinition({ activities: [wait("W")], variables: { v: { type: "Array", defaultValue: "x" } as never } })).toThrow(
      /variables\.v\.defaultValue must match type Array/,
    );
  });
});
