/**
 * Azure regions this project may deploy to, with their CAF-style short codes used in resource names.
 * Add a region here (with a code unique in this table) to allow it in config.
 */
export const REGION_CODES = {
  australiaeast: "aue",
  brazilsouth: "brs",
  canadacentral: "cac",
  centralindia: "inc",
  centralus: "cus",
  eastasia: "ea",
  eastus: "eus",
  eastus2: "eus2",
  francecentral: "frc",
  germanywestcentral: "gwc",
  italynorth: "itn",
  japaneast: "jpe",
  koreacentral: "krc",
  northeurope: "neu",
  norwayeast: "noe",
  polandcentral: "plc",
  southafricanorth: "san",
  southcentralus: "scus",
  southeastasia: "sea",
  swedencentral: "sdc",
  switzerlandnorth: "szn",
  uaenorth: "uan",
  uksouth: "uks",
  westeurope: "weu",
  westus2: "wus2",
  westus3: "wus3",
} as const;

export type Region = keyof typeof REGION_CODES;
export const REGIONS = Object.keys(REGION_CODES) as [Region, ...Region[]];
