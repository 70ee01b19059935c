/**
 * The policy pack's vocabulary. Rules read a stack exactly as it is synthesized (`cdk.tf.json`), so the same rules
 * run as a cdktf Aspect at synth time and offline over `cdktf.out` in the review.
 */

export type Severity = "critical" | "high" | "medium" | "low";

/** One Terraform resource of a synthesized stack. */
export interface ResourceView {
  /** Terraform type, e.g. `azurerm_storage_account`. */
  readonly type: string;
  /** Terraform name (logical id) inside the stack. */
  readonly name: string;
  /** Construct path, e.g. `dev-data/Platform/Lake/Resource`. */
  readonly path: string;
  /** The resource's arguments as synthesized (snake_case, references as `${...}` strings). */
  readonly attrs: Record<string, any>;
}

/** A synthesized stack and what the rules need to know about its environment. */
export interface StackView {
  readonly stack: string;
  readonly environment: string;
  readonly production: boolean;
  readonly resources: readonly ResourceView[];
  /**
   * The other stacks of the same environment, as synthesized, for rules whose evidence spans stacks (a public
   * Gateway in `<env>-k8s-config` and the NSG of its nodes in `<env>-aks`). Empty or absent when only this stack is
   * known: such rules then find nothing to compare and report nothing.
   */
  readonly siblings?: readonly StackView[];
}

/** What a rule found wrong on one resource. */
export interface Violation {
  /** The offending resource (its construct path is reported). */
  readonly resource: ResourceView;
  /** What is wrong, as a sentence fragment without a trailing period. */
  readonly message: string;
}

/** A policy rule with a stable id. */
export interface PolicyRule {
  /** Stable id, e.g. `STG-004`; waivers and reviews refer to it. */
  readonly id: string;
  readonly severity: Severity;
  /** One-line description. */
  readonly title: string;
  /** Why it matters. */
  readonly rationale: string;
  /** How to comply. */
  readonly fix: string;
  /** The Checkov / Trivy checks it mirrors, where one exists. */
  readonly mirrors?: { readonly checkov?: string; readonly trivy?: string };
  /** Returns every violation in the stack (an empty list when compliant or not applicable). */
  check(stack: StackView, context?: PolicyContext): Violation[];
}

/** What a rule may know besides the stack. */
export interface PolicyContext {
  /** The day the policies are checked (YYYY-MM-DD): what dated rules (support windows) compare with. */
  readonly today: string;
}

/** The outcome of one rule on one resource. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  /** Construct path without the stack prefix. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  /** The waiver that accepts this finding, if any. */
  readonly waiver?: Waiver;
}

/** An accepted finding, declared in the environment config. */
export interface Waiver {
  /** Rule id. */
  readonly rule: string;
  /** Construct path of the resource (`<stack>/...`); `*` matches any run of characters. */
  readonly resource: string;
  readonly reason: string;
  /** Last day (YYYY-MM-DD) the waiver is valid; after it, the waiver itself is a failure. */
  readonly expires: string;
}

/** All policy results of one stack. */
export interface StackPolicyResult {
  readonly stack: string;
  /** Findings not covered by a valid waiver: each fails the synth. */
  readonly violations: Finding[];
  /** Findings accepted by a valid waiver. */
  readonly waived: Finding[];
  /** Waivers past their expiry date (each fails the synth) that apply to this stack. */
  readonly expiredWaivers: Waiver[];
  /** Rule ids evaluated. */
  readonly rulesEvaluated: number;
}
