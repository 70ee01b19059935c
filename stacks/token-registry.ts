/**
 * cdktf keeps every token it has turned into a string or a number in one process-wide registry (its TokenMap, on
 * `global.__cdktfTokenMap`), for as long as the process runs. A token holds what it refers to (an attribute reference
 * holds its resource, and so its whole construct tree), so nothing an app built can be collected while its tokens
 * are registered. A synthesis in parts ({@link synthesizeInParts}) forgets the tokens each part registered once the
 * part is written, so that one environment's constructs are collected before the next is built: the live heap then
 * stays the size of one environment instead of growing with all of them (which made the garbage collector's share,
 * and the synth's time per data source, grow with the number of environments).
 *
 * Only tokens registered during the part are forgotten; those registered before it stay. cdktf registers a token
 * when it is first turned into a string or a number, and caches that string on the token: a token created outside a
 * part (at module load, or in a cache shared between environments) and first used during one would be forgotten with
 * it, and the next part that used it would fail loudly with cdktf's "Unrecognized Token Key ... from another CDK",
 * never silently. No such token exists (README, conventions). cdktf is pinned at its last release; this module is
 * what to recheck should that change.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- cdktf's internal registry, see above
const { TokenMap } = require("cdktf/lib/tokens/private/token-map") as {
  TokenMap: { instance(): { stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> } };
};

/** Runs `work`, then forgets every token registered while it ran. */
export function forgettingTokensOf<T>(work: () => T): T {
  const { stringTokenMap, numberTokenMap } = TokenMap.instance();
  const before = { strings: stringTokenMap.size, numbers: numberTokenMap.size };
  try {
    return work();
  } finally {
    // Maps iterate in insertion order: what the part registered is what comes after the sizes noted before it.
    forgetAfter(stringTokenMap, before.strings);
    forgetAfter(numberTokenMap, before.numbers);
  }
}

function forgetAfter<K>(map: Map<K, unknown>, size: number): void {
  const added = [...map.keys()].slice(size);
  for (const key of added) map.delete(key);
}
