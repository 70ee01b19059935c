import { DataFactoryPipeline } from "@cdktf/provider-azurerm/lib/data-factory-pipeline";
import { Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { IDataFactory } from "../data-factory";
import { dependOnEntities, IFactoryEntity } from "./entity";
import { checkFactoryEntityName } from "./factory-names";
import { PipelineDefinition } from "./pipeline-definition";

/** A pipeline: what Execute Pipeline activities and triggers refer to ({@link pipelineRef}). */
export interface IPipeline extends IFactoryEntity {
  readonly entityKind: "Pipeline";
}

/** Props of {@link Pipeline}. */
export interface PipelineProps {
  readonly factory: IDataFactory;
  /** Pipeline name. */
  readonly name: string;
  /** Activities, parameters and variables, built with the typed activity builders. */
  readonly definition: PipelineDefinition;
  /** @default - none */
  readonly description?: string;
  /**
   * Folder in the factory's authoring UI.
   * @default "medallion"
   */
  readonly folder?: string;
  /**
   * Maximum concurrent runs of the pipeline.
   * @default 4
   */
  readonly concurrency?: number;
}

/**
 * An `azurerm_data_factory_pipeline` rendered from a {@link PipelineDefinition}. The JSON is produced lazily, so
 * activities added to the definition after construction still appear, and the definition's checks (names,
 * dependencies, declared parameters and variables) run as a construct validation. The pipeline depends on every
 * dataset, linked service and pipeline its activities refer to, so Terraform creates those first.
 *
 * @example
 * ```ts
 * new Pipeline(this, "Hello", {
 *   factory,
 *   name: "pl_hello",
 *   definition: new PipelineDefinition({
 *     parameters: { seconds: { type: "Int", defaultValue: 5 } },
 *     activities: [new WaitActivity("Pause", { waitTimeInSeconds: "@pipeline().parameters.seconds" })],
 *   }),
 * });
 * ```
 */
export class Pipeline extends Construct implements IPipeline {
  public readonly resource: DataFactoryPipeline;
  public readonly name: string;
  public readonly entityKind = "Pipeline";

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    const def = props.definition;
    // Errors name the construct on every route: `app.synth()` resolves tokens (prepareStack) before it runs
    // validations, so a bad later addition surfaces from this Lazy, not from the validation below.
    const render = (): string => {
      try {
        return def.activitiesJson();
      } catch (e) {
        throw new Error(`${this.node.path}: ${(e as Error).message}`);
      }
    };
    this.resource = new DataFactoryPipeline(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      description: props.description,
      folder: props.folder ?? "medallion",
      concurrency: props.concurrency ?? 4,
      activitiesJson: Lazy.stringValue({ produce: render }),
      parameters: Token.asStringMap(Lazy.anyValue({ produce: () => def.parametersMap() })),
      variables: Token.asStringMap(Lazy.anyValue({ produce: () => def.variablesMap() })),
    });
    this.name = props.name;
    dependOnEntities(this.resource, () => def.references());
    // Fail fast on a definition that is complete already; later additions are checked at synth.
    if (def.activities.length > 0) render();
    this.node.addValidation({
      validate: () => {
        try {
          render();
          return [];
        } catch (e) {
          return [(e as Error).message];
        }
      },
    });
  }
}
