import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { TCPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/TCPRoute";
import { ReferenceGrant } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant";
import { renderModel } from "../../../constructs/kubernetes/kube-object";
import { gatewayApiSchemaProblems } from "../../../constructs/kubernetes/vendored-schemas";

describe("Gateway API objects are checked against the installed release's CRD schemas (vendor/gateway-api)", () => {
  test("a valid route renders to its manifest", () => {
    const route = new HTTPRoute({
      metadata: { name: "web", namespace: "shop" },
      spec: { parentRefs: [{ name: "shared", namespace: "gateway" }], rules: [{ backendRefs: [{ name: "web", port: 8080 }] }] },
    });
    expect(gatewayApiSchemaProblems(route.toJSON())).toEqual([]);
    expect(renderModel(route, "Test")).toEqual(JSON.parse(JSON.stringify(route.toJSON())));
  });

  test("each served version of a kind has its own schema (ReferenceGrant v1beta1)", () => {
    const grant = new ReferenceGrant({
      metadata: { name: "to-web", namespace: "shop" },
      spec: { from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "gateway" }], to: [{ group: "", kind: "Service" }] },
    });
    expect(gatewayApiSchemaProblems(grant.toJSON())).toEqual([]);
  });

  test("fails naming every problem, the object and the release", () => {
    const route = new HTTPRoute({
      metadata: { name: "web", namespace: "shop" },
      spec: {
        rules: [
          {
            backendRefs: [
              { name: "web", port: 70000 },
              { name: "", port: 80 },
            ],
          },
        ],
      },
    });
    expect(gatewayApiSchemaProblems(route.toJSON())).toEqual([
      "/spec/rules/0/backendRefs/0/port must be <= 65535",
      "/spec/rules/0/backendRefs/1/name must NOT have fewer than 1 characters",
    ]);
    expect(() => renderModel(route, "Test")).toThrow(
      "Test: HTTPRoute shop/web does not match its schema: /spec/rules/0/backendRefs/0/port must be <= 65535; /spec/rules/0/backendRefs/1/name must NOT have fewer than 1 characters (Gateway API v1.6.1). Fix: correct the object.",
    );
  });

  test("a kind and version the installed release does not serve is checked against its model's own schema", () => {
    const route = new TCPRoute({ metadata: { name: "db", namespace: "shop" }, spec: { rules: [{ backendRefs: [{ name: "db", port: 70000 }] }] } });
    expect(gatewayApiSchemaProblems(route.toJSON())).toBeUndefined();
    expect(() => renderModel(route, "Test")).toThrow(/Test: TCPRoute shop\/db does not match its schema: .*port.*Fix: correct the object\.$/);
  });
});
