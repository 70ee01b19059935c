import {
  Activity,
  CopyActivity,
  CopyActivityProps,
  DatabricksNotebookActivity,
  DeleteActivity,
  ExecutePipelineActivity,
  FailActivity,
  ForEachActivity,
  GetMetadataActivity,
  IfConditionActivity,
  LookupActivity,
  ScriptActivity,
  SetVariableActivity,
  WaitActivity,
  activityOutput,
  datasetRef,
  item,
  linkedServiceRef,
  param,
  pipelineRef,
} from "../../../../constructs/data/factory";
import { validateActivities } from "../../../../constructs/data/factory/activities/base";
import { dataset, linkedService, pipeline } from "../../../support/factory-entities";

const exprOf = (value: string) => ({ value, type: "Expression" });
const wait = (name: string) => new WaitActivity(name, { waitTimeInSeconds: 1 });
const copyProps = (over: Partial<CopyActivityProps> = {}): CopyActivityProps => ({
  input: datasetRef(dataset("ds_in"), { folder: param("folder") }),
  output: datasetRef(dataset("ds_out")),
  source: { type: "ParquetSource" },
  sink: { type: "ParquetSink" },
  ...over,
});

describe("Activity base", () => {
  test("renders name, type, description, state, user properties and empty dependsOn", () => {
    const json = new WaitActivity("W", {
      waitTimeInSeconds: 5,
      description: "d",
      userProperties: { k: "v", e: param("x") },
      state: "Inactive",
      onInactiveMarkAs: "Skipped",
    }).toJson();
    expect(json).toEqual({
      name: "W",
      type: "Wait",
      description: "d",
      state: "Inactive",
      onInactiveMarkAs: "Skipped",
      dependsOn: [],
      userProperties: [
        { name: "k", value: "v" },
        { name: "e", value: exprOf("@pipeline().parameters.x") },
      ],
      typeProperties: { waitTimeInSeconds: 5 },
    });
  });

  test("after() defaults to Succeeded, merges repeated calls and chains", () => {
    const a = wait("A");
    const b = wait("B").after(a).after(a, "Failed", "Succeeded");
    expect(b.toJson().dependsOn).toEqual([{ activity: "A", dependencyConditions: ["Succeeded", "Failed"] }]);
    expect(wait("C").after(a, "Completed").after(b, "Skipped").toJson().dependsOn).toEqual([
      { activity: "A", dependencyConditions: ["Completed"] },
      { activity: "B", dependencyConditions: ["Skipped"] },
    ]);
  });

  test("accepts names with spaces, '_', '-', parentheses", () => {
    expect(wait("Copy (1) raw_to-bronze").name).toBe("Copy (1) raw_to-bronze");
  });

  test.each([["a.b"], ["a/b"], ["a:b"], ["a\\b"], ["x".repeat(56)], [""], [" lead"]])("fails for invalid name %j", (name) => {
    expect(() => wait(name)).toThrow(/WaitActivity ".*": name must be 1-55 characters, .* \. \+ \? \/ < > \* % & : \\ \(got ".*"\)\. Fix:/);
  });

  test("fails when depending on itself or with an unknown condition", () => {
    const a = wait("A");
    expect(() => a.after(a)).toThrow(/WaitActivity "A": after\(\) cannot depend on itself/);
    expect(() => a.after(wait("B"), "Done" as never)).toThrow(/after\(\) condition must be one of Succeeded, Failed, Skipped, Completed \(got "Done"\)/);
    expect(() => a.after({} as Activity)).toThrow(/after\(\) needs an Activity/);
  });

  test("fails for onInactiveMarkAs without state Inactive", () => {
    expect(() => new WaitActivity("W", { waitTimeInSeconds: 1, onInactiveMarkAs: "Failed" })).toThrow(/onInactiveMarkAs only applies when state is "Inactive"/);
  });
});

describe("validateActivities", () => {
  test("accepts a valid graph", () => {
    const a = wait("A");
    expect(() => validateActivities([a, wait("B").after(a)])).not.toThrow();
  });

  test("fails for duplicate names", () => {
    expect(() => validateActivities([wait("A"), wait("A")])).toThrow(/pipeline: activities must have unique names \(got "A"\)/);
  });

  test("fails for a dependency outside the container", () => {
    const outside = wait("Outside");
    expect(() => validateActivities([wait("B").after(outside)])).toThrow(
      /WaitActivity "B": after\(\) depends on an activity that is not in the same container \(pipeline\) \(got "Outside"\)/,
    );
  });

  test("fails for a dependency cycle", () => {
    const a = wait("A");
    const b = wait("B").after(a);
    const c = wait("C").after(b);
    a.after(c);
    expect(() => validateActivities([a, b, c])).toThrow(/must not have dependency cycles \(got "A -> C -> B -> A"\)/);
  });

  test("fails for a non-activity entry", () => {
    expect(() => validateActivities([{} as Activity])).toThrow(/must only contain activity builders/);
  });
});

