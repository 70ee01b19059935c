import { IDENTITY_CASES } from "./cases/identity";
import { describeRuleCases } from "./run-cases";

describeRuleCases(IDENTITY_CASES);
