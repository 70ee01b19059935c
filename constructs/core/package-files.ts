import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

let root: string | undefined;

/** The nearest folder at or above `start` that holds a package.json. */
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json at or above ${start}: the package's vendor/ and notebooks/ cannot be found`);
  }
}

/**
 * Path of a file the package ships beside its code (`vendor/...`, `notebooks/...`), from the package root: the
 * nearest folder with a package.json above this file. The same from the sources (`constructs/core/`), from the
 * compiled package (`dist/constructs/core/`, which has no package.json of its own) and from an installed copy
 * (`node_modules/azure-platform-iac/dist/constructs/core/`).
 */
export function packageFile(...segments: string[]): string {
  return join((root ??= findPackageRoot(__dirname)), ...segments);
}
