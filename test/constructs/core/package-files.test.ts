import { existsSync, readFileSync } from "node:fs";
import { packageFile } from "../../../constructs/core/package-files";

describe("packageFile", () => {
  test("resolves from the package root: its package.json, vendor/ and notebooks/", () => {
    expect(JSON.parse(readFileSync(packageFile("package.json"), "utf8")).name).toBe("azure-platform-iac");
    expect(existsSync(packageFile("vendor", "SOURCES.json"))).toBe(true);
    expect(existsSync(packageFile("notebooks", "medallion_runner.py"))).toBe(true);
  });
});
