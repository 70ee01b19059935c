import { Testing } from "cdktf";
// Brings the type declarations of cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...).
import "cdktf/lib/testing/adapters/jest";

// Registers the matchers at run time.
Testing.setupJest();
