import { describe, expect, it } from "vitest";
import { timeTicks } from "./latency-chart";

// The latency chart's time axis runs to now even where the samples stopped, so its ticks are
// placed over the whole axis at round times, not taken from the points.
const at = (hhmm: string, day = "2026-12-05") => Date.parse(`${day}T${hhmm}:00Z`);
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

describe("the time axis's ticks", () => {
  it.each([
    // [span, from, to, ticks]
    ["3 hours", at("09:07"), at("12:07"), ["09:30", "10:00", "10:30", "11:00", "11:30", "12:00"]],
    ["12 hours", at("00:07"), at("12:07"), ["02:00", "04:00", "06:00", "08:00", "10:00", "12:00"]],
    ["2 days", at("12:07", "2026-12-03"), at("12:07"), ["18:00", "00:00", "06:00", "12:00", "18:00", "00:00", "06:00", "12:00"]],
    ["ends on a tick: both ends are ticks", at("09:00"), at("12:00"), ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00"]],
    ["an hour: every 15 minutes", at("11:07"), at("12:07"), ["11:15", "11:30", "11:45", "12:00"]],
    ["a moment: no round time inside it", at("11:07"), at("11:08"), []],
  ])("%s", (_span, from, to, ticks) => {
    expect(timeTicks(from, to).map(hhmm)).toEqual(ticks);
  });

  it("never puts more than 9 ticks on an axis up to 4 days long, whether or not it starts on a round time", () => {
    for (const start of [at("00:00"), at("00:07")]) {
      for (let minutes = 15; minutes <= 96 * 60; minutes += 15) expect(timeTicks(start, start + minutes * 60_000).length).toBeLessThanOrEqual(9);
    }
  });
});
