import { block } from "../stack-view";
import { resourceRule, unless } from "../rule-helpers";
import { PolicyRule } from "../types";

const types = ["azurerm_storage_account"];

export const STORAGE_RULES: PolicyRule[] = [
  resourceRule({
    id: "STG-001",
    severity: "high",
    title: "Storage accounts require TLS 1.2",
    rationale: "TLS 1.0/1.1 are deprecated and vulnerable to downgrade attacks.",
    fix: "set min_tls_version = TLS1_2",
    mirrors: { checkov: "CKV_AZURE_44", trivy: "AVD-AZU-0011" },
    types,
    test: (a) => unless(a.min_tls_version === "TLS1_2", `min_tls_version is ${JSON.stringify(a.min_tls_version ?? "TLS1_0 (default)")}`),
  }),
  resourceRule({
    id: "STG-002",
    severity: "high",
    title: "Storage accounts accept HTTPS only",
    rationale: "Plain HTTP exposes data and credentials in transit.",
    fix: "set https_traffic_only_enabled = true",
    mirrors: { checkov: "CKV_AZURE_3", trivy: "AVD-AZU-0008" },
    types,
    test: (a) => unless(a.https_traffic_only_enabled !== false, "https_traffic_only_enabled is false"),
  }),
  resourceRule({
    id: "STG-003",
    severity: "high",
    title: "Storage accounts disable shared-key authorization",
    rationale: "Account keys and SAS grant full, unaudited, identity-less access; Entra ID gives least privilege and audit.",
    fix: "set shared_access_key_enabled = false (and storage_use_azuread = true on the provider)",
    mirrors: { checkov: "CKV2_AZURE_40" },
    types,
    test: (a) => unless(a.shared_access_key_enabled === false, "shared-key authorization is enabled"),
  }),
  resourceRule({
    id: "STG-004",
    severity: "high",
    title: "Storage accounts disable public network access",
    rationale: "A public endpoint exposes the data plane to the internet; private endpoints keep it on the network.",
    fix: "set public_network_access_enabled = false and use private endpoints",
    mirrors: { checkov: "CKV_AZURE_59" },
    types,
    test: (a) => unless(a.public_network_access_enabled === false, "public network access is enabled"),
  }),
  resourceRule({
    id: "STG-005",
    severity: "high",
    title: "Storage accounts forbid public blob access",
    rationale: "Anonymous container access leaks data to anyone with the URL.",
    fix: "set allow_nested_items_to_be_public = false",
    mirrors: { checkov: "CKV_AZURE_190", trivy: "AVD-AZU-0007" },
    types,
    test: (a) => unless(a.allow_nested_items_to_be_public === false, "nested items may be public"),
  }),
  resourceRule({
    id: "STG-006",
    severity: "medium",
    title: "Storage firewall denies by default",
    rationale: "An Allow default makes the firewall a no-op.",
    fix: "set network_rules.default_action = Deny",
    mirrors: { checkov: "CKV_AZURE_35", trivy: "AVD-AZU-0012" },
    types,
    test: (a) => unless(block(a.network_rules)?.default_action === "Deny", "the network rules' default action is not Deny"),
  }),
  resourceRule({
    id: "STG-008",
    severity: "medium",
    title: "Lake firewalls admit Azure services by resource instance, not by the trusted-services bypass",
    rationale:
      "The AzureServices bypass admits every resource of every trusted service type, in any tenant, whenever public network access is on; resource instance rules admit the platform's own factory and access connector only.",
    fix: 'set network_rules.bypass = ["None"] and list the resources that need access in network_rules.private_link_access (DataLake admitResource)',
    types: ["azurerm_storage_account"],
    test: (a) => {
      if (a.is_hns_enabled !== true) return undefined;
      const bypass: string[] = [].concat(block(a.network_rules)?.bypass ?? ["AzureServices"]);
      return bypass.includes("AzureServices") ? "the firewall bypasses every trusted Azure service" : undefined;
    },
  }),
  resourceRule({
    id: "STG-007",
    severity: "medium",
    title: "Storage accounts soft-delete blobs and containers for at least 7 days",
    rationale: "Soft delete is the recovery path for deleted data (versioning is unavailable with hierarchical namespace).",
    fix: "set blob_properties.delete_retention_policy.days and container_delete_retention_policy.days >= 7",
    mirrors: { checkov: "CKV2_AZURE_38" },
    types,
    test: (a) => {
      const props = block(a.blob_properties);
      const blobDays = block(props?.delete_retention_policy)?.days;
      const containerDays = block(props?.container_delete_retention_policy)?.days;
      return unless(
        blobDays >= 7 && containerDays >= 7,
        `soft delete is ${blobDays ?? "off"} days for blobs and ${containerDays ?? "off"} days for containers`,
      );
    },
  }),
];
