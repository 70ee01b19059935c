import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A CommonJS file with an inline source map, as the provider bindings ship them. */
function withInlineMap(path: string): string {
  const map = { version: 3, file: "index.js", sources: ["index.ts"], names: [], mappings: "AAAA" };
  writeFileSync(path, `module.exports = 1;\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`);
  return path;
}

describe("library source maps (stacks/library-source-maps.ts)", () => {
  const root = mkdtempSync(join(tmpdir(), "library-source-maps-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("under tsx, a module under node_modules compiles without its source map; the project's own keep theirs", () => {
    mkdirSync(join(root, "node_modules", "library"), { recursive: true });
    const library = withInlineMap(join(root, "node_modules", "library", "index.js"));
    const own = withInlineMap(join(root, "own.js"));
    // Node's own loader, as the synth runs (Jest loads modules its own way): tsx, as `npm run synth`.
    const script = `
      require(${JSON.stringify(join(__dirname, "..", "..", "stacks", "library-source-maps.ts"))});
      const { findSourceMap } = require("node:module");
      require(${JSON.stringify(library)}); require(${JSON.stringify(own)});
      console.log(JSON.stringify({ library: !!findSourceMap(${JSON.stringify(library)}), own: !!findSourceMap(${JSON.stringify(own)}), on: process.sourceMapsEnabled }));`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", cwd: join(__dirname, "..", "..") });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual({ library: false, own: true, on: true });
  });

  test("without the module, tsx reads the library's source map too (what the module saves)", () => {
    const library = withInlineMap(join(root, "node_modules", "library", "other.js"));
    const script = `require(${JSON.stringify(library)}); console.log(!!require("node:module").findSourceMap(${JSON.stringify(library)}));`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", cwd: join(__dirname, "..", "..") });
    expect(child.stdout.trim()).toBe("true");
  });
});
