import { Testing } from "cdktf";
import { stringify } from "yaml";
import { loadBootstrapConfig } from "../../config/load";
import { BOOTSTRAP_STACK, BootstrapStack } from "../../stacks/bootstrap-stack";
import { loadPlatformConfig, PlatformConfig } from "../../stacks/platform";
import { stackNames } from "../../stacks/environment";
import { assignableRolesCondition, STACK_ASSIGNED_ROLES } from "../../constructs/delivery/pipeline-identities";
import { configDir, shippedConfig, SHIPPED_CONFIG_DIR } from "../config/config-fixtures";
import { shippedApp } from "./synthesized-app";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const shipped = loadPlatformConfig(SHIPPED_CONFIG_DIR);
const bootstrapYaml = () => parse(readFileSync(join(SHIPPED_CONFIG_DIR, "bootstrap.yaml"), "utf8"));

function synthOf(platform: PlatformConfig) {
  const app = Testing.app();
  const stack = new BootstrapStack(app, BOOTSTRAP_STACK, {
    config: platform.bootstrap!,
    environments: platform.environments,
    stackNamesOf: (env) => Object.values(stackNames(env)),
  });
  const text = Testing.synth(stack);
  return { text, tf: JSON.parse(text) };
}
/** The shipped config's bootstrap stack is synthesized once for the file (the tests only read it); others each time. */
let shippedSynth: ReturnType<typeof synthOf> | undefined;
const synth = (platform = shipped) => (platform === shipped ? (shippedSynth ??= synthOf(shipped)) : synthOf(platform));

describe("bootstrap stack", () => {
  test("matches its snapshot", () => {
    expect(synth().text).toMatchSnapshot();
  });

  test("keeps its own state locally until it is moved into the account", () => {
    expect(synth().tf.terraform.backend).toEqual({ local: { path: "../../../terraform.bootstrap.tfstate" } });
    const moved = { ...shipped, bootstrap: { ...shipped.bootstrap!, state: { ...shipped.bootstrap!.state, stateInAccount: true } } };
    expect(synth(moved).tf.terraform.backend.azurerm).toMatchObject({
      container_name: "tfstate-bootstrap",
      key: "bootstrap.tfstate",
      storage_account_name: "stmedaltfstateweu",
      use_azuread_auth: true,
    });
  });

  test("creates one state container per environment plus its own, and a GitOps container per Flux environment", () => {
    const containers = Object.values<any>(synth().tf.resource.azurerm_storage_container)
      .map((c) => `${c.storage_account_id.includes("Gitops") ? "gitops" : "state"}:${c.name}`)
      .sort();
    expect(containers).toEqual(["gitops:gitops-prod", "state:tfstate-bootstrap", "state:tfstate-dev", "state:tfstate-prod", "state:tfstate-staging"]);
    const accounts = Object.values<any>(synth().tf.resource.azurerm_storage_account).map((a) => [
      a.name,
      a.shared_access_key_enabled,
      a.lifecycle.prevent_destroy,
    ]);
    expect(accounts.sort()).toEqual([
      ["stmedalgitopsweu", false, true],
      ["stmedaltfstateweu", false, true],
    ]);
  });

  test("the prod apply identity publishes to its GitOps container and may grant there only Storage Blob Data Reader; plan reads it", () => {
    const tf = synth().tf;
    const onGitops = Object.values<any>(tf.resource.azurerm_role_assignment).filter((a) => a.scope.includes("GitopsAccount"));
    expect(onGitops.map((a) => [a.role_definition_name, a.principal_id.includes("Apply") ? "apply" : "plan", a.condition ?? null]).sort()).toEqual([
      ["Reader", "plan", null],
      ["Role Based Access Control Administrator", "apply", assignableRolesCondition([STACK_ASSIGNED_ROLES["Storage Blob Data Reader"]])],
      ["Storage Blob Data Contributor", "apply", null],
    ]);
  });

  test("the cluster's Flux configuration pulls from the container bootstrap creates, and its reader role is assignable there", () => {
    const app = shippedApp();
    const aks = app.stack("prod-aks");
    const source = JSON.parse(readFileSync(join(app.outdir, "gitops", "prod.source.json"), "utf8"));
    const [flux] = Object.values<any>(aks.resource.azurerm_kubernetes_flux_configuration);
    expect(flux.blob_storage.container_id).toBe(source.url);
    const [reader] = Object.values<any>(aks.resource.azurerm_role_assignment).filter((a) => a.role_definition_name === "Storage Blob Data Reader");
    expect(reader.scope).toBe(source.containerId);
    expect(source.containerId).toMatch(/\/storageAccounts\/stmedalgitopsweu\/blobServices\/default\/containers\/gitops-prod$/);
  });

  test("gives each environment a plan and an apply identity, with the GitHub subjects of the configured repository", () => {
    const tf = synth().tf;
    const identities = Object.values<any>(tf.resource.azurerm_user_assigned_identity)
      .map((i) => i.name)
      .sort();
    expect(identities).toEqual([
      "id-medal-dev-weu-pipeline-apply",
      "id-medal-dev-weu-pipeline-plan",
      "id-medal-prod-weu-pipeline-apply",
      "id-medal-prod-weu-pipeline-plan",
      "id-medal-staging-weu-pipeline-apply",
      "id-medal-staging-weu-pipeline-plan",
    ]);
    const subjects = Object.values<any>(tf.resource.azurerm_federated_identity_credential)
      .map((c) => c.subject)
      .sort();
    expect(subjects).toContain("repo:contoso/azure-platform-iac:environment:prod");
    expect(subjects.filter((s) => s.endsWith(":pull_request"))).toHaveLength(3);
  });

  test("role scopes are each environment's own subscription", () => {
    const scopes = new Set(
      Object.values<any>(synth().tf.resource.azurerm_role_assignment)
        .map((a) => a.scope)
        .filter((s: string) => !s.startsWith("$")),
    );
    expect([...scopes].sort()).toEqual(shipped.environments.map((e) => `/subscriptions/${e.subscriptionId}`).sort());
  });

  test("outputs the GitHub variables of each environment, none of them a secret", () => {
    const outputs = synth().tf.output;
    expect(Object.keys(outputs).sort()).toEqual(["github-variables-dev", "github-variables-prod", "github-variables-staging"]);
    expect(Object.keys(outputs["github-variables-dev"].value).sort()).toEqual([
      "AZURE_CLIENT_ID_APPLY",
      "AZURE_CLIENT_ID_PLAN",
      "AZURE_SUBSCRIPTION_ID",
      "AZURE_TENANT_ID",
    ]);
  });

  test("has no secret in the synthesized JSON", () => {
    expect(synth().text).not.toMatch(/"[a-z_]*(password|secret|_key|token)"\s*:/i);
  });

  test("HCP Terraform environments get run-phase subjects and no state container", () => {
    const prod = {
      ...shipped.environments.find((e) => e.environment === "prod")!,
      stateBackend: { type: "hcp" as const, organization: "contoso", project: "platform", hostname: "app.terraform.io", workspacePrefix: "medal-" },
    };
    const tf = synth({ environments: [prod], bootstrap: shipped.bootstrap }).tf;
    expect(
      Object.values<any>(tf.resource.azurerm_storage_container)
        .map((c) => c.name)
        .filter((n) => n.startsWith("tfstate")),
    ).toEqual(["tfstate-bootstrap"]);
    const subjects = Object.values<any>(tf.resource.azurerm_federated_identity_credential).map((c) => c.subject);
    expect(subjects).toContain("organization:contoso:project:platform:workspace:medal-prod-data:run_phase:apply");
  });
});

