import { z } from "zod";
import { ALL_RULES } from "../policies/rules";

/**
 * `policy:` of an environment file (and of bootstrap.yaml): waivers of policy findings, each reasoned, owned,
 * tracked, and expiring within {@link MAX_WAIVER_DAYS} of being granted. Production waivers also name who approved
 * them ({@link requireApprovers}).
 */

const RULE_IDS = ALL_RULES.map((r) => r.id);

/** The longest a waiver may run: then it is renewed, with its reason looked at again, or the finding fixed. */
export const MAX_WAIVER_DAYS = 180;

const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

const waiver = z
  .strictObject({
    rule: z.string().refine((id) => RULE_IDS.includes(id), { error: "must be a rule id listed by `npm run policy`" }),
    /** Construct path (`<stack>/...`) of the waived resource; `*` matches any run of characters. */
    resource: z.string().regex(/^([a-z][a-z0-9]*-[a-z0-9-]+|bootstrap)\/.+$/, { error: "must be a construct path such as dev-data/Platform/Lake/Resource" }),
    reason: z.string().min(10, { error: "must explain why (at least 10 characters)" }),
    /** Who answers for the waiver (renews it or fixes the finding). */
    owner: z.email({ error: "must be the e-mail address of who answers for the waiver" }),
    /** Where the fix is tracked. */
    ticket: z
      .string({ error: "must name the ticket that tracks the fix, e.g. PLAT-123 or a URL" })
      .regex(/^\S{3,100}$/, { error: "must name the ticket that tracks the fix, e.g. PLAT-123 or a URL" }),
    /** When the waiver was granted. */
    granted: z.iso.date({ error: "must be a date such as 2026-12-01" }),
    expires: z.iso.date({ error: "must be a date such as 2027-03-31" }),
    /** Who approved it (required for production waivers; not the owner). */
    approvedBy: z.email({ error: "must be the e-mail address of who approved the waiver" }).optional(),
  })
  .superRefine((w, ctx) => {
    const days = day(w.expires) - day(w.granted);
    if (days <= 0) ctx.addIssue({ code: "custom", path: ["expires"], message: `must be after granted (${w.granted})` });
    else if (days > MAX_WAIVER_DAYS)
      ctx.addIssue({
        code: "custom",
        path: ["expires"],
        message: `must be at most ${MAX_WAIVER_DAYS} days after granted (${w.granted}); renew the waiver instead`,
      });
    if (w.approvedBy !== undefined && w.approvedBy.toLowerCase() === w.owner.toLowerCase()) {
      ctx.addIssue({ code: "custom", path: ["approvedBy"], message: "must be someone else than the owner" });
    }
  });

export const policySchema = z.strictObject({ waivers: z.array(waiver).default([]) }).default({ waivers: [] });

/** Production waivers (prod, bootstrap) need a second person's name: reports each waiver without `approvedBy`. */
export function requireApprovers(
  policy: PolicyConfig,
  issue: (path: (string | number)[], message: string) => void,
  prefix: (string | number)[] = ["policy"],
): void {
  policy.waivers.forEach((w, i) => {
    if (w.approvedBy === undefined) issue([...prefix, "waivers", i, "approvedBy"], "is required for a production waiver: name who approved it (not the owner)");
  });
}

export type PolicyConfig = z.output<typeof policySchema>;
