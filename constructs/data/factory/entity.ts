import { dependable, ITerraformDependable, Lazy, TerraformResource, Token } from "cdktf";
import { propErrorAt } from "../../core/validation";

/** What a Data Factory entity is, as Data Factory's reference types name it. */
export type FactoryEntityKind = "LinkedService" | "Dataset" | "Pipeline" | "Credential";

/**
 * A Data Factory entity that others refer to: its kind, its name in the factory and the Terraform resource that
 * creates it. Data Factory JSON refers to entities by name only, so Terraform sees no dependency; whoever takes an
 * entity derives `depends_on` from it ({@link dependOnEntities}), and no dependency is written by hand.
 */
export interface IFactoryEntity {
  readonly entityKind: FactoryEntityKind;
  readonly name: string;
  readonly resource: ITerraformDependable;
}

/**
 * Makes `resource` depend on the entities `of()` returns when the stack is synthesized (so entities added after
 * construction count), in first-referenced order, each once, after any `depends_on` it already had.
 */
export function dependOnEntities(resource: TerraformResource, of: () => readonly IFactoryEntity[]): void {
  const before = resource.dependsOn ?? [];
  resource.dependsOn = Token.asList(
    Lazy.listValue({
      produce: () => {
        const all = [...new Set([...before, ...of().map((e) => dependable(e.resource))])];
        return all.length > 0 ? all : undefined;
      },
    }),
  );
}

/** Throws unless `entity` is a factory entity of the `expected` kind (a JavaScript caller may pass anything). */
export function checkEntityKind(owner: string, prop: string, entity: IFactoryEntity | undefined, expected: FactoryEntityKind): void {
  if (entity?.entityKind === expected && typeof entity.name === "string") return;
  const got = entity === undefined || entity === null ? entity : (entity.entityKind ?? typeof entity);
  throw propErrorAt(owner, prop, `must be a ${expected} construct`, got, `pass the ${expected} construct itself, not its name.`);
}
