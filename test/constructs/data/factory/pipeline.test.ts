import { DataFactoryPipeline } from "@cdktf/provider-azurerm/lib/data-factory-pipeline";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { IDataFactory } from "../../../../constructs/data/data-factory";
import {
  CopyActivity,
  DatabricksNotebookActivity,
  datasetRef,
  ExecutePipelineActivity,
  GetMetadataActivity,
  IfConditionActivity,
  linkedServiceRef,
  param,
  pipelineRef,
  SetVariableActivity,
  WaitActivity,
} from "../../../../constructs/data/factory";
import { Pipeline, PipelineProps } from "../../../../constructs/data/factory/pipeline";
import { PipelineDefinition } from "../../../../constructs/data/factory/pipeline-definition";
import { dataset, linkedService, pipeline } from "../../../support/factory-entities";

const factory: IDataFactory = { id: "/subscriptions/0000/factories/adf", name: "adf", integrationRuntimeName: "ir-managed-vnet", resourceGroupName: "rg-data" };

const waitDefinition = () => new PipelineDefinition({ name: "pl_wait", activities: [new WaitActivity("Wait", { waitTimeInSeconds: 5 })] });

/** A stack with the azurerm provider, so cdktf's own validations pass and only the pipeline's can fail. */
function newStack(app = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, "stack");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

function stackWith(props: Partial<PipelineProps> = {}): { stack: TerraformStack; pipeline: Pipeline; definition: PipelineDefinition } {
  const stack = newStack();
  const definition = props.definition ?? waitDefinition();
  const pipeline = new Pipeline(stack, "Pipeline", { factory, name: "pl_wait", ...props, definition });
  return { stack, pipeline, definition };
}

/** The only pipeline of the synthesized stack, with `activities_json` parsed. */
function pipelineJson(out: string): Record<string, unknown> & { activities: Array<Record<string, unknown>> } {
  const all = Object.values(JSON.parse(out).resource.azurerm_data_factory_pipeline) as Array<Record<string, unknown>>;
  expect(all).toHaveLength(1);
  return { ...all[0], activities: JSON.parse(all[0].activities_json as string) };
}

