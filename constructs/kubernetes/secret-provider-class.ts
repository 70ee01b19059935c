import { stringify } from "yaml";
import { KEY_VAULT_OBJECT_NAME } from "../security/key-vault";
import { SECRET_FILE_NAME } from "./k8s-names";
import { KubeModel } from "./kube-object";
import { validateVendoredObject } from "./vendored-schemas";

/**
 * Key Vault secrets mounted as files by the Secrets Store CSI driver with the Azure provider (AKS's "Key Vault
 * secrets provider" add-on): a `SecretProviderClass` (secrets-store.csi.x-k8s.io/v1) that reads the secrets with
 * the workload's identity (workload identity federation, `clientID`), and the pod volume that mounts them. No
 * Kubernetes Secret is created (no `secretObjects`): the values exist in the vault and in the pod's tmpfs mount only.
 * Parameter names are the Azure provider's (Azure/secrets-store-csi-driver-provider-azure).
 */

/** The CRD schema `validate()` checks against (vendor/secrets-store-csi-driver/, from the driver's own source). */
export const SECRET_PROVIDER_CLASS_SCHEMA = { driverVersion: "v1.5.3", file: "secretproviderclass.schema.json" } as const;

/** The CSI driver name of the Secrets Store CSI driver. */
export const SECRETS_STORE_CSI_DRIVER = "secrets-store.csi.k8s.io";

/** Where the files appear in the container. */
export const KEY_VAULT_SECRETS_MOUNT_PATH = "/mnt/secrets-store";

/** Key Vault secrets a workload reads as files. */
export interface KeyVaultSecretFiles {
  /** Name of the Key Vault. */
  readonly keyVaultName: string;
  /** Entra tenant of the vault. */
  readonly tenantId: string;
  /** Client id of the workload's managed identity (federated with its ServiceAccount). */
  readonly clientId: string;
  /** File name in the mount -> Key Vault secret name. */
  readonly files: Readonly<Record<string, string>>;
}

/** The Azure provider's parameters for `secrets` (the `objects` parameter is YAML: an array of YAML strings). */
export function azureProviderParameters(secrets: KeyVaultSecretFiles): Record<string, string> {
  const objects = Object.entries(secrets.files).map(([file, secret]) => stringify({ objectName: secret, objectType: "secret", objectAlias: file }));
  return {
    usePodIdentity: "false",
    useVMManagedIdentity: "false",
    clientID: secrets.clientId,
    keyvaultName: secrets.keyVaultName,
    // `tenantID`: the provider's current name (it reads `tenantId` too, logging it as deprecated).
    tenantID: secrets.tenantId,
    objects: stringify({ array: objects }),
  };
}

/** Problems of a file map (empty when fine): what a workload's validation reports. */
export function secretFileProblems(files: Readonly<Record<string, string>>): string[] {
  const entries = Object.entries(files);
  if (entries.length === 0) return ["must name at least one file"];
  return entries.flatMap(([file, secret]) => [
    ...(SECRET_FILE_NAME.test(file) ? [] : [`file name "${file}" must be letters, digits, '.', '_' and '-'`]),
    ...(KEY_VAULT_OBJECT_NAME.test(secret) ? [] : [`Key Vault secret name "${secret}" must be 1-127 letters, digits and hyphens`]),
  ]);
}

/** A SecretProviderClass of the Azure provider, validated against the driver's v1 CRD schema. */
export class AzureKeyVaultSecretProviderClass implements KubeModel {
  public readonly apiVersion = "secrets-store.csi.x-k8s.io/v1";
  public readonly kind = "SecretProviderClass";
  public readonly spec: { readonly provider: "azure"; readonly parameters: Record<string, string> };

  constructor(
    public readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string> },
    secrets: KeyVaultSecretFiles,
  ) {
    this.spec = { provider: "azure", parameters: azureProviderParameters(secrets) };
  }

  public validate(): void {
    validateVendoredObject("secrets-store-csi-driver", SECRET_PROVIDER_CLASS_SCHEMA.driverVersion, SECRET_PROVIDER_CLASS_SCHEMA.file, this.toJSON());
  }

  public toJSON() {
    return {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: { ...this.metadata },
      spec: { provider: this.spec.provider, parameters: { ...this.spec.parameters } },
    };
  }
}

/** The pod volume that mounts a SecretProviderClass's files, read-only. */
export function secretsStoreVolume(name: string, secretProviderClass: string) {
  return { name, csi: { driver: SECRETS_STORE_CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass } } };
}
