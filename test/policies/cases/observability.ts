/** Fixtures of the observability rules. */
import { diagnosticSettingOf, keyVault, res, RuleCaseTable, storage, view } from "../fixtures";

const DEV = "dev-data";
const nsg = res("azurerm_network_security_group", "pe_nsg", `${DEV}/Network/PrivateEndpointNsg`, { name: "nsg-pe" });
const publicIp = res("azurerm_public_ip", "fw_ip", `${DEV}/Network/EgressFirewall/PublicIp`, { name: "pip-afw", sku: "Standard" });
const lake = storage(DEV);
const vault = keyVault(DEV);

export const OBSERVABILITY_CASES: RuleCaseTable = {
  "OBS-002": {
    compliant: {
      "each resource with logs has a setting (the lake's on its blob service)": view(DEV, [lake, keyVault(DEV), nsg, publicIp]),
      "resources without log categories need none": view(
        DEV,
        [res("azurerm_private_dns_zone", "zone", `${DEV}/Zone`, { name: "privatelink.dfs.core.windows.net" })],
        { diagnostics: false },
      ),
    },
    violating: {
      "an NSG and a public IP without settings": {
        view: view(DEV, [nsg, publicIp], { diagnostics: false }),
        expected: [
          { path: `${DEV}/Network/PrivateEndpointNsg`, message: /^has no diagnostic setting sending its logs$/ },
          { path: `${DEV}/Network/EgressFirewall/PublicIp`, message: /^has no diagnostic setting sending its logs$/ },
        ],
      },
      "a storage account whose setting is on the account (metrics only), not its blob service": {
        view: view(
          DEV,
          [lake, { ...diagnosticSettingOf(lake), attrs: { ...diagnosticSettingOf(lake).attrs, target_resource_id: "${azurerm_storage_account.lake.id}" } }],
          { diagnostics: false },
        ),
        expected: [{ path: lake.path, message: /^has no diagnostic setting sending its logs \(on \/blobServices\/default\)$/ }],
      },
      "a key vault whose setting enables metrics only": {
        view: view(DEV, [vault, { ...diagnosticSettingOf(vault), attrs: { ...diagnosticSettingOf(vault).attrs, enabled_log: [] } }], { diagnostics: false }),
        expected: [{ path: vault.path, message: /^has no diagnostic setting/ }],
      },
    },
  },
};