describe("CopyActivity", () => {
  test("renders inputs, outputs, source, sink, policy and options", () => {
    const json = new CopyActivity(
      "Copy",
      copyProps({
        policy: { timeout: "0.12:00:00", retry: 3, retryIntervalInSeconds: 60, secureInput: true, secureOutput: false },
        source: {
          type: "DelimitedTextSource",
          storeSettings: { type: "AzureBlobFSReadSettings", recursive: true, wildcardFileName: "*.csv", wildcardFolderPath: param("folder") },
          formatSettings: { type: "DelimitedTextReadSettings", skipLineCount: 1 },
        },
        sink: {
          type: "ParquetSink",
          storeSettings: { type: "AzureBlobFSWriteSettings", copyBehavior: "PreserveHierarchy", blockSizeInMB: 8, metadata: [{ name: "by", value: "adf" }] },
          formatSettings: { type: "ParquetWriteSettings", maxRowsPerFile: 1000, fileNamePrefix: "part" },
        },
        dataIntegrationUnits: 4,
        parallelCopies: 2,
        enableSkipIncompatibleRow: true,
        columnMappings: [{ source: "a", sink: "A" }],
      }),
    ).toJson();
    expect(json.policy).toEqual({ timeout: "0.12:00:00", retry: 3, retryIntervalInSeconds: 60, secureOutput: false, secureInput: true });
    expect(json.inputs).toEqual([{ referenceName: "ds_in", type: "DatasetReference", parameters: { folder: exprOf("@pipeline().parameters.folder") } }]);
    expect(json.outputs).toEqual([{ referenceName: "ds_out", type: "DatasetReference" }]);
    expect(json.typeProperties).toEqual({
      source: {
        type: "DelimitedTextSource",
        storeSettings: {
          type: "AzureBlobFSReadSettings",
          recursive: true,
          wildcardFolderPath: exprOf("@pipeline().parameters.folder"),
          wildcardFileName: "*.csv",
        },
        formatSettings: { type: "DelimitedTextReadSettings", skipLineCount: 1 },
      },
      sink: {
        type: "ParquetSink",
        storeSettings: { type: "AzureBlobFSWriteSettings", copyBehavior: "PreserveHierarchy", blockSizeInMB: 8, metadata: [{ name: "by", value: "adf" }] },
        formatSettings: { type: "ParquetWriteSettings", maxRowsPerFile: 1000, fileNamePrefix: "part" },
      },
      enableStaging: false,
      dataIntegrationUnits: 4,
      parallelCopies: 2,
      enableSkipIncompatibleRow: true,
      translator: { type: "TabularTranslator", mappings: [{ source: { name: "a" }, sink: { name: "A" } }] },
    });
  });

  test("renders AzureSqlSource and AzureSqlSink options", () => {
    const tp = new CopyActivity(
      "Sql",
      copyProps({
        source: { type: "AzureSqlSource", sqlReaderQuery: "SELECT 1", queryTimeout: "02:00:00", isolationLevel: "Snapshot", partitionOption: "DynamicRange" },
        sink: {
          type: "AzureSqlSink",
          preCopyScript: "TRUNCATE TABLE t",
          tableOption: "autoCreate",
          writeBehavior: "Upsert",
          upsertSettings: { keys: ["id"], useTempDB: true },
          writeBatchSize: 1000,
          writeBatchTimeout: "00:30:00",
          sqlWriterUseTableLock: true,
        },
      }),
    ).toJson().typeProperties as Record<string, unknown>;
    expect(tp.source).toEqual({
      type: "AzureSqlSource",
      sqlReaderQuery: "SELECT 1",
      queryTimeout: "02:00:00",
      isolationLevel: "Snapshot",
      partitionOption: "DynamicRange",
    });
    expect(tp.sink).toEqual({
      type: "AzureSqlSink",
      preCopyScript: "TRUNCATE TABLE t",
      tableOption: "autoCreate",
      writeBehavior: "Upsert",
      upsertSettings: { useTempDB: true, keys: ["id"] },
      writeBatchSize: 1000,
      writeBatchTimeout: "00:30:00",
      sqlWriterUseTableLock: true,
    });
  });

  test("renders stored procedure source and sink", () => {
    const tp = new CopyActivity(
      "Proc",
      copyProps({
        source: {
          type: "AzureSqlSource",
          sqlReaderStoredProcedureName: "dbo.r",
          storedProcedureParameters: { since: { value: param("since"), type: "DateTime" } },
        },
        sink: {
          type: "AzureSqlSink",
          writeBehavior: "StoredProcedure",
          sqlWriterStoredProcedureName: "dbo.w",
          sqlWriterTableType: "dbo.T",
          storedProcedureTableTypeParameterName: "rows",
        },
      }),
    ).toJson().typeProperties as Record<string, Record<string, unknown>>;
    expect(tp.source.storedProcedureParameters).toEqual({ since: { value: exprOf("@pipeline().parameters.since"), type: "DateTime" } });
    expect(tp.sink.sqlWriterStoredProcedureName).toBe("dbo.w");
  });

  test("renders Blob storage read prefix and ParquetReadSettings", () => {
    const tp = new CopyActivity(
      "Blob",
      copyProps({
        source: {
          type: "ParquetSource",
          storeSettings: { type: "AzureBlobStorageReadSettings", prefix: "raw/" },
          formatSettings: { type: "ParquetReadSettings" },
        },
      }),
    ).toJson().typeProperties as Record<string, unknown>;
    expect(tp.source).toEqual({
      type: "ParquetSource",
      storeSettings: { type: "AzureBlobStorageReadSettings", prefix: "raw/" },
      formatSettings: { type: "ParquetReadSettings" },
    });
  });

  test.each<[string, Partial<CopyActivityProps>, RegExp]>([
    ["timeout format", { policy: { timeout: "12h" } }, /CopyActivity "C": policy\.timeout must be a timespan "d\.hh:mm:ss" .* \(got "12h"\)/],
    ["timeout over 7 days", { policy: { timeout: "8.00:00:00" } }, /policy\.timeout .*at most 7 days/],
    ["negative retry", { policy: { retry: -1 } }, /policy\.retry must be a whole number >= 0 \(got -1\)/],
    ["retry interval", { policy: { retryIntervalInSeconds: 10 } }, /policy\.retryIntervalInSeconds must be a whole number 30\.\.86400 \(got 10\)/],
    ["DIUs", { dataIntegrationUnits: 1 }, /dataIntegrationUnits must be a whole number 2\.\.256/],
    ["parallel copies", { parallelCopies: 0 }, /parallelCopies must be a whole number 1\.\.256/],
    [
      "query and proc",
      { source: { type: "AzureSqlSource", sqlReaderQuery: "q", sqlReaderStoredProcedureName: "p" } },
      /source\.sqlReaderQuery cannot be combined/,
    ],
    ["query timeout", { source: { type: "AzureSqlSource", queryTimeout: "2h" } }, /source\.queryTimeout must be a timespan/],
    [
      "skipLineCount",
      { source: { type: "DelimitedTextSource", formatSettings: { type: "DelimitedTextReadSettings", skipLineCount: -1 } } },
      /skipLineCount must be a whole number >= 0/,
    ],
    [
      "prefix on ADLS",
      { source: { type: "ParquetSource", storeSettings: { type: "AzureBlobFSReadSettings", prefix: "x" } } },
      /storeSettings\.prefix is only supported by AzureBlobStorageReadSettings/,
    ],
    [
      "store type",
      { source: { type: "ParquetSource", storeSettings: { type: "S3ReadSettings" as never } } },
      /source\.storeSettings type must be one of AzureBlobFSReadSettings/,
    ],
    [
      "unknown key",
      { sink: { type: "ParquetSink", preCopyScript: "x" } as never },
      /sink has unsupported properties for ParquetSink \(got \["preCopyScript"\]\)/,
    ],
    [
      "source type",
      { source: { type: "JsonSource" } as never },
      /source\.type must be DelimitedTextSource, ParquetSource or AzureSqlSource \(got "JsonSource"\)/,
    ],
    ["sink type", { sink: { type: "JsonSink" } as never }, /sink\.type must be ParquetSink or AzureSqlSink/],
    [
      "fileNamePrefix alone",
      { sink: { type: "ParquetSink", formatSettings: { type: "ParquetWriteSettings", fileNamePrefix: "p" } } },
      /fileNamePrefix only applies when maxRowsPerFile is set/,
    ],
    [
      "block size",
      { sink: { type: "ParquetSink", storeSettings: { type: "AzureBlobFSWriteSettings", blockSizeInMB: 500 } } },
      /blockSizeInMB must be a whole number 4\.\.100/,
    ],
    [
      "upsert settings",
      { sink: { type: "AzureSqlSink", upsertSettings: { keys: ["id"] } } },
      /sink\.upsertSettings only applies when writeBehavior is "Upsert" \(got "Insert"\)/,
    ],
    ["stored procedure", { sink: { type: "AzureSqlSink", writeBehavior: "StoredProcedure" } }, /sink\.sqlWriterStoredProcedureName is required/],
    ["write batch size", { sink: { type: "AzureSqlSink", writeBatchSize: 0 } }, /sink\.writeBatchSize must be a whole number >= 1/],
    [
      "dataset given by name",
      { input: datasetRef("ds_in" as never) },
      /CopyActivity "C": input\.target must be a Dataset construct \(got "string"\)\. Fix: pass the Dataset construct itself, not its name\./,
    ],
    [
      "linked service as output",
      { output: datasetRef(linkedService("ls_lake") as never) },
      /output\.target must be a Dataset construct \(got "LinkedService"\)/,
    ],
    ["empty mapping", { columnMappings: [{ source: "", sink: "a" }] }, /columnMappings\[\]\.source must be non-empty/],
  ])("fails for bad %s", (_label, over, message) => {
    expect(() => new CopyActivity("C", copyProps(over))).toThrow(message);
  });
});

