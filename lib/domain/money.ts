// Money is held as integer micro-dollars (1 USD = 1,000,000) so that sums are
// exact and nothing appears or vanishes when cost is split. JavaScript numbers
// hold integers exactly up to 2^53, i.e. about 9 billion dollars.

export const MICRO_PER_USD = 1_000_000;

/**
 * Parses a decimal amount as AWS sends it ("12.3456789012", "-0.5", "1E-7") into
 * micro-dollars, rounding half away from zero at the sixth decimal, without
 * going through a binary float for the digits that matter.
 */
export function parseUsdToMicro(amount: string): number {
  const text = amount.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`Not a decimal amount: '${amount}'`);
  const sign = m[1] === "-" ? -1 : 1;
  let digits = (m[2] || "0") + (m[3] ?? "");
  // position of the decimal point counted from the left of `digits`
  let point = (m[2] || "0").length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  digits = digits.padEnd(point + 7, "0");
  const whole = digits.slice(0, point + 6) || "0";
  const next = Number(digits[point + 6]);
  let micro = Number(BigInt(whole));
  if (next >= 5) micro += 1;
  if (!Number.isSafeInteger(micro)) throw new Error(`Amount out of range: '${amount}'`);
  return sign * micro || 0;
}

export function microToUsd(micro: number): number {
  return micro / MICRO_PER_USD;
}

export function usdToMicro(usd: number): number {
  return Math.round(usd * MICRO_PER_USD);
}
