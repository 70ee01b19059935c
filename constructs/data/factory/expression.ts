/**
 * Azure Data Factory expressions (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions).
 *
 * Helpers return expression strings that start with `@` (`param("x")` => `@pipeline().parameters.x`). They compose:
 * `concat(param("folder"), "/", item("name"))` => `@concat(pipeline().parameters.folder, '/', item().name)`; plain
 * strings given to `concat` are quoted as literals. Builders turn every `@...` string into an {@link Expression} object
 * (`{ value, type: "Expression" }`), the form ADF Studio writes for dynamic content.
 */

/** ADF dynamic content: `{ "value": "@...", "type": "Expression" }`. */
export interface Expression {
  readonly value: string;
  readonly type: "Expression";
}

/** A literal of type T or dynamic content evaluated by ADF at run time. */
export type Dynamic<T> = T | Expression;

/** Simple identifier: what `pipeline().parameters.<name>` dot access accepts. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fail(fn: string, problem: string, value: unknown, fix: string): never {
  throw new Error(`${fn}: ${problem} (got ${JSON.stringify(value)}). Fix: ${fix}`);
}

/** True for a string ADF evaluates as an expression: starts with `@` but not `@@` (an escaped literal `@`). */
export function isExpressionString(value: unknown): value is string {
  return typeof value === "string" && value.startsWith("@") && !value.startsWith("@@");
}

/** True for an {@link Expression} object. */
export function isExpression(value: unknown): value is Expression {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.type === "Expression" && typeof v.value === "string";
}

/** Wraps an `@...` string as an {@link Expression}; throws when it is not an expression. */
export function expr(value: string): Expression {
  if (!isExpressionString(value) || value.trim().length < 2) {
    fail("expr", "must be an ADF expression starting with '@'", value, `write it as "@<expression>", e.g. "@pipeline().parameters.x".`);
  }
  return { value, type: "Expression" };
}

/**
 * Renders a value for ADF JSON: `@...` strings become {@link Expression} objects, everything else is kept.
 * @internal used by the activity builders.
 */
export function toDynamic<T>(value: Dynamic<T>): Dynamic<T> {
  return isExpressionString(value) ? expr(value) : value;
}

/** The expression text without its leading `@`, for nesting inside a function call. */
function inner(value: string | Expression, fn: string): string {
  const text = isExpression(value) ? value.value : value;
  if (!isExpressionString(text)) {
    fail(fn, "argument must be an ADF expression starting with '@'", text, 'pass a helper result such as param("x") or "@utcNow()".');
  }
  return text.slice(1);
}

/** Quotes a literal string for the expression language (`'` is escaped as `''`). */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `@pipeline().parameters.<name>`. */
export function param(name: string): string {
  if (!IDENTIFIER.test(name)) {
    fail("param", "name must be letters, digits and '_' and not start with a digit", name, "rename the pipeline parameter.");
  }
  return `@pipeline().parameters.${name}`;
}

/** `@variables('<name>')`. */
export function variable(name: string): string {
  if (name.length === 0 || name.includes("'")) {
    fail("variable", "name must be non-empty and must not contain a single quote", name, "rename the pipeline variable.");
  }
  return `@variables(${literal(name)})`;
}

/** Property path like `firstRow.tableName` or `value[0].name`. */
function checkPath(fn: string, path: string): string {
  if (!/^[A-Za-z_$][\w$]*(\[\d+\]|\.[A-Za-z_$][\w$]*)*$/.test(path)) {
    fail(fn, "path must be dotted property names with optional [index]", path, 'use e.g. "firstRow.name" or "value[0].id".');
  }
  return `.${path}`;
}

/** `@activity('<name>').output[.<path>]`, e.g. `activityOutput("Lookup tables", "value")`. */
export function activityOutput(activityName: string, path?: string): string {
  if (activityName.length === 0) fail("activityOutput", "activityName must be non-empty", activityName, "pass the activity's name.");
  return `@activity(${literal(activityName)}).output${path === undefined ? "" : checkPath("activityOutput", path)}`;
}

/** `@item()` or `@item().<path>`, the current element inside a ForEach. */
export function item(path?: string): string {
  return `@item()${path === undefined ? "" : checkPath("item", path)}`;
}

/** `@utcNow()`. */
export function utcNow(): string {
  return "@utcNow()";
}

/** `@formatDateTime(<expression>, '<format>')`, e.g. `formatDateTime(utcNow(), "yyyy/MM/dd")`. */
export function formatDateTime(expression: string | Expression, format: string): string {
  if (format.length === 0) fail("formatDateTime", "format must be non-empty", format, 'pass a .NET format such as "yyyy-MM-dd".');
  return `@formatDateTime(${inner(expression, "formatDateTime")}, ${literal(format)})`;
}

/** `@concat(...)`: `@...` parts are nested as expressions, other strings become quoted literals. */
export function concat(...parts: ReadonlyArray<string | Expression>): string {
  if (parts.length < 2) fail("concat", "needs at least 2 parts", parts, "pass two or more strings or expressions.");
  const args = parts.map((p) => (isExpression(p) || isExpressionString(p) ? inner(p, "concat") : literal(p)));
  return `@concat(${args.join(", ")})`;
}