describe("DatabricksNotebookActivity", () => {
  test("renders linked service, notebook path, base parameters (sorted) and libraries", () => {
    const json = new DatabricksNotebookActivity("NB", {
      linkedService: linkedServiceRef(linkedService("ls_dbx"), { ws: "a" }),
      notebookPath: "/Repos/x",
      policy: { retry: 1 },
      baseParameters: { z: "1", a: item("name") },
      libraries: [{ whl: "dbfs:/x.whl" }, { pypi: { package: "pandas" } }],
    }).toJson();
    expect(json.linkedServiceName).toEqual({ referenceName: "ls_dbx", type: "LinkedServiceReference", parameters: { ws: "a" } });
    expect(json.policy).toEqual({ retry: 1 });
    expect(JSON.stringify(json.typeProperties)).toBe(
      JSON.stringify({
        notebookPath: "/Repos/x",
        baseParameters: { a: exprOf("@item().name"), z: "1" },
        libraries: [{ whl: "dbfs:/x.whl" }, { pypi: { package: "pandas" } }],
      }),
    );
  });

  test("accepts an expression notebook path", () => {
    const json = new DatabricksNotebookActivity("NB", { linkedService: linkedServiceRef(linkedService("ls")), notebookPath: param("nb") }).toJson();
    expect(json.typeProperties).toEqual({ notebookPath: exprOf("@pipeline().parameters.nb") });
  });

  test("fails for a relative notebook path, a dataset as linked service or a bad library", () => {
    expect(() => new DatabricksNotebookActivity("NB", { linkedService: linkedServiceRef(linkedService("ls")), notebookPath: "x/y" })).toThrow(
      /notebookPath must be an absolute workspace path starting with '\/' \(got "x\/y"\)/,
    );
    expect(() => new DatabricksNotebookActivity("NB", { linkedService: linkedServiceRef(dataset("ds") as never), notebookPath: "/x" })).toThrow(
      /linkedService\.target must be a LinkedService construct \(got "Dataset"\)/,
    );
    expect(
      () =>
        new DatabricksNotebookActivity("NB", {
          linkedService: linkedServiceRef(linkedService("ls")),
          notebookPath: "/x",
          libraries: [{ whl: "a", jar: "b" } as never],
        }),
    ).toThrow(/libraries entries must have exactly one of jar, egg, whl/);
  });
});

