import { Finding, Waiver } from "../policies/types";
import { SynthesizedStack } from "./cdktf-out";
import { inventory, StackInventory } from "./inventory";
import { MedallionFlow, medallionFlow } from "./medallion-flow";
import { DeclaredApp, DeclaredCluster, ReachabilityReview, reviewReachability } from "./reachability-review";

/** Policy results of an environment. */
export interface PolicyReview {
  readonly rulesEvaluated: number;
  readonly violations: Finding[];
  readonly waived: Finding[];
  readonly expiredWaivers: Waiver[];
}

/** Everything the review says about one environment; `<env>.json` is this, and it is the next review's baseline. */
export interface EnvironmentReview {
  readonly format: "azure-platform-review/v1";
  readonly environment: string;
  readonly stacks: StackInventory[];
  readonly medallion: MedallionFlow;
  readonly policy: PolicyReview;
  readonly reachability: ReachabilityReview;
}

export function buildReview(
  environment: string,
  stacks: readonly SynthesizedStack[],
  apps: readonly DeclaredApp[],
  cluster: DeclaredCluster = {},
): EnvironmentReview {
  const results = stacks.map((s) => s.policy).filter((p) => p !== undefined);
  return {
    format: "azure-platform-review/v1",
    environment,
    stacks: stacks.map(inventory),
    medallion: medallionFlow(stacks),
    policy: {
      rulesEvaluated: Math.max(0, ...results.map((r) => r.rulesEvaluated)),
      violations: results.flatMap((r) => r.violations),
      waived: results.flatMap((r) => r.waived),
      expiredWaivers: results.flatMap((r) => r.expiredWaivers),
    },
    reachability: reviewReachability(stacks, apps, cluster),
  };
}
