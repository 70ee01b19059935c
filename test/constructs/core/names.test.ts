import { hostname, dnsLabel } from "../../../config/primitives";
import { DNS_LABEL, DNS_SUBDOMAIN, DNS_ZONE_NAME, HOST_NAME, namePrefix } from "../../../constructs/core/names";

describe("name grammars (one home for constructs and the config schema)", () => {
  test("DNS_LABEL: 1-63 lowercase alphanumerics and '-', alphanumeric at both ends", () => {
    for (const ok of ["a", "kube-system", "a".repeat(63), "0abc"]) expect(DNS_LABEL.test(ok)).toBe(true);
    for (const bad of ["", "A", "-a", "a-", "a_b", "a.b", "a".repeat(64)]) expect(DNS_LABEL.test(bad)).toBe(false);
  });

  test("DNS_SUBDOMAIN: dotted labels, at most 253 characters", () => {
    expect(DNS_SUBDOMAIN.test("letsencrypt-prod.example")).toBe(true);
    expect(DNS_SUBDOMAIN.test(`${"a".repeat(63)}.`.repeat(4).slice(0, 254))).toBe(false);
  });

  test("HOST_NAME: a letters-only top-level label, a wildcard only as the whole leading label; DNS_ZONE_NAME: no wildcard", () => {
    for (const ok of ["shop.contoso.com", "*.contoso.com", "a-1.b.co"]) expect(HOST_NAME.test(ok)).toBe(true);
    for (const bad of ["shop", "Shop.contoso.com", "a.*.contoso.com", "shop.contoso.c0m", "shop..com", "*contoso.com"]) expect(HOST_NAME.test(bad)).toBe(false);
    expect(DNS_ZONE_NAME.test("contoso.com")).toBe(true);
    expect(DNS_ZONE_NAME.test("*.contoso.com")).toBe(false);
  });

  test("the config schema uses the same grammars", () => {
    for (const value of ["kube-system", "Kube", "a".repeat(64)]) expect(dnsLabel.safeParse(value).success).toBe(DNS_LABEL.test(value));
    for (const value of ["shop.contoso.com", "*.contoso.com", "shop.contoso.c0m", "shop"])
      expect(hostname.safeParse(value).success).toBe(HOST_NAME.test(value));
  });
});

describe("namePrefix", () => {
  test("admits 1 to maxLength letters, digits and hyphens starting with a letter or digit, and says so", () => {
    const [pattern, rule] = namePrefix(4);
    expect(["a", "a-1B", "9abc"].filter((p) => pattern.test(p))).toEqual(["a", "a-1B", "9abc"]);
    expect(["", "-abc", "abcde", "a_b", "a b"].filter((p) => pattern.test(p))).toEqual([]);
    expect(rule).toBe("1-4 letters, digits and hyphens, starting with a letter or digit");
  });
});
