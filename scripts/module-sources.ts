/**
 * Releases' own files through the Go module proxy (a registry, like npm): the folder of a module download, and the
 * YAML documents of a file in it. Used by `npm run vendor:crds` and `npm run validate:cluster`; needs Go.
 */
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

/** The directory of a module download (`go mod download`, outside any workspace). */
export function moduleDir(module: string, version: string): string {
  const out = execFileSync("go", ["mod", "download", "-json", `${module}@${version}`], {
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=mod", GOWORK: "off" },
  });
  return JSON.parse(out).Dir as string;
}

/** The YAML documents of a text, without empty ones. */
export function yamlDocuments<T = unknown>(text: string): T[] {
  return parseAllDocuments(text)
    .map((d) => d.toJSON())
    .filter((d) => d !== null && d !== undefined);
}
