import { PolicyRule } from "../types";
import { AKS_RULES } from "./aks";
import { CERTIFICATE_RULES } from "./certificates";
import { CLUSTER_PLATFORM_RULES } from "./cluster-platform";
import { GATEWAY_CLIENT_RULES } from "./gateway-clients";
import { DATA_FACTORY_RULES, DATABRICKS_RULES, KEY_VAULT_RULES, SQL_RULES } from "./data-services";
import { IDENTITY_RULES } from "./identity";
import { KUBERNETES_RULES } from "./kubernetes";
import { NETWORK_RULES } from "./network";
import { OBSERVABILITY_RULES } from "./observability";
import { PROTECTION_RULES } from "./protection";
import { REGISTRY_RULES } from "./registry";
import { STORAGE_RULES } from "./storage";

/** The whole policy pack, in report order. Ids are stable: waivers and reviews refer to them. */
export const ALL_RULES: readonly PolicyRule[] = [
  ...STORAGE_RULES,
  ...DATA_FACTORY_RULES,
  ...DATABRICKS_RULES,
  ...SQL_RULES,
  ...KEY_VAULT_RULES,
  ...IDENTITY_RULES,
  ...NETWORK_RULES,
  ...AKS_RULES,
  ...REGISTRY_RULES,
  ...KUBERNETES_RULES,
  ...CLUSTER_PLATFORM_RULES,
  ...CERTIFICATE_RULES,
  ...GATEWAY_CLIENT_RULES,
  ...PROTECTION_RULES,
  ...OBSERVABILITY_RULES,
];
