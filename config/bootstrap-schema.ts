import { z } from "zod";
import { policySchema, requireApprovers } from "./policy-schema";
import { allowList, days, guid } from "./primitives";
import { REGIONS } from "./regions";
import { resourceGroupName, storageAccountName } from "./state-schema";

/** The file that configures the `bootstrap` stack (the only `config/*.yaml` that is not an environment). */
export const BOOTSTRAP_FILE = "bootstrap.yaml";

/**
 * The schema of `config/bootstrap.yaml`: what remote state and the pipelines need before any environment stack
 * can run. Applied once by an administrator; environments name its account in their `stateBackend`.
 */
export const bootstrapConfigSchema = z
  .strictObject({
    /** Short name of the estate, used in resource names (`rg-<workload>-tfstate-<region>`). */
    workload: z.string().regex(/^[a-z][a-z0-9]{1,9}$/, { error: "must be 2-10 lowercase letters or digits, starting with a letter" }),
    location: z.enum(REGIONS, { error: `must be one of the known regions (${REGIONS.join(", ")})` }),
    /** The management subscription that holds the state account and the pipeline identities. */
    subscriptionId: guid,
    tenantId: guid,
    tags: z.strictObject({
      owner: z.string().min(1),
      costCenter: z.string().min(1),
      extra: z.record(z.string().regex(/^[^<>%&\\?/]{1,512}$/), z.string().max(256)).default({}),
    }),
    state: z.strictObject({
      resourceGroupName,
      storageAccountName,
      /** Zone-redundant at least: state is small, losing it is expensive. */
      replication: z.enum(["ZRS", "GZRS", "RAGZRS"], { error: "must be ZRS, GZRS or RAGZRS" }).default("ZRS"),
      /** Blob and container soft delete, in days. */
      softDeleteRetentionInDays: days(7, 365).default(30),
      /** Public IPv4 ranges allowed through the account's firewall (workstations, self-hosted runners). */
      allowedIpRanges: allowList({ count: 0, error: "" }).default([]),
      /**
       * Opt-out: let every network reach the account's endpoint (still Entra ID only), e.g. for GitHub-hosted
       * runners, which have no fixed addresses. A reason is required; synth warns.
       */
      allowAllNetworks: z.strictObject({ reason: z.string().min(20, { error: "must explain why, in at least 20 characters" }) }).optional(),
      /**
       * false on the first apply (local state: the account does not exist yet); true afterwards, once the stack's
       * own state was moved into the account (README "Bootstrap").
       */
      stateInAccount: z.boolean().default(false),
    }),
    /**
     * Where environments with `kubernetes.delivery: flux` publish their rendered folder (one container per
     * environment) and their clusters pull it from. Same protections as the state account.
     */
    gitops: z.strictObject({ storageAccountName }).optional(),
    /** Retention of the bootstrap Log Analytics workspace, where the state account's access logs go. */
    logRetentionInDays: days(30, 730).default(90),
    /** Where the pipelines run: the subjects of the identities' federated credentials are built from this. */
    github: z.strictObject({
      repository: z.string().regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, { error: "must be <owner>/<repository>" }),
      mainBranch: z
        .string()
        .regex(/^[A-Za-z0-9._/-]{1,100}$/, { error: "must be a branch name" })
        .default("main"),
    }),
    /** Waivers of policy findings on the `bootstrap` stack (construct paths `bootstrap/...`): production waivers. */
    policy: policySchema,
  })
  .superRefine((c, ctx) => requireApprovers(c.policy, (path, message) => ctx.addIssue({ code: "custom", path, message })));

export type BootstrapConfig = z.infer<typeof bootstrapConfigSchema>;
