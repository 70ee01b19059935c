/**
 * A small evaluator of Data Factory's expression language, for the functions the medallion pipelines use, so
 * tests can run the pipelines' checks on sample values. Semantics follow Microsoft's function reference:
 * `substring(text, start, length)` is zero-based and fails out of range, `formatDateTime` fails on a value that
 * is not a date, and every argument is evaluated (there is no short-circuit).
 */
export type Scope = { readonly parameters?: Record<string, string>; readonly variables?: Record<string, string> };

type Value = string | number | boolean;

export function evaluate(expression: string, scope: Scope): Value {
  if (!expression.startsWith("@")) return expression;
  const p = new Parser(expression.slice(1), scope);
  const v = p.expr();
  p.end();
  return v;
}

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly scope: Scope,
  ) {}

  end(): void {
    this.ws();
    if (this.i !== this.s.length) throw new Error(`unexpected ${this.s.slice(this.i)}`);
  }

  expr(): Value {
    this.ws();
    if (this.s[this.i] === "'") return this.str();
    const num = /^-?\d+/.exec(this.s.slice(this.i));
    if (num) {
      this.i += num[0].length;
      return Number(num[0]);
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i))?.[0];
    if (!name) throw new Error(`unexpected ${this.s.slice(this.i)}`);
    this.i += name.length;
    const args = this.args();
    if (name === "pipeline" && args.length === 0) return this.member();
    return call(name, args, this.scope);
  }

  private member(): Value {
    const m = /^\.parameters\.([A-Za-z_][A-Za-z0-9_]*)/.exec(this.s.slice(this.i));
    if (!m) throw new Error("only pipeline().parameters.<name> is supported");
    this.i += m[0].length;
    const v = this.scope.parameters?.[m[1]];
    if (v === undefined) throw new Error(`parameter ${m[1]} is not set`);
    return v;
  }

  private args(): Value[] {
    this.ws();
    if (this.s[this.i] !== "(") throw new Error(`expected ( at ${this.s.slice(this.i)}`);
    this.i++;
    const out: Value[] = [];
    this.ws();
    if (this.s[this.i] === ")") {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.expr());
      this.ws();
      const c = this.s[this.i++];
      if (c === ")") return out;
      if (c !== ",") throw new Error(`expected , or ) at ${this.s.slice(this.i - 1)}`);
    }
  }

  private str(): string {
    let out = "";
    this.i++;
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) throw new Error("unterminated string");
      if (c === "'") {
        if (this.s[this.i] === "'") {
          out += "'";
          this.i++;
          continue;
        }
        return out;
      }
      out += c;
    }
  }

  private ws(): void {
    while (this.s[this.i] === " ") this.i++;
  }
}

function call(name: string, a: Value[], scope: Scope): Value {
  const str = (v: Value) => {
    if (typeof v !== "string") throw new Error(`${name}: expected a string, got ${JSON.stringify(v)}`);
    return v;
  };
  switch (name) {
    case "not":
      return !a[0];
    case "and":
      return a.every(Boolean);
    case "equals":
      return a[0] === a[1];
    case "startsWith":
      return str(a[0]).startsWith(str(a[1]));
    case "length":
      return str(a[0]).length;
    case "toLower":
      return str(a[0]).toLowerCase();
    case "concat":
      return a.map(String).join("");
    case "replace":
      return str(a[0]).split(str(a[1])).join(str(a[2]));
    case "substring": {
      const [text, start, length] = [str(a[0]), a[1] as number, a[2] as number];
      if (start < 0 || start + length > text.length) throw new Error(`substring: ${start}+${length} is out of range of '${text}'`);
      return text.slice(start, start + length);
    }
    case "variables": {
      const v = scope.variables?.[str(a[0])];
      if (v === undefined) throw new Error(`variable ${String(a[0])} is not set`);
      return v;
    }
    case "formatDateTime": {
      const text = str(a[0]);
      const m = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(text);
      const d = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
        throw new Error(`formatDateTime: '${text}' is not a valid date`);
      }
      const format = str(a[1]);
      if (format === "yyyy-MM-dd") return `${m[1]}-${m[2]}-${m[3]}`;
      if (format === "yyyy/MM/dd") return `${m[1]}/${m[2]}/${m[3]}`;
      throw new Error(`formatDateTime: format ${format} is not supported here`);
    }
    default:
      throw new Error(`function ${name} is not supported here`);
  }
}
