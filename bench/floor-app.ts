/**
 * The floor of the synth benchmark: a cdktf app with as many stacks, resources and data sources as the shipped
 * synth produced, all of trivial types (a resource group, the client config), imported by deep path as the
 * project's stacks are. What any cdktf app of this size costs; the default synth is held to a multiple of it.
 *
 * Run by bench/synth.bench.ts as a child (`tsx bench/floor-app.ts`): reads the plan (a {@link FloorPlan} as JSON)
 * from the file named by `BENCH_FLOOR_PLAN` and writes to `CDKTF_OUTDIR`.
 */
import { readFileSync } from "node:fs";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";

/** One stack of the floor app: what the shipped synth wrote for a stack of the same name. */
export interface FloorStack {
  readonly name: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly outputs: number;
}

export type FloorPlan = readonly FloorStack[];

/** Adds one stack of trivial elements to the app. */
function addFloorStack(app: App, { name, resources, dataSources, outputs }: FloorStack): void {
  const stack = new TerraformStack(app, name);
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  for (let i = 0; i < dataSources; i++) new DataAzurermClientConfig(stack, `Data${i}`, {});
  const groups = Array.from(
    { length: resources },
    (_, i) => new ResourceGroup(stack, `Resource${i}`, { name: `rg-floor-${name}-${i}`, location: "westeurope" }),
  );
  for (let i = 0; i < outputs; i++) new TerraformOutput(stack, `Output${i}`, { value: groups[i % Math.max(groups.length, 1)]?.id ?? "none" });
}

if (require.main === module) {
  const planFile = process.env.BENCH_FLOOR_PLAN;
  if (!planFile) throw new Error("bench/floor-app.ts: set BENCH_FLOOR_PLAN to the plan's JSON file");
  const plan = JSON.parse(readFileSync(planFile, "utf8")) as FloorPlan;
  const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out", stackTraces: false });
  for (const stack of plan) addFloorStack(app, stack);
  app.synth();
}
