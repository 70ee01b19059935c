import { App } from "cdktf";

/**
 * Prints every warning annotation of the app (the opt-outs from secure defaults) to stderr, as `cdktf synth`
 * does, so a plain `npm run synth` shows them too.
 */
export function printWarnings(app: App, log: (line: string) => void = (line) => console.error(line)): string[] {
  const lines = app.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => `WARNING ${c.node.path}: ${String(m.data)}`));
  lines.forEach((line) => log(line));
  return lines;
}
