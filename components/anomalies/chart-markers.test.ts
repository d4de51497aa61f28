import { describe, expect, it } from "vitest";
import type { AnomalyView } from "@/lib/data/anomalies";
import { anomalyMarkers } from "./chart-markers";

// The dashed lines on the daily cost charts: one per anomaly that opened in the charted range,
// labelled so that it agrees with the anomaly's card ("since" the day a shift began).
const anomaly = (over: Partial<AnomalyView>): AnomalyView =>
  ({ subject: "recommendations", figureLabel: "cost per 1M requests", kind: "shift", state: "open", startDay: "2026-11-15", openedDay: "2026-11-17", ...over }) as AnomalyView;
const range = { from: "2026-11-06", to: "2026-12-05" };

describe("anomaly markers on a cost chart", () => {
  it.each<[string, Partial<AnomalyView>, boolean, { day: string; label: string }[]]>([
    ["a shift flagged two days after it began", {}, true, [{ day: "2026-11-17", label: "recommendations cost per 1M requests shifted up, since 15 Nov" }]],
    ["the same on the service's own chart, which needs no name", {}, false, [{ day: "2026-11-17", label: "cost per 1M requests shifted up, since 15 Nov" }]],
    ["a shift flagged the day it began", { startDay: "2026-11-17" }, true, [{ day: "2026-11-17", label: "recommendations cost per 1M requests shifted up" }]],
    ["a spike", { kind: "spike", startDay: "2026-11-17", figureLabel: "daily cost" }, true, [{ day: "2026-11-17", label: "recommendations daily cost jumped" }]],
    ["closed, still drawn", { state: "closed" }, true, [{ day: "2026-11-17", label: "recommendations cost per 1M requests shifted up, since 15 Nov" }]],
    ["withdrawn: not drawn", { state: "withdrawn" }, true, []],
    ["opened on the range's first day", { startDay: "2026-11-01", openedDay: "2026-11-06" }, true, [{ day: "2026-11-06", label: "recommendations cost per 1M requests shifted up, since 1 Nov" }]],
    ["opened the day before the range: not drawn", { openedDay: "2026-11-05" }, true, []],
    ["opened on the range's last day", { startDay: "2026-12-05", openedDay: "2026-12-05", kind: "spike" }, true, [{ day: "2026-12-05", label: "recommendations cost per 1M requests jumped" }]],
    ["opened after the range: not drawn", { openedDay: "2026-12-06" }, true, []],
  ])("%s", (_case, over, named, markers) => {
    expect(anomalyMarkers([anomaly(over)], range, named)).toEqual(markers);
  });
});
