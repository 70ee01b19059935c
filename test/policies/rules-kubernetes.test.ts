import { KUBERNETES_CASES } from "./cases/kubernetes";
import { describeRuleCases } from "./run-cases";

describeRuleCases(KUBERNETES_CASES);