describe("LookupActivity", () => {
  test("renders dataset, source and firstRowOnly (default true)", () => {
    const tp = (l: LookupActivity) => l.toJson().typeProperties;
    expect(tp(new LookupActivity("L", { dataset: datasetRef(dataset("ds")), source: { type: "AzureSqlSource", sqlReaderQuery: "SELECT 1" } }))).toEqual({
      source: { type: "AzureSqlSource", sqlReaderQuery: "SELECT 1" },
      dataset: { referenceName: "ds", type: "DatasetReference" },
      firstRowOnly: true,
    });
    expect(tp(new LookupActivity("L", { dataset: datasetRef(dataset("ds")), source: { type: "DelimitedTextSource" }, firstRowOnly: false }))).toMatchObject({
      firstRowOnly: false,
    });
  });

  test("fails for a bad source", () => {
    expect(() => new LookupActivity("L", { dataset: datasetRef(dataset("ds")), source: { type: "Nope" } as never })).toThrow(
      /LookupActivity "L": source\.type must be/,
    );
  });
});

describe("ForEachActivity", () => {
  test("renders items, batchCount and inner activities", () => {
    const inner = wait("In");
    const json = new ForEachActivity("Each", { items: activityOutput("L", "value"), batchCount: 10, activities: [inner, wait("In2").after(inner)] }).toJson();
    expect(json.typeProperties).toMatchObject({ isSequential: false, batchCount: 10, items: exprOf("@activity('L').output.value") });
    expect((json.typeProperties as { activities: unknown[] }).activities).toHaveLength(2);
  });

  test("renders sequential loops and Expression items", () => {
    const json = new ForEachActivity("Each", {
      items: { value: "@pipeline().parameters.list", type: "Expression" },
      isSequential: true,
      activities: [wait("In")],
    }).toJson();
    expect(json.typeProperties).toMatchObject({ isSequential: true, items: exprOf("@pipeline().parameters.list") });
  });

  test.each<[string, () => unknown, RegExp]>([
    [
      "batchCount 0",
      () => new ForEachActivity("E", { items: item(), batchCount: 0, activities: [wait("a")] }),
      /ForEachActivity "E": batchCount must be a whole number 1\.\.50 \(got 0\)/,
    ],
    [
      "batchCount 51",
      () => new ForEachActivity("E", { items: item(), batchCount: 51, activities: [wait("a")] }),
      /batchCount must be a whole number 1\.\.50 \(got 51\)/,
    ],
    [
      "batchCount with sequential",
      () => new ForEachActivity("E", { items: item(), isSequential: true, batchCount: 5, activities: [wait("a")] }),
      /batchCount only applies when isSequential is false/,
    ],
    [
      "literal items",
      () => new ForEachActivity("E", { items: "tables", activities: [wait("a")] }),
      /items must be an ADF expression starting with '@' \(got "tables"\)/,
    ],
    ["no activities", () => new ForEachActivity("E", { items: item(), activities: [] }), /activities must contain at least one activity/],
    [
      "nested ForEach",
      () => new ForEachActivity("E", { items: item(), activities: [new ForEachActivity("I", { items: item(), activities: [wait("a")] })] }),
      /activities cannot contain a ForEach activity \(got "I"\)/,
    ],
    [
      "inner duplicates",
      () => new ForEachActivity("E", { items: item(), activities: [wait("a"), wait("a")] }),
      /ForEachActivity "E" activities: activities must have unique names/,
    ],
  ])("fails for %s", (_label, build, message) => {
    expect(build).toThrow(message);
  });

  test("fails at render time when an inner activity depends on an outer one", () => {
    const outer = wait("Outer");
    const inner = wait("Inner");
    const loop = new ForEachActivity("E", { items: item(), activities: [inner] });
    inner.after(outer);
    expect(() => loop.toJson()).toThrow(
      /WaitActivity "Inner": after\(\) depends on an activity that is not in the same container \(ForEachActivity "E" activities\)/,
    );
  });
});