describe("bootstrap and the environment stacks agree", () => {
  const app = shippedApp();
  const envStacks = Object.keys(app.manifest.stacks).filter((s) => s !== "bootstrap");
  const assignments = envStacks.flatMap((s) => Object.values<any>(app.stack(s).resource?.azurerm_role_assignment ?? {}));

  test("the built-in roles the apply identity may assign are exactly those the environment stacks assign (never Contributor)", () => {
    const names = [...new Set(assignments.map((a) => a.role_definition_name).filter(Boolean))].sort();
    // The key encryption role and Reader (the control plane on its disk encryption set) only with
    // encryption.customerManagedKeys, off in every shipped environment.
    const conditional = ["Key Vault Crypto Service Encryption User", "Reader"];
    expect(names).toEqual(
      Object.keys(STACK_ASSIGNED_ROLES)
        .filter((r) => !conditional.includes(r))
        .sort(),
    );
    expect(names).not.toContain("Contributor");
  });

  test("no environment stack writes a role definition; the custom roles they assign come from bootstrap, which lets the apply identity assign them", () => {
    for (const s of envStacks) expect(app.stack(s).resource?.azurerm_role_definition).toBeUndefined();
    const boot = app.stack("bootstrap");
    const created = Object.values<any>(boot.resource.azurerm_role_definition).filter((r) => r.role_definition_id);
    const byId = assignments.filter((a) => a.role_definition_id).map((a) => a.role_definition_id);
    // Each environment's file-share role, and prod's ACME challenge role (prod has aks.dnsZone).
    expect(byId.length).toBe(4);
    for (const id of byId) {
      const guid = id.split("/").pop();
      expect(created.map((r) => r.role_definition_id)).toContain(guid);
      const rbac = Object.values<any>(boot.resource.azurerm_role_assignment).filter((a) => a.condition && a.scope === id.split("/providers/")[0]);
      expect(rbac).toHaveLength(1);
      expect(rbac[0].condition).toContain(guid);
    }
  });
});

