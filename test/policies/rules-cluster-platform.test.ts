import { CLUSTER_PLATFORM_CASES } from "./cases/cluster-platform";
import { describeRuleCases } from "./run-cases";

describeRuleCases(CLUSTER_PLATFORM_CASES);
