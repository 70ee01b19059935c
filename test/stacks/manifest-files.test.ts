import { parse } from "yaml";
import { manifestYaml } from "../../stacks/manifest-files";

describe("manifestYaml", () => {
  test("writes the header lines, then the object as YAML in its own key order", () => {
    const text = manifestYaml(["# one", "# two"], {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "settings", namespace: "shop" },
      data: { b: "2", a: "1" },
    });
    expect(text).toBe('# one\n# two\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  b: "2"\n  a: "1"\n');
  });

  test("writes an object that appears twice in full both times, never as a YAML anchor and alias", () => {
    const labels = { app: "shop" };
    const text = manifestYaml([], { apiVersion: "v1", kind: "Service", metadata: { name: "shop", labels }, spec: { selector: labels } } as never);
    expect(text).not.toMatch(/[&*]a1/);
    expect(parse(text).spec.selector).toEqual({ app: "shop" });
  });

  test("writes a CustomResourceDefinition as one line of JSON (YAML too)", () => {
    const crd = { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "things.example.com" } };
    expect(manifestYaml(["# crd"], crd)).toBe(`# crd\n${JSON.stringify(crd)}\n`);
  });
});
