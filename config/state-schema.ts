import { z } from "zod";
import { guid } from "./primitives";
import { STORAGE_ACCOUNT_NAME, STORAGE_CONTAINER_NAME } from "../constructs/core/storage-account-baseline";

/** Azure naming rules of the state account's parts, shared by the environment and bootstrap schemas. */
export const resourceGroupName = z.string().regex(/^[-\w.()]{1,89}[-\w()]$/, { error: "must be a resource group name" });
export const storageAccountName = z.string().regex(STORAGE_ACCOUNT_NAME.pattern, { error: `must be ${STORAGE_ACCOUNT_NAME.rule}` });
export const containerName = z.string().regex(STORAGE_CONTAINER_NAME.pattern, { error: `must be ${STORAGE_CONTAINER_NAME.rule}` });

/** HCP Terraform names: organizations and workspaces take letters, digits, `-` and `_`. */
const hcpName = z.string().regex(/^[A-Za-z0-9_-]{1,90}$/, { error: "must be 1-90 letters, digits, '-' and '_'" });

/**
 * Where an environment's stacks keep their Terraform state.
 * - `azurerm`: one blob per stack (`<stack>.tfstate`) in the environment's container of the state account the
 *   `bootstrap` stack creates; Entra ID auth (no access key), OIDC in pipelines.
 * - `hcp`: HCP Terraform, one workspace per stack (`<workspacePrefix><stack>`), for teams that run Terraform remotely.
 */
export const stateBackendSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("azurerm"),
      /** Subscription of the state account. @default the environment's subscription */
      subscriptionId: guid.optional(),
      resourceGroupName,
      storageAccountName,
      containerName,
    }),
    z.strictObject({
      type: z.literal("hcp"),
      organization: hcpName,
      /** HCP Terraform project of the workspaces (also part of the workload identity subjects). */
      project: z.string().min(1).max(90).default("Default Project"),
      /** HCP Terraform or Terraform Enterprise host. */
      hostname: z
        .string()
        .regex(/^[a-z0-9.-]+$/, { error: "must be a host name such as app.terraform.io" })
        .default("app.terraform.io"),
      /** Workspace of stack `<stack>`: `<workspacePrefix><stack>`. */
      workspacePrefix: z
        .string()
        .regex(/^[A-Za-z0-9_-]{0,40}$/, { error: "must be up to 40 letters, digits, '-' and '_'" })
        .default(""),
    }),
  ],
  { error: "must have type azurerm or hcp" },
);

export type StateBackendConfig = z.infer<typeof stateBackendSchema>;
