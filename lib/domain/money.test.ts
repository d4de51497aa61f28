import { describe, expect, it } from "vitest";
import { parseUsdToMicro } from "./money";

describe("parseUsdToMicro: Cost Explorer amounts, exactly", () => {
  it.each([
    ["12.3456789012", 12_345_679],
    ["12.3456784999", 12_345_678],
    ["0.0000005", 1],
    ["0.0000004999", 0],
    ["-0.0000005", -1],
    ["-12.50", -12_500_000],
    ["0", 0],
    ["-0", 0],
    ["1E-7", 0],
    ["5E-7", 1],
    ["1.5e3", 1_500_000_000],
    ["123456789.123456", 123_456_789_123_456],
    [".5", 500_000],
    ["7.", 7_000_000],
    [" 3.25 ", 3_250_000],
  ])("%j → %d µ$", (amount, micro) => {
    expect(parseUsdToMicro(amount)).toBe(micro);
  });

  it("adds up without the drift of binary floats", () => {
    const amounts = Array.from({ length: 1000 }, () => "0.1");
    expect(amounts.reduce((sum, a) => sum + parseUsdToMicro(a), 0)).toBe(100_000_000);
  });

  it.each(["", "abc", "1.2.3", "$5", "1,000.00", "NaN", "Infinity", "e5"])("rejects %j", (amount) => {
    expect(() => parseUsdToMicro(amount)).toThrow(/Not a decimal amount/);
  });

  it("rejects amounts too large to hold exactly", () => {
    expect(() => parseUsdToMicro("99999999999999")).toThrow(/out of range/);
  });
});
