/**
 * The policy pack: its rules, the function that evaluates a synthesized stack, and the aspect that turns findings
 * into synth errors (with waivers).
 */
export { evaluateStack, expiredWaiverMessage, findingMessage } from "../policies/engine";
export { PolicyAspect } from "../policies/policy-aspect";
export type { PolicyAspectProps } from "../policies/policy-aspect";
export { ALL_RULES } from "../policies/rules";
export { stackView } from "../policies/stack-view";
export type { Finding, PolicyContext, PolicyRule, ResourceView, Severity, StackPolicyResult, StackView, Violation, Waiver } from "../policies/types";