describe("config/bootstrap.yaml", () => {
  test("the ACME role is assignable in the DNS zone's resource group as read from Azure, in the zone's own subscription", () => {
    const { tf } = synth();
    const [role] = Object.values<any>(tf.resource.azurerm_role_definition).filter((r) => r.name.startsWith("ACME DNS-01"));
    const [group] = Object.keys(tf.data.azurerm_resource_group);
    expect(role.scope).toBe(`\${data.azurerm_resource_group.${group}.id}`);
    expect(role.assignable_scopes).toEqual([role.scope]);
    expect(tf.data.azurerm_resource_group[group]).toEqual({ name: "rg-dns-prod", provider: "azurerm.prod" });
    // Read rights suffice there: the alias registers no resource provider in prod's subscription.
    expect(tf.provider.azurerm).toContainEqual(
      expect.objectContaining({ alias: "prod", subscription_id: "44444444-4444-4444-4444-444444444444", resource_provider_registrations: "none" }),
    );
  });

  test("is excluded from the environments and loaded on its own", () => {
    expect(shipped.environments.map((e) => e.environment)).toEqual(["dev", "prod", "staging"]);
    expect(shipped.bootstrap?.state.storageAccountName).toBe("stmedaltfstateweu");
  });

  test("is optional: without it there is no bootstrap stack", () => {
    expect(loadBootstrapConfig(configDir({}), [])).toBeUndefined();
  });

  test("fails on an unknown key and a bad repository, naming the file and field", () => {
    const raw = bootstrapYaml();
    raw.github.repository = "contoso";
    raw.state.shareKeys = true;
    expect(() => loadBootstrapConfig(configDir({ "bootstrap.yaml": stringify(raw) }), [])).toThrow(
      /bootstrap\.yaml: state\.shareKeys: unknown key, not in the schema \(got true\)[\s\S]*bootstrap\.yaml: github\.repository: must be <owner>\/<repository> \(got "contoso"\)/,
    );
  });

  test("fails when an environment's state backend names another account", () => {
    const dev = shippedConfig("dev");
    dev.stateBackend.storageAccountName = "stother";
    const dir = configDir({ "dev.yaml": dev, "bootstrap.yaml": bootstrapYaml() });
    expect(() => loadPlatformConfig(dir)).toThrow(
      /dev\.yaml: stateBackend\.storageAccountName: must be the state account's "stmedaltfstateweu" from bootstrap\.yaml \(got "stother"\)/,
    );
  });

  test("kubernetes.delivery defaults to terraform; prod ships with flux, dev with terraform", () => {
    const dev = shippedConfig("dev");
    delete dev.kubernetes.delivery;
    const dir = configDir({ "dev.yaml": dev });
    expect(loadPlatformConfig(dir).environments[0].kubernetes.delivery).toBe("terraform");
    expect(shipped.environments.map((e) => [e.environment, e.kubernetes.delivery])).toEqual([
      ["dev", "terraform"],
      ["prod", "flux"],
      ["staging", "terraform"],
    ]);
  });

  test("fails when an environment delivers with flux and bootstrap.yaml has no GitOps account", () => {
    const raw = bootstrapYaml();
    delete raw.gitops;
    const dir = configDir({ "prod.yaml": shippedConfig("prod"), "bootstrap.yaml": raw });
    expect(() => loadPlatformConfig(dir)).toThrow(
      'prod.yaml: kubernetes.delivery: "flux" needs a GitOps account: set gitops.storageAccountName in bootstrap.yaml (got "flux")',
    );
  });

  test("fails on a bootstrap waiver without an approver (bootstrap waivers are production waivers)", () => {
    const raw = bootstrapYaml();
    delete raw.policy.waivers[1].approvedBy;
    expect(() => loadBootstrapConfig(configDir({ "bootstrap.yaml": raw }), [])).toThrow(
      "bootstrap.yaml: policy.waivers.1.approvedBy: is required for a production waiver: name who approved it (not the owner) (got nothing)",
    );
  });

  test("fails on too short a reason for allowAllNetworks", () => {
    const raw = bootstrapYaml();
    raw.state.allowAllNetworks.reason = "runners";
    expect(() => loadBootstrapConfig(configDir({ "bootstrap.yaml": raw }), [])).toThrow(
      /state\.allowAllNetworks\.reason: must explain why, in at least 20 characters \(got "runners"\)/,
    );
  });
});
