import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Construct } from "constructs";
import * as ts from "typescript";
import * as pkg from "azure-platform-iac";

const ROOT = join(__dirname, "..", "..");

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
}

/** Where each name the entry point exports is declared: index.ts -> exports/<area>.ts -> the module that defines it. */
function declaringFiles(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string) => {
    for (const statement of parse(file).statements) {
      if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier) continue;
      const path = join(dirname(file), (statement.moduleSpecifier as ts.StringLiteral).text);
      const target = existsSync(`${path}.ts`) ? `${path}.ts` : join(path, "index.ts");
      if (!statement.exportClause) visit(target);
      else if (ts.isNamedExports(statement.exportClause)) statement.exportClause.elements.forEach((e) => files.set(e.name.text, target));
    }
  };
  visit(entry);
  return files;
}

/** The summary (the comment's text before its first tag) and the tag names of a class's doc comment. */
function docOf(file: string, className: string): { summary: string; examples: string[]; abstract: boolean } | undefined {
  const declaration = parse(file).statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className);
  const doc = declaration && ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc).at(-1);
  if (!doc) return undefined;
  const summary = ts.getTextOfJSDocComment(doc.comment) ?? "";
  const examples = (doc.tags ?? []).filter((t) => t.tagName.text === "example").map((t) => ts.getTextOfJSDocComment(t.comment) ?? "");
  const abstract = (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Abstract) !== 0;
  return { summary, examples, abstract };
}

describe("TSDoc of the public constructs", () => {
  const files = declaringFiles(join(ROOT, "index.ts"));
  const constructs = Object.entries(pkg as unknown as Record<string, unknown>)
    .filter(([, value]) => typeof value === "function" && value.prototype instanceof Construct)
    .map(([name]) => name);

  test("finds the exported construct classes and their sources", () => {
    expect(constructs.length).toBeGreaterThan(50);
    expect(constructs.filter((name) => !files.has(name))).toEqual([]);
  });

  test("each has a doc comment with a one-sentence summary and an @example of a few lines", () => {
    const problems = constructs.flatMap((name) => {
      const file = files.get(name)!;
      const doc = docOf(file, name);
      const where = `${name} (${file.slice(ROOT.length + 1)})`;
      if (!doc) return [`${where}: no doc comment`];
      const found: string[] = [];
      if (!/^[\p{L}`][^]*?[.!?](\s|$)/u.test(doc.summary.trim())) found.push(`${where}: no summary sentence`);
      // An abstract base is shown through a subclass: its example must still be a few lines.
      const shows = (e: string) => doc.abstract || e.includes(`new ${name}(`);
      if (!doc.examples.some((e) => e.trim().split("\n").length >= 2 && shows(e))) found.push(`${where}: no @example (lines with new ${name}(...))`);
      return found;
    });
    expect(problems).toEqual([]);
  });
});
