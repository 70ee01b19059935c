/**
 * cdktf's stack-trace helper captures a full stack trace for every token it creates (Lazy, Intrinsic, attribute
 * reference, dynamic block): the token's creation stack, printed only should that token fail to resolve. cdktf 0.21
 * has no switch for it (App `stackTraces: false` covers annotations only; hashicorp/terraform-cdk#3892), and
 * capturing them, each a full stack trace formatted through source maps (tsx and Jest turn them on), took a tenth of
 * the synth's time and a third of its memory in large configurations, and a third of a synth's time under Jest.
 *
 * The module is required, not imported, so that replacing its export is seen by cdktf's own modules, which read it
 * on every call. Nothing else changes: errors keep their stack traces. cdktf is pinned at its last release; this
 * module is what to recheck should that change.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, see above
const cdktfStackTrace: { captureStackTrace: (below?: unknown) => string[] } = require("cdktf/lib/tokens/private/stack-trace");

/** Turns token creation stacks off until the returned function is called. */
export function disableCreationStacks(): () => void {
  const { captureStackTrace } = cdktfStackTrace;
  cdktfStackTrace.captureStackTrace = () => [];
  return () => {
    cdktfStackTrace.captureStackTrace = captureStackTrace;
  };
}

/** Runs `work` with no token creation stacks. */
export function withoutCreationStacks<T>(work: () => T): T {
  const restore = disableCreationStacks();
  try {
    return work();
  } finally {
    restore();
  }
}
