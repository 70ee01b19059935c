import { STACK_KINDS, stackIdentity, stackNames } from "../../stacks/stack-names";

describe("stack names", () => {
  test("stackNames: <environment>-<kind> for every kind", () => {
    expect(stackNames("dev")).toEqual({
      data: "dev-data",
      databricks: "dev-databricks",
      aks: "dev-aks",
      k8sAddons: "dev-k8s-addons",
      k8sConfig: "dev-k8s-config",
    });
  });

  test("stackIdentity inverts stackNames for every kind, hyphenated kinds included", () => {
    for (const environment of ["dev", "prod2"]) {
      for (const [kind, name] of Object.entries(stackNames(environment))) expect(stackIdentity(name)).toEqual({ environment, kind });
    }
    expect(Object.keys(STACK_KINDS)).toEqual(Object.keys(stackNames("x")));
  });

  test("stackIdentity: undefined for names no environment has", () => {
    for (const name of ["bootstrap", "dev", "dev-k8s", "dev-other", "-data", "Dev-data", "dev-eu-data"]) expect(stackIdentity(name)).toBeUndefined();
  });
});
