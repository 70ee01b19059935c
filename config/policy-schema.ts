import { z } from "zod";
import { ALL_RULES } from "../policies/rules";

/** `policy:` of an environment file: waivers of policy findings, each reasoned and expiring. */

const RULE_IDS = ALL_RULES.map((r) => r.id);

const waiver = z.strictObject({
  rule: z.string().refine((id) => RULE_IDS.includes(id), { error: "must be a rule id listed by `npm run policy`" }),
  /** Construct path (`<stack>/...`) of the waived resource; `*` matches any run of characters. */
  resource: z.string().regex(/^([a-z][a-z0-9]*-[a-z0-9-]+|bootstrap)\/.+$/, { error: "must be a construct path such as dev-data/Platform/Lake/Resource" }),
  reason: z.string().min(10, { error: "must explain why (at least 10 characters)" }),
  expires: z.iso.date({ error: "must be a date such as 2027-03-31" }),
});

export const policySchema = z.strictObject({ waivers: z.array(waiver).default([]) }).default({ waivers: [] });

export type PolicyConfig = z.output<typeof policySchema>;
