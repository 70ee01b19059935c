import { CERTIFICATE_CASES } from "./cases/certificates";
import { describeRuleCases } from "./run-cases";

describeRuleCases(CERTIFICATE_CASES);
