import { PROTECTION_CASES } from "./cases/protection";
import { describeRuleCases } from "./run-cases";

describeRuleCases(PROTECTION_CASES);
