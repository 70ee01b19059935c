import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { Gateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { GatewayClass } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClass";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { ReferenceGrant } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { CustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition";
import { ValidatingAdmissionPolicy } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy";
import { ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding";
import { ENVOY_GATEWAY_DEFAULTS } from "../../constructs/kubernetes/addons/envoy-gateway";
import { EnvoyPolicy, PolicyKind } from "../../constructs/kubernetes/addons/envoy-policies";
import { EnvoyProxy } from "../../constructs/kubernetes/addons/envoy-proxy";
import { SECRET_PROVIDER_CLASS_SCHEMA } from "../../constructs/kubernetes/secret-provider-class";
import { validateVendoredObject } from "../../constructs/kubernetes/vendored-schemas";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { shippedApp } from "./synthesized-app";

/** Model class per apiVersion/kind: each validates against the official OpenAPI or CRD schema. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "batch/v1/CronJob": CronJob,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "storage.k8s.io/v1/StorageClass": StorageClass,
  "cert-manager.io/v1/ClusterIssuer": ClusterIssuer,
  "gateway.networking.k8s.io/v1/GatewayClass": GatewayClass,
  "gateway.networking.k8s.io/v1/Gateway": Gateway,
  "gateway.networking.k8s.io/v1/HTTPRoute": HTTPRoute,
  "gateway.networking.k8s.io/v1beta1/ReferenceGrant": ReferenceGrant,
  "apiextensions.k8s.io/v1/CustomResourceDefinition": CustomResourceDefinition,
  "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy": ValidatingAdmissionPolicy,
  "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding": ValidatingAdmissionPolicyBinding,
  // No typed model package exists for Envoy Gateway's CRDs: validated against the pinned release's CRD schema.
  "gateway.envoyproxy.io/v1alpha1/EnvoyProxy": class {
    constructor(private readonly data: any) {}
    validate(): void {
      new EnvoyProxy({ metadata: this.data.metadata, spec: this.data.spec }, ENVOY_GATEWAY_DEFAULTS.chartVersion).validate();
    }
  },
  "gateway.envoyproxy.io/v1alpha1/ClientTrafficPolicy": envoyPolicyModel("ClientTrafficPolicy"),
  "gateway.envoyproxy.io/v1alpha1/BackendTrafficPolicy": envoyPolicyModel("BackendTrafficPolicy"),
  // Installed by AKS's Key Vault secrets provider add-on: validated against the driver's v1 CRD schema.
  "secrets-store.csi.x-k8s.io/v1/SecretProviderClass": class {
    constructor(private readonly data: any) {}
    validate(): void {
      validateVendoredObject("secrets-store-csi-driver", SECRET_PROVIDER_CLASS_SCHEMA.driverVersion, SECRET_PROVIDER_CLASS_SCHEMA.file, this.data);
    }
  },
};

function envoyPolicyModel(kind: PolicyKind): new (data: any) => { validate(): void } {
  return class {
    constructor(private readonly data: any) {}
    validate(): void {
      new EnvoyPolicy(kind, this.data.metadata, this.data.spec, ENVOY_GATEWAY_DEFAULTS.chartVersion).validate();
    }
  };
}

const app = shippedApp();
const manifests = Object.keys(app.allStacks).flatMap((stack) =>
  Object.values<any>(app.stack(stack).resource?.kubernetes_manifest ?? {}).map((r) => ({ stack, manifest: r.manifest })),
);

describe("synthesized Kubernetes manifests", () => {
  test("there are manifests of every kind the platform uses", () => {
    const kinds = new Set(manifests.map(({ manifest }) => `${manifest.apiVersion}/${manifest.kind}`));
    expect([...kinds].sort()).toEqual(
      Object.keys(MODELS)
        .filter((k) => k !== "gateway.networking.k8s.io/v1beta1/ReferenceGrant")
        .sort(),
    );
  });

  test.each(manifests.map(({ stack, manifest }) => [`${stack} ${manifest.kind} ${manifest.metadata.namespace ?? "-"}/${manifest.metadata.name}`, manifest]))(
    "%s validates against its schema",
    (_label, manifest) => {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model).toBeDefined();
      expect(() => new Model(manifest).validate()).not.toThrow();
    },
  );

  test("a manifest that breaks its schema is caught by the same check", () => {
    const policy = manifests.find(({ manifest }) => manifest.kind === "NetworkPolicy")!.manifest;
    expect(() => new NetworkPolicy({ ...policy, spec: { ...policy.spec, policyTypes: ["Sideways"] } }).validate()).toThrow(/policyTypes/);
  });
});