describe("IfConditionActivity", () => {
  test("renders expression and both branches", () => {
    const json = new IfConditionActivity("If", {
      expression: "@equals(1, 1)",
      ifTrue: [wait("T")],
      ifFalse: [new FailActivity("F", { message: "m", errorCode: "1" })],
    }).toJson();
    expect(json.typeProperties).toMatchObject({ expression: exprOf("@equals(1, 1)"), ifTrueActivities: [{ name: "T" }], ifFalseActivities: [{ name: "F" }] });
  });

  test("omits an empty branch", () => {
    expect(new IfConditionActivity("If", { expression: "@true", ifFalse: [wait("F")] }).toJson().typeProperties).not.toHaveProperty("ifTrueActivities");
  });

  test.each<[string, () => unknown, RegExp]>([
    [
      "no branches",
      () => new IfConditionActivity("If", { expression: "@true" }),
      /IfConditionActivity "If": ifTrue\/ifFalse must contain at least one activity/,
    ],
    ["literal expression", () => new IfConditionActivity("If", { expression: "true", ifTrue: [wait("a")] }), /expression must be an ADF expression/],
    [
      "nested If",
      () => new IfConditionActivity("If", { expression: "@true", ifTrue: [new IfConditionActivity("I", { expression: "@true", ifTrue: [wait("a")] })] }),
      /cannot contain a IfCondition activity \(got "I"\)/,
    ],
    [
      "ForEach in branch",
      () => new IfConditionActivity("If", { expression: "@true", ifFalse: [new ForEachActivity("E", { items: item(), activities: [wait("a")] })] }),
      /cannot contain a ForEach activity/,
    ],
    [
      "duplicates in a branch",
      () => new IfConditionActivity("If", { expression: "@true", ifTrue: [wait("a"), wait("a")] }),
      /IfConditionActivity "If" ifTrue: activities must have unique names/,
    ],
  ])("fails for %s", (_label, build, message) => {
    expect(build).toThrow(message);
  });
});

