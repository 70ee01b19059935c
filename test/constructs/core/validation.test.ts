import { Testing, Token } from "cdktf";
import { Construct } from "constructs";
import {
  checkPattern,
  checkRange,
  collectProblems,
  collectProblemsAt,
  isKnown,
  optOutId,
  optOutIdOf,
  propError,
  propErrorAt,
  throwProblems,
  warnOptOut,
} from "../../../constructs/core/validation";

function scope(): Construct {
  return new Construct(Testing.app(), "Lake");
}

function warnings(c: Construct): string[] {
  return c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

describe("isKnown", () => {
  test("a literal is known", () => {
    expect(isKnown("westeurope")).toBe(true);
  });

  test("a Flux post-build variable is not known (the cluster's Flux configuration fills it in), other ${ strings are", () => {
    expect(isKnown("${CERT_MANAGER_CLIENT_ID}")).toBe(false);
    expect(isKnown("prefix-${CERT_MANAGER_CLIENT_ID}")).toBe(true);
  });

  test("undefined is not known", () => {
    expect(isKnown(undefined)).toBe(false);
  });

  test("a string token is not known", () => {
    expect(isKnown(Token.asString({ Ref: "x" }))).toBe(false);
  });

  test("a number token is not known", () => {
    expect(isKnown(Token.asNumber({ Ref: "x" }))).toBe(false);
  });
});

describe("propError", () => {
  test("names the construct path, the prop, the problem, the value and the fix", () => {
    const err = propError(scope(), "softDeleteRetentionInDays", "must be 1-365", 0, "use a value between 1 and 365.");
    expect(err.message).toBe("Lake: softDeleteRetentionInDays must be 1-365 (got 0). Fix: use a value between 1 and 365.");
  });

  test("serializes the value as JSON", () => {
    expect(propError(scope(), "name", "is bad", "x y", "fix it.").message).toContain('(got "x y")');
  });
});

describe("checkRange", () => {
  test.each([1, 365])("accepts the bound %d", (value) => {
    expect(() => checkRange(scope(), "days", value, 1, 365)).not.toThrow();
  });

  test("skips undefined", () => {
    expect(() => checkRange(scope(), "days", undefined, 1, 365)).not.toThrow();
  });

  test("skips unresolved tokens", () => {
    expect(() => checkRange(scope(), "days", Token.asNumber({ Ref: "x" }), 1, 365)).not.toThrow();
  });

  test("fails below the minimum", () => {
    expect(() => checkRange(scope(), "days", 0, 1, 365)).toThrow(
      /^Lake: days must be a whole number from 1 to 365 \(got 0\)\. Fix: set days between 1 and 365\.$/,
    );
  });

  test("fails above the maximum", () => {
    expect(() => checkRange(scope(), "days", 366, 1, 365)).toThrow(/days must be a whole number from 1 to 365 \(got 366\)/);
  });

  test("fails on a fraction", () => {
    expect(() => checkRange(scope(), "days", 7.5, 1, 365)).toThrow(/must be a whole number .* \(got 7\.5\)/);
  });
});

describe("checkPattern", () => {
  test("accepts a match", () => {
    expect(() => checkPattern(scope(), "name", "abc", /^[a-z]+$/, "lowercase letters")).not.toThrow();
  });

  test("skips undefined", () => {
    expect(() => checkPattern(scope(), "name", undefined, /^[a-z]+$/, "lowercase letters")).not.toThrow();
  });

  test("skips unresolved tokens", () => {
    expect(() => checkPattern(scope(), "name", Token.asString({ Ref: "x" }), /^[a-z]+$/, "lowercase letters")).not.toThrow();
  });

  test("fails on a mismatch", () => {
    expect(() => checkPattern(scope(), "name", "ABC", /^[a-z]+$/, "lowercase letters")).toThrow(
      /^Lake: name must be lowercase letters \(got "ABC"\)\. Fix: choose a name that is lowercase letters\.$/,
    );
  });
});

describe("warnOptOut", () => {
  test("adds a warning annotation naming the prop and the consequence", () => {
    const s = scope();
    warnOptOut(s, "allowDestroy", "Terraform may destroy the lake");
    expect(warnings(s)).toEqual(["allowDestroy opts out of a secure default: Terraform may destroy the lake [opt-out Construct.allowDestroy]"]);
    expect(optOutIdOf(warnings(s)[0])).toBe("Construct.allowDestroy");
  });

  test("the id is the construct's class and the prop path without indices, whatever the message", () => {
    class DataLake extends Construct {}
    const lake = new DataLake(new Construct(undefined as never, "root"), "Lake");
    expect(optOutId(lake, "firewall.allowedIpRanges[2] (public)")).toBe("DataLake.firewall.allowedIpRanges");
    expect(optOutIdOf("lock opts out of a secure default: anyone may delete it")).toBeUndefined();
  });

  test("does not throw", () => {
    expect(() => warnOptOut(scope(), "x", "y")).not.toThrow();
  });
});

describe("throwProblems", () => {
  const problem = (prop: string) => ({ prop, problem: "must be set", value: undefined, fix: `set ${prop}.` });

  test("nothing to throw for no problem", () => {
    expect(() => throwProblems("Thing", [])).not.toThrow();
  });

  test("one problem reads as propError", () => {
    expect(() => throwProblems("Thing", [problem("a")])).toThrow(new Error(propErrorAt("Thing", "a", "must be set", undefined, "set a.").message));
  });

  test("several problems: counted, then one per line, each in propError's form", () => {
    expect(() => throwProblems("Thing", [problem("a"), problem("b")])).toThrow(
      "Thing: 2 problems:\n- Thing: a must be set (got undefined). Fix: set a.\n- Thing: b must be set (got undefined). Fix: set b.",
    );
  });
});

describe("collectProblems", () => {
  const fail = (prop: string) => () => {
    throw propErrorAt("Thing", prop, "must be set", undefined, `set ${prop}.`);
  };

  test("a nested collection adds each of its problems, not a list inside the list", () => {
    const nested = () => collectProblemsAt("Thing", [fail("b"), fail("c")]);
    expect(() => collectProblemsAt("Thing", [fail("a"), nested])).toThrow(
      "Thing: 3 problems:\n- Thing: a must be set (got undefined). Fix: set a.\n- Thing: b must be set (got undefined). Fix: set b.\n- Thing: c must be set (got undefined). Fix: set c.",
    );
  });

  test("a construct's collection is collectProblemsAt its path", () => {
    const c = new Construct(undefined as never, "Thing");
    expect(() => collectProblems(c, [fail("a"), () => {}])).toThrow(new Error(propErrorAt("Thing", "a", "must be set", undefined, "set a.").message));
  });
});
