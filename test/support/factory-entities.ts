import { FactoryEntityKind } from "../../constructs/data/factory/entity";

/** Stand-ins for Data Factory constructs in builder tests: a kind, a name and a Terraform address. */
function entity<K extends FactoryEntityKind>(entityKind: K, name: string) {
  return { entityKind, name, resource: { fqn: `azurerm_fake_${entityKind.toLowerCase()}.${name}` } };
}

export const dataset = (name: string) => entity("Dataset", name);
export const linkedService = (name: string, id = `/factories/adf/linkedservices/${name}`) => ({ ...entity("LinkedService", name), id });
export const pipeline = (name: string) => entity("Pipeline", name);
