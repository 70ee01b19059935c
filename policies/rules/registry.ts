import { resourceRule } from "../rule-helpers";
import { PolicyRule } from "../types";

/** Container registries: who can reach them and how images get out. */
export const REGISTRY_RULES: PolicyRule[] = [
  resourceRule({
    id: "ACR-001",
    severity: "high",
    title: "Container registries are private, keyless and closed to export",
    rationale:
      "An admin user is a shared password with push rights; anonymous pull and a public endpoint let anyone read the images (and what they embed); export lets anyone with import rights elsewhere copy every image out.",
    fix: "set admin_enabled = false, anonymous_pull_enabled = false, public_network_access_enabled = false with a private endpoint, and export_policy_enabled = false (Premium) (ContainerRegistry)",
    mirrors: { checkov: "CKV_AZURE_137 / CKV_AZURE_138 / CKV_AZURE_139" },
    types: ["azurerm_container_registry"],
    test: (a) => {
      if (a.admin_enabled === true) return "has the admin user enabled";
      if (a.anonymous_pull_enabled === true) return "allows anonymous pull";
      if (a.public_network_access_enabled !== false) return "has public network access enabled";
      if (a.export_policy_enabled !== false) return "allows exporting its images";
      return undefined;
    },
  }),
];
