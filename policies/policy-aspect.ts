import { Annotations, IAspect, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { evaluateStack, expiredWaiverMessage, findingMessage } from "./engine";
import { stackView } from "./stack-view";
import { PolicyRule, StackPolicyResult, StackView, Waiver } from "./types";

/** Props of {@link PolicyAspect}. */
export interface PolicyAspectProps {
  readonly environment: string;
  readonly production: boolean;
  /** @default [] */
  readonly waivers?: readonly Waiver[];
  /**
   * The day waivers are checked against (YYYY-MM-DD).
   * @default - the app context `policyDate`, else today (UTC)
   */
  readonly today?: string;
  /** @default ALL_RULES */
  readonly rules?: readonly PolicyRule[];
  /**
   * The other stacks of the same environment, read when the rules run (rules whose evidence spans stacks compare
   * this stack with them).
   * @default - none: cross-stack rules find nothing to compare
   */
  readonly siblings?: () => readonly TerraformStack[];
}

const RESULTS = new WeakMap<TerraformStack, StackPolicyResult>();
/** Each stack's view as other stacks' rules see it: synthesized once per stack, shared by its siblings. */
const VIEWS = new WeakMap<TerraformStack, StackView>();

/**
 * Applies the policy pack to a stack. It registers a validation that runs after every other aspect (so tags and
 * lazy values are final), evaluates the rules over the stack as it will be synthesized, and turns each violation
 * and each expired waiver into an error annotation on the offending construct: `cdktf synth` then fails, and
 * `npm run synth` prints them as `<stack> <construct path>: <rule id> <what is wrong>. Fix: <how>`. Waived
 * findings become info annotations and appear in the review report.
 */
export class PolicyAspect implements IAspect {
  private readonly registered = new WeakSet<TerraformStack>();

  constructor(private readonly props: PolicyAspectProps) {}

  /** The policy results of a stack whose validations have run. */
  public static resultsOf(stack: TerraformStack): StackPolicyResult | undefined {
    return RESULTS.get(stack);
  }

  public visit(node: IConstruct): void {
    // isStack, not instanceof: an app that loads a second copy of cdktf (a linked checkout) still gets its stacks checked.
    if (!TerraformStack.isStack(node) || this.registered.has(node)) return;
    this.registered.add(node);
    node.node.addValidation({ validate: () => this.evaluate(node) });
  }

  private evaluate(stack: TerraformStack): string[] {
    if (RESULTS.has(stack)) return [];
    const today = this.props.today ?? (stack.node.tryGetContext("policyDate") as string | undefined) ?? new Date().toISOString().slice(0, 10);
    const { environment, production } = this.props;
    const view = stackView(stack.node.id, stack.toTerraform(), environment, production);
    if (!VIEWS.has(stack)) VIEWS.set(stack, view);
    // Siblings are synthesized only when a cross-stack rule asks, at most once per stack, and as they are now
    // (their own aspects may not have run yet): cross-stack rules look at resources and references, never at tags.
    const sibling = (s: TerraformStack): StackView => {
      let v = VIEWS.get(s);
      if (!v) VIEWS.set(s, (v = stackView(s.node.id, s.toTerraform(), environment, production)));
      return v;
    };
    let siblings: StackView[] | undefined;
    Object.defineProperty(view, "siblings", {
      get: () => (siblings ??= (this.props.siblings?.() ?? []).filter((s) => s !== stack).map(sibling)),
    });
    const result = evaluateStack(view, { waivers: this.props.waivers, today, rules: this.props.rules });
    RESULTS.set(stack, result);
    const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c] as const));
    const at = (path: string) => byPath.get(`${stack.node.id}/${path}`) ?? stack;
    for (const f of result.violations) Annotations.of(at(f.path)).addError(findingMessage(f));
    for (const f of result.waived) Annotations.of(at(f.path)).addInfo(`waived ${f.ruleId} until ${f.waiver!.expires}: ${f.message} (${f.waiver!.reason})`);
    for (const w of result.expiredWaivers) Annotations.of(byPath.get(w.resource) ?? stack).addError(expiredWaiverMessage(w));
    return [];
  }
}
