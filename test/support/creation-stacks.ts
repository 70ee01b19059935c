import { disableCreationStacks } from "../../stacks/creation-stacks";

let restore: (() => void) | undefined;

/**
 * Turns cdktf's token creation stacks off for the test file (test/setup.ts calls it), by the synth's own mechanism
 * (stacks/creation-stacks.ts). Each test file has its own module registry, so this stubs the cdktf its tests use.
 */
export function disableCreationStacksForTestFile(): void {
  restore ??= disableCreationStacks();
}

/** Runs `work` with cdktf's creation stacks as they are outside Jest (on), then turns them off again. */
export function withCreationStacks<T>(work: () => T): T {
  restore?.();
  restore = undefined;
  try {
    return work();
  } finally {
    disableCreationStacksForTestFile();
  }
}