describe("ExecutePipelineActivity", () => {
  test("renders pipeline reference, parameters, waitOnCompletion (default true) and secureInput policy", () => {
    const json = new ExecutePipelineActivity("Run", {
      pipeline: pipelineRef(pipeline("pl_child")),
      parameters: { b: 1, a: param("x") },
      secureInput: true,
    }).toJson();
    expect(json.policy).toEqual({ secureInput: true });
    expect(json.typeProperties).toEqual({
      pipeline: { referenceName: "pl_child", type: "PipelineReference" },
      waitOnCompletion: true,
      parameters: { a: exprOf("@pipeline().parameters.x"), b: 1 },
    });
    expect(new ExecutePipelineActivity("Run", { pipeline: pipelineRef(pipeline("p")), waitOnCompletion: false }).toJson()).toMatchObject({
      typeProperties: { waitOnCompletion: false },
    });
  });

  test("fails for a pipeline given by name", () => {
    expect(() => new ExecutePipelineActivity("Run", { pipeline: pipelineRef("pl_child" as never) })).toThrow(
      /ExecutePipelineActivity "Run": pipeline\.target must be a Pipeline construct \(got "string"\)/,
    );
  });
});

describe("SetVariableActivity, WaitActivity, FailActivity", () => {
  test("SetVariable renders name, value and secure policy", () => {
    const json = new SetVariableActivity("Set", { variableName: "v", value: activityOutput("L", "count"), secureOutput: true }).toJson();
    expect(json.policy).toEqual({ secureOutput: true });
    expect(json.typeProperties).toEqual({ variableName: "v", value: exprOf("@activity('L').output.count") });
    expect(new SetVariableActivity("Set", { variableName: "v", value: ["a"] }).toJson().typeProperties).toEqual({ variableName: "v", value: ["a"] });
  });

  test("Wait accepts seconds or an expression", () => {
    expect(new WaitActivity("W", { waitTimeInSeconds: 0 }).toJson().typeProperties).toEqual({ waitTimeInSeconds: 0 });
    expect(new WaitActivity("W", { waitTimeInSeconds: param("s") }).toJson().typeProperties).toEqual({ waitTimeInSeconds: exprOf("@pipeline().parameters.s") });
  });

  test("Fail renders message and error code", () => {
    expect(new FailActivity("F", { message: item("err"), errorCode: "E1" }).toJson().typeProperties).toEqual({
      message: exprOf("@item().err"),
      errorCode: "E1",
    });
  });

  test.each<[string, () => unknown, RegExp]>([
    ["empty variable name", () => new SetVariableActivity("S", { variableName: "", value: "x" }), /SetVariableActivity "S": variableName must be non-empty/],
    ["missing value", () => new SetVariableActivity("S", { variableName: "v", value: undefined as never }), /value must be set/],
    ["negative wait", () => new WaitActivity("W", { waitTimeInSeconds: -1 }), /WaitActivity "W": waitTimeInSeconds must be a whole number >= 0 \(got -1\)/],
    ["literal string wait", () => new WaitActivity("W", { waitTimeInSeconds: "10" }), /waitTimeInSeconds must be an ADF expression/],
    ["empty fail message", () => new FailActivity("F", { message: " ", errorCode: "1" }), /FailActivity "F": message must be non-empty/],
    ["empty error code", () => new FailActivity("F", { message: "m", errorCode: "" }), /errorCode must be non-empty/],
  ])("fails for %s", (_label, build, message) => {
    expect(build).toThrow(message);
  });
});

