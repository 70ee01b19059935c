import { addressCount, allowListTooWide, MAX_ALLOW_LIST_ADDRESSES, cidrContains, cidrOverlaps, cidrRange, hasHostBits } from "../../../constructs/core/cidr";

describe("cidrRange", () => {
  test("a /24 spans 256 addresses from the network address", () => {
    expect(cidrRange("10.10.1.0/24")).toEqual({ first: 168427776, last: 168428031 });
  });

  test("host bits are masked off", () => {
    expect(cidrRange("10.10.1.77/24")).toEqual(cidrRange("10.10.1.0/24"));
  });

  test("a /32 is one address", () => {
    const r = cidrRange("192.168.0.1/32");
    expect(r.last - r.first).toBe(0);
  });

  test("a /0 is the whole IPv4 space, without 32-bit overflow", () => {
    expect(cidrRange("0.0.0.0/0")).toEqual({ first: 0, last: 2 ** 32 - 1 });
  });

  test("addresses above 128.0.0.0 stay positive", () => {
    expect(cidrRange("255.255.255.0/24").first).toBe(2 ** 32 - 256);
  });
});

describe("cidrContains", () => {
  test("a subnet inside the address space", () => {
    expect(cidrContains("10.10.0.0/16", "10.10.5.0/24")).toBe(true);
  });

  test("a range is inside itself", () => {
    expect(cidrContains("10.10.0.0/16", "10.10.0.0/16")).toBe(true);
  });

  test("a subnet outside the address space", () => {
    expect(cidrContains("10.10.0.0/16", "10.11.0.0/24")).toBe(false);
  });

  test("a larger range is not inside a smaller one", () => {
    expect(cidrContains("10.10.0.0/24", "10.10.0.0/16")).toBe(false);
  });
});

describe("cidrOverlaps", () => {
  test("adjacent ranges do not overlap", () => {
    expect(cidrOverlaps("10.10.1.0/26", "10.10.1.64/26")).toBe(false);
  });

  test("nested ranges overlap", () => {
    expect(cidrOverlaps("10.10.0.0/23", "10.10.1.0/24")).toBe(true);
  });

  test("overlap is symmetric", () => {
    expect(cidrOverlaps("10.10.1.0/24", "10.10.0.0/23")).toBe(true);
  });
});

describe("hasHostBits", () => {
  test("a network address has none", () => {
    expect(hasHostBits("10.10.1.0/24")).toBe(false);
  });

  test("an address inside the range has some", () => {
    expect(hasHostBits("10.10.1.1/24")).toBe(true);
  });

  test("a /32 never has host bits", () => {
    expect(hasHostBits("10.10.1.1/32")).toBe(false);
  });
});

describe("addressCount and allowListTooWide", () => {
  test("counts every address once, overlaps and bare addresses included", () => {
    expect(addressCount(["10.0.0.0/24", "10.0.0.128/25", "10.0.1.0/24", "192.0.2.7"])).toBe(513);
    expect(addressCount([])).toBe(0);
    expect(addressCount(["0.0.0.0/1", "128.0.0.0/1"])).toBe(2 ** 32);
  });

  test("a /16 in all is allowed, one address more is not", () => {
    expect(MAX_ALLOW_LIST_ADDRESSES).toBe(65536);
    expect(allowListTooWide(["10.1.0.0/17", "10.1.128.0/17"])).toBeUndefined();
    expect(allowListTooWide(["10.1.0.0/16", "192.0.2.1"])).toBe("the ranges together admit 65,537 addresses, more than a /16 (65,536)");
  });
});
