import { AZURE_CASES } from "./cases/azure";
import { describeRuleCases } from "./run-cases";

describeRuleCases(AZURE_CASES);