describe("Pipeline", () => {
  test("defaults: medallion folder, 4 concurrent runs, activities as JSON text", () => {
    const { stack } = stackWith();
    const out = Testing.synth(stack, true);
    expect(out).toHaveResourceWithProperties(DataFactoryPipeline, { name: "pl_wait", data_factory_id: factory.id, folder: "medallion", concurrency: 4 });
    const p = pipelineJson(out);
    expect(p.description).toBeUndefined();
    expect(typeof p.activities_json).toBe("string");
    expect(p.activities).toEqual([{ name: "Wait", type: "Wait", dependsOn: [], userProperties: [], typeProperties: { waitTimeInSeconds: 5 } }]);
    expect(p.parameters).toEqual({});
    expect(p.variables).toEqual({});
    expect(p.depends_on).toBeUndefined();
  });

  test("depends on what its activities refer to, nested ones and later additions included, each once", () => {
    const [parquet, folder, databricks, child] = [dataset("ds_parquet"), dataset("ds_folder"), linkedService("ls_dbx"), pipeline("pl_child")];
    const definition = new PipelineDefinition({
      activities: [
        new IfConditionActivity("Check", {
          expression: "@true",
          ifTrue: [new GetMetadataActivity("Look", { dataset: datasetRef(folder), fieldList: ["exists"] })],
        }),
        new CopyActivity("Copy", {
          input: datasetRef(parquet),
          output: datasetRef(parquet),
          source: { type: "ParquetSource" },
          sink: { type: "ParquetSink" },
        }),
      ],
    });
    const { stack } = stackWith({ definition });
    definition.addActivities(
      new DatabricksNotebookActivity("Notebook", { linkedService: linkedServiceRef(databricks), notebookPath: "/x" }),
      new ExecutePipelineActivity("Child", { pipeline: pipelineRef(child) }),
    );
    expect(definition.references()).toEqual([folder, parquet, databricks, child]);
    expect(pipelineJson(Testing.synth(stack)).depends_on).toEqual([folder, parquet, databricks, child].map((e) => e.resource.fqn));
  });

  test("description, folder and concurrency", () => {
    const { stack } = stackWith({ description: "Waits", folder: "ops", concurrency: 1 });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(DataFactoryPipeline, { description: "Waits", folder: "ops", concurrency: 1 });
  });

  test("parameters and variables: defaults rendered as strings, sorted by name", () => {
    const definition = new PipelineDefinition({
      parameters: { runDate: { type: "String" }, batchSize: { type: "Int", defaultValue: 10 }, tables: { type: "Array", defaultValue: ["a"] } },
      variables: { path: { type: "String", defaultValue: "x" } },
      activities: [new SetVariableActivity("Set path", { variableName: "path", value: param("runDate") })],
    });
    const p = pipelineJson(Testing.synth(stackWith({ definition }).stack));
    expect(p.parameters).toEqual({ batchSize: "10", runDate: "", tables: '["a"]' });
    expect(Object.keys(p.parameters as object)).toEqual(["batchSize", "runDate", "tables"]);
    expect(p.variables).toEqual({ path: "x" });
  });

  test("renders lazily: an activity added after construction appears in activities_json", () => {
    const { stack, definition } = stackWith();
    const first = definition.activities[0];
    definition.addActivities(new WaitActivity("Wait more", { waitTimeInSeconds: 10 }).after(first));
    const p = pipelineJson(Testing.synth(stack, true));
    expect(p.activities.map((a) => a.name)).toEqual(["Wait", "Wait more"]);
    expect(p.activities[1].dependsOn).toEqual([{ activity: "Wait", dependencyConditions: ["Succeeded"] }]);
  });

  test("renders lazily: an empty definition filled after construction synthesizes", () => {
    const { stack, definition } = stackWith({ definition: new PipelineDefinition({ activities: [] }) });
    definition.addActivities(new WaitActivity("Late", { waitTimeInSeconds: 1 }));
    expect(pipelineJson(Testing.synth(stack, true)).activities.map((a) => a.name)).toEqual(["Late"]);
  });

  test("fails fast at construction for a complete but invalid definition", () => {
    const definition = new PipelineDefinition({
      name: "pl_bad",
      activities: [new SetVariableActivity("Set", { variableName: "undeclared", value: "x" })],
    });
    expect(() => stackWith({ definition })).toThrow(/^stack\/Pipeline: pl_bad activity "Set": variable "undeclared" is used but not declared/);
  });

  test("fails validation for an invalid activity added after construction", () => {
    const { stack, definition } = stackWith();
    definition.addActivities(new WaitActivity("Wait", { waitTimeInSeconds: 1 }));
    expect(() => Testing.synth(stack, true)).toThrow(
      /^Validation failed with the following errors:\n\s+\[stack\/Pipeline\] stack\/Pipeline: pl_wait: activities must have unique names \(got "Wait"\)/,
    );
  });

  test("fails validation for a definition that stays empty", () => {
    const { stack } = stackWith({ definition: new PipelineDefinition({ name: "pl_empty", activities: [] }) });
    expect(() => Testing.synth(stack, true)).toThrow(/\[stack\/Pipeline\] .*pl_empty: activities must contain at least one activity/);
  });

  test("fails Testing.fullSynth (synthesizer with validations) for an invalid later addition", () => {
    const { stack, definition } = stackWith();
    definition.addActivities(new SetVariableActivity("Set", { variableName: "missing", value: "x" }));
    expect(() => Testing.fullSynth(stack)).toThrow(/Validation failed[\s\S]*variable "missing" is used but not declared/);
  });

  // app.synth() resolves tokens (prepareStack) before it runs validations: the error comes from the lazy render.
  test("fails app.synth() for an invalid later addition, naming the construct", () => {
    const app = Testing.app();
    const stack = newStack(app);
    const definition = waitDefinition();
    new Pipeline(stack, "Pipeline", { factory, name: "pl_wait", definition });
    definition.addActivities(new WaitActivity("Wait", { waitTimeInSeconds: 1 }));
    expect(() => app.synth()).toThrow(/Resolution error: stack\/Pipeline: pl_wait: activities must have unique names \(got "Wait"\)/);
  });

  test("fails rendering even without validations for an invalid later addition", () => {
    const { stack, definition } = stackWith();
    definition.addActivities(new WaitActivity("Wait", { waitTimeInSeconds: 1 }));
    expect(() => Testing.synth(stack)).toThrow(/stack\/Pipeline: pl_wait: activities must have unique names/);
  });

  test("fails for a name with a forbidden character", () => {
    expect(() => stackWith({ name: "pl?wait" })).toThrow(/Pipeline: name must be 1-140 characters/);
  });
});
