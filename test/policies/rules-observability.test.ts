import { OBSERVABILITY_CASES } from "./cases/observability";
import { describeRuleCases } from "./run-cases";

describeRuleCases(OBSERVABILITY_CASES);