describe("GetMetadataActivity", () => {
  test("renders dataset, field list, store settings and policy", () => {
    const json = new GetMetadataActivity("Look", {
      dataset: datasetRef(dataset("ds_folder"), { layer: "bronze" }),
      fieldList: ["exists", "childItems"],
      storeSettings: { type: "AzureBlobFSReadSettings", recursive: false },
      policy: { timeout: "0.00:10:00", retry: 2 },
    }).toJson();
    expect(json).toMatchObject({
      type: "GetMetadata",
      policy: { timeout: "0.00:10:00", retry: 2 },
      typeProperties: {
        dataset: { referenceName: "ds_folder", type: "DatasetReference", parameters: { layer: "bronze" } },
        fieldList: ["exists", "childItems"],
        storeSettings: { type: "AzureBlobFSReadSettings", recursive: false },
      },
    });
  });

  test("fails for an empty or unknown field list", () => {
    expect(() => new GetMetadataActivity("Look", { dataset: datasetRef(dataset("ds")), fieldList: [] })).toThrow(
      /GetMetadataActivity "Look": fieldList must name at least one field/,
    );
    expect(() => new GetMetadataActivity("Look", { dataset: datasetRef(dataset("ds")), fieldList: ["exist" as never] })).toThrow(
      /fieldList entries must be one of exists/,
    );
  });
});

describe("DeleteActivity", () => {
  test("renders dataset and store settings, logging off, recursive only when set", () => {
    const json = new DeleteActivity("Delete", {
      dataset: datasetRef(dataset("ds_folder")),
      storeSettings: { type: "AzureBlobFSReadSettings", recursive: true },
    }).toJson();
    expect(json.typeProperties).toEqual({
      dataset: { referenceName: "ds_folder", type: "DatasetReference" },
      enableLogging: false,
      storeSettings: { type: "AzureBlobFSReadSettings", recursive: true },
    });
    expect(
      new DeleteActivity("Delete", { dataset: datasetRef(dataset("ds")), recursive: false, maxConcurrentConnections: 4 }).toJson().typeProperties,
    ).toMatchObject({
      recursive: false,
      maxConcurrentConnections: 4,
    });
  });

  test("fails for zero connections or an unknown store type", () => {
    expect(() => new DeleteActivity("Delete", { dataset: datasetRef(dataset("ds")), maxConcurrentConnections: 0 })).toThrow(
      /maxConcurrentConnections must be a whole number >= 1/,
    );
    expect(() => new DeleteActivity("Delete", { dataset: datasetRef(dataset("ds")), storeSettings: { type: "FtpReadSettings" as never } })).toThrow(
      /storeSettings type must be one of/,
    );
  });
});

describe("ScriptActivity", () => {
  test("renders the linked service, the batches (expressions as Expression objects) and the timeout", () => {
    const json = new ScriptActivity("Ensure schema", {
      linkedService: linkedServiceRef(linkedService("ls_sql")),
      scripts: [
        { type: "NonQuery", text: "@concat('CREATE SCHEMA ', pipeline().parameters.s)" },
        { type: "Query", text: "SELECT 1" },
      ],
      scriptBlockExecutionTimeout: "00:05:00",
      policy: { retry: 1 },
    }).toJson();
    expect(json).toMatchObject({
      type: "Script",
      linkedServiceName: { referenceName: "ls_sql", type: "LinkedServiceReference" },
      policy: { retry: 1 },
      typeProperties: {
        scripts: [
          { type: "NonQuery", text: exprOf("@concat('CREATE SCHEMA ', pipeline().parameters.s)") },
          { type: "Query", text: "SELECT 1" },
        ],
        scriptBlockExecutionTimeout: "00:05:00",
      },
    });
  });

  test("fails without batches, for an unknown batch type, an empty text or a bad timeout", () => {
    const ls = linkedServiceRef(linkedService("ls_sql"));
    expect(() => new ScriptActivity("S", { linkedService: ls, scripts: [] })).toThrow(/ScriptActivity "S": scripts must contain at least one batch/);
    expect(() => new ScriptActivity("S", { linkedService: ls, scripts: [{ type: "Ddl" as never, text: "x" }] })).toThrow(
      /scripts\[0\]\.type must be Query or NonQuery/,
    );
    expect(() => new ScriptActivity("S", { linkedService: ls, scripts: [{ type: "NonQuery", text: " " }] })).toThrow(/scripts\[0\]\.text must be non-empty/);
    expect(() => new ScriptActivity("S", { linkedService: ls, scripts: [{ type: "NonQuery", text: "x" }], scriptBlockExecutionTimeout: "5 minutes" })).toThrow(
      /scriptBlockExecutionTimeout must be a timespan/,
    );
  });
});

