import { z } from "zod";
import { KEY_VAULT_RESOURCE_ID, KEY_VERSION } from "../constructs/security/customer-managed-key";
import { KEY_VAULT_OBJECT_NAME } from "../constructs/security/key-vault";
import { guid } from "./primitives";

/**
 * `encryption`: customer-managed keys, off by default (Microsoft-managed keys, with infrastructure encryption on the
 * lake). The vault and its keys belong to whoever holds key custody and must exist before the apply; see README
 * "Customer-managed keys".
 */

const keyName = z.string().regex(KEY_VAULT_OBJECT_NAME, { error: "must be a Key Vault key name: 1-127 letters, digits and hyphens" });
const keyVersion = z.string().regex(KEY_VERSION, { error: "must be a Key Vault key version: 32 lowercase hexadecimal digits" });
/** A key that the service follows across rotations (versionless), or pins. */
const rotatingKey = z.strictObject({ keyName, keyVersion: keyVersion.optional() });
/** A key whose service takes only a versioned id: rotate by updating keyVersion. */
const versionedKey = z.strictObject({ keyName, keyVersion });

export const encryptionSchema = z
  .strictObject({
    customerManagedKeys: z
      .strictObject({
        /** Resource id of the Key Vault holding the keys, in the environment's subscription (azurerm looks it up there). */
        keyVaultId: z.string().regex(KEY_VAULT_RESOURCE_ID, {
          error: "must be a Key Vault resource id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>",
        }),
        /** The lake (versionless unless keyVersion: the account follows rotations). */
        dataLake: rotatingKey.optional(),
        /** The serving SQL server's TDE protector. */
        sqlServer: versionedKey.optional(),
        /** Databricks managed services and managed disks. */
        databricks: versionedKey
          .extend({
            /** Object id of the AzureDatabricks enterprise application in the tenant. */
            azureDatabricksPrincipalId: guid,
          })
          .optional(),
        /** AKS node OS disks and disk-CSI volumes, through a disk encryption set. */
        aksDisks: versionedKey.optional(),
      })
      .refine((k) => k.dataLake || k.sqlServer || k.databricks || k.aksDisks, {
        error: "names no service: add dataLake, sqlServer, databricks or aksDisks, or remove customerManagedKeys",
      })
      .optional(),
  })
  .default({});

export type EncryptionConfig = z.infer<typeof encryptionSchema>;
