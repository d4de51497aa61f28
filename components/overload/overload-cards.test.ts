import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { HeatCell, OverloadView } from "@/lib/data/overload-view";
import type { Signal } from "@/lib/domain/signals";
import { ErrorHeatmap, SignalList } from "./overload-cards";

// What the overload page's heatmap and signal list say when the window holds nothing to show:
// a sentence saying why, rather than an empty table or "All 0 signals normal".
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;|&apos;/g, "'");

function signal(state: Signal["state"], service = "checkout"): Signal {
  return { kind: "errors", service, cell: "cell-a", state, reason: `5XX of ${service}`, value: 0, threshold: 0.01 };
}

function heat(service: string, requests: number): HeatCell {
  return { service, cell: "cell-a", requests, rate5xx: requests > 0 ? 0 : null, rate4xx: requests > 0 ? 0 : null, state: "ok" };
}

describe("the signal list", () => {
  it.each([
    // [signals, what it says]
    [[], "Nothing to judge: no metrics in the last 15 min."],
    [[signal("ok")], "The one signal judged is normal."],
    [[signal("ok"), signal("ok", "payments"), signal("ok", "web")], "All 3 signals normal."],
    // Only what is not normal is listed.
    [[signal("ok"), signal("warning", "payments")], "warning5XX · payments in cell-a"],
  ])("%j: %s", (signals, says) => {
    expect(text(renderToStaticMarkup(createElement(SignalList, { signals, windowMinutes: 15 })))).toContain(says);
  });
});

describe("the 5XX heatmap", () => {
  const draw = (heatmap: HeatCell[]) => renderToStaticMarkup(createElement(ErrorHeatmap, { view: { thresholds: { windowMinutes: 15 }, signals: [], heatmap } as unknown as OverloadView, selected: null, hrefFor: () => "/x" }));

  it.each([
    // [the window's series, a table drawn, the services in it]
    [[], false, []],
    // A table or a cache has no requests of its own: no rate to show.
    [[heat("orders-table", 0)], false, []],
    [[heat("orders-table", 0), heat("checkout", 1200)], true, ["checkout"]],
  ])("%j: table %s, rows %j", (heatmap, table, services) => {
    const html = draw(heatmap);
    expect(html.includes("<table")).toBe(table);
    expect([...html.matchAll(/<th scope="row" role="rowheader">([^<]+)<\/th>/g)].map((m) => m[1])).toEqual(services);
    if (!table) expect(text(html)).toBe("No requests in the last 15 min: no 5XX rate to show.");
  });
});
