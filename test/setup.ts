import { types } from "node:util";
// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...) and their type declarations. The adapter
// is what Testing.setupJest() calls; importing it rather than cdktf's index spares the test files that never use
// cdktf (a fifth of them) loading all of it.
import { setupJest } from "cdktf/lib/testing/adapters/jest";

// Registers the matchers at run time.
setupJest();

/**
 * cdktf records a full stack trace for every token it creates (and constructs for every metadata entry) by
 * Error.captureStackTrace on a plain object. Under Jest each of those frames is source-mapped, which was a third of
 * a synth's time. Those traces are only printed for an unresolvable token, so they are formatted unmapped here;
 * real errors (failed assertions, thrown errors) keep Jest's source-mapped stacks.
 */
const capture = Error.captureStackTrace;
const unmapped = (_target: object, frames: NodeJS.CallSite[]) => ["Error", ...frames.map((f) => `    at ${f}`)].join("\n");
Error.captureStackTrace = function captureStackTrace(target: object, below?: Parameters<typeof capture>[1]) {
  // Errors, and captures that bring their own formatter (reading the call sites themselves), are left as they were.
  if (target instanceof Error || types.isNativeError(target) || Error.prepareStackTrace !== undefined) return capture(target, below);
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = unmapped;
  try {
    capture(target, below ?? captureStackTrace);
    void (target as { stack?: string }).stack; // V8 formats on first read: read it while the cheap formatter is set.
  } finally {
    Error.prepareStackTrace = previous;
  }
};