describe("activities collect", () => {
  const ls = linkedServiceRef(linkedService("ls"));
  const ds = datasetRef(dataset("ds"));
  /** `N problems:` of `owner`, then each expected line in order. */
  const problems = (owner: string, ...lines: string[]) =>
    new RegExp(`^${owner}: ${lines.length} problems:\\n${lines.map((l) => `- ${owner}: ${l}.*`).join("\\n")}$`);
  test.each<[string, () => unknown, RegExp]>([
    [
      "Activity base: name and onInactiveMarkAs",
      () => new WaitActivity("a.b", { waitTimeInSeconds: 1, onInactiveMarkAs: "Failed" }),
      problems('WaitActivity "a\\.b"', "name must be 1-55 characters", "onInactiveMarkAs only applies"),
    ],
    [
      "ExecutionActivity policy",
      () => new DeleteActivity("D", { dataset: ds, policy: { timeout: "8.00:00:00", retry: -1 } }),
      problems('DeleteActivity "D"', "policy\\.timeout must be a timespan", "policy\\.retry must be a whole number"),
    ],
    [
      "CopyActivity",
      () => new CopyActivity("C", copyProps({ parallelCopies: 0, sink: { type: "Nope" } as never })),
      problems('CopyActivity "C"', "parallelCopies must be a whole number", "sink\\.type must be ParquetSink or AzureSqlSink"),
    ],
    [
      "LookupActivity",
      () => new LookupActivity("L", { dataset: datasetRef(linkedService("ls") as never), source: { type: "Nope" } as never }),
      problems('LookupActivity "L"', "dataset\\.target", "source\\.type must be"),
    ],
    [
      "DatabricksNotebookActivity",
      () => new DatabricksNotebookActivity("NB", { linkedService: ls, notebookPath: "x/y", libraries: [{ jar: "a", whl: "b" } as never] }),
      problems('DatabricksNotebookActivity "NB"', "notebookPath must be an absolute workspace path", "libraries entries must have exactly one"),
    ],
    [
      "ForEachActivity",
      () => new ForEachActivity("E", { items: "tables", batchCount: 0, activities: [] }),
      problems('ForEachActivity "E"', "items must be an ADF expression", "activities must contain at least one activity", "batchCount must be a whole number"),
    ],
    [
      "IfConditionActivity",
      () => new IfConditionActivity("If", { expression: "true" }),
      problems('IfConditionActivity "If"', "expression must be an ADF expression", "ifTrue\\/ifFalse must contain at least one activity"),
    ],
    [
      "SetVariableActivity",
      () => new SetVariableActivity("V", { variableName: " ", value: undefined as never }),
      problems('SetVariableActivity "V"', "variableName must be non-empty", "value must be set"),
    ],
    [
      "FailActivity",
      () => new FailActivity("F", { message: "", errorCode: "" }),
      problems('FailActivity "F"', "message must be non-empty", "errorCode must be non-empty"),
    ],
    [
      "GetMetadataActivity",
      () => new GetMetadataActivity("G", { dataset: ds, fieldList: [], formatSettings: { type: "Nope" } as never }),
      problems('GetMetadataActivity "G"', "fieldList must name at least one field", "formatSettings\\.type must be BinaryReadSettings"),
    ],
    [
      "ScriptActivity",
      () => new ScriptActivity("S", { linkedService: ls, scripts: [{ type: "Ddl" as never, text: " " }], scriptBlockExecutionTimeout: "5 minutes" }),
      problems(
        'ScriptActivity "S"',
        "scripts\\[0\\]\\.type must be Query or NonQuery",
        "scripts\\[0\\]\\.text must be non-empty",
        "scriptBlockExecutionTimeout must be",
      ),
    ],
  ])("fails naming every problem at once: %s", (_label, build, message) => {
    expect(build).toThrow(message);
  });
});
