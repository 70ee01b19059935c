import { GATEWAY_CLIENT_CASES } from "./cases/gateway-clients";
import { describeRuleCases } from "./run-cases";

describeRuleCases(GATEWAY_CLIENT_CASES);
