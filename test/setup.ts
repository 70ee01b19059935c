// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...) and their type declarations. The adapter
// is what Testing.setupJest() calls; importing it rather than cdktf's index spares the test files that never use
// cdktf (a fifth of them) loading all of it.
import { setupJest } from "cdktf/lib/testing/adapters/jest";
import { disableCreationStacksForTestFile } from "./support/creation-stacks";

// Registers the matchers at run time.
setupJest();

// cdktf captures a full stack trace for every token it creates, printed only should that token fail to resolve;
// under Jest every frame of it is source-mapped. The synth turns them off (stacks/synthesize.ts); so do the tests
// that build stacks without it. Errors keep their stack traces.
disableCreationStacksForTestFile();
