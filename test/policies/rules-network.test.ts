import { NETWORK_CASES } from "./cases/network";
import { describeRuleCases } from "./run-cases";

describeRuleCases(NETWORK_CASES);
