import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { WastedSpend } from "@/lib/data/overload";
import type { HeatCell, OverloadView } from "@/lib/data/overload-view";
import type { Signal } from "@/lib/domain/signals";
import { ErrorHeatmap, SignalList, WastedSpendTable } from "./overload-cards";

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

describe("what failures cost", () => {
  // Service-cell i failed i requests today at $0.01 each: the last made costs the most.
  const wasted = (n: number): WastedSpend[] =>
    Array.from({ length: n }, (_, i) => ({
      service: `svc-${i + 1}`,
      cell: "cell-a",
      day: "2026-11-28",
      failedRequests: i + 1,
      retries: 0,
      costPerRequestMicroUsd: 10_000,
      failuresMicroUsd: (i + 1) * 10_000,
      retriesMicroUsd: 0,
    }));
  const draw = (n: number) => renderToStaticMarkup(createElement(WastedSpendTable, { wasted: wasted(n), today: "2026-11-28" }));

  it.each([
    // [service-cells with a failure, rows drawn (costliest first), of them hidden on a phone, the phone's button, the totals' head]
    [3, ["svc-3", "svc-2", "svc-1"], 0, null, "All"],
    [4, ["svc-4", "svc-3", "svc-2", "svc-1"], 1, "Show all 4 rows", "All"],
    [10, ["svc-10", "svc-9", "svc-8", "svc-7", "svc-6", "svc-5", "svc-4", "svc-3", "svc-2", "svc-1"], 7, "Show all 10 rows", "All"],
    // Ten at most on any screen; the totals count every one.
    [12, ["svc-12", "svc-11", "svc-10", "svc-9", "svc-8", "svc-7", "svc-6", "svc-5", "svc-4", "svc-3"], 7, "Show all 10 rows", "All 12 (2 smaller not listed)"],
  ])("%i service-cells: rows %j, %i past a phone's first 3, button %j, totals %j", (n, services, hidden, button, totals) => {
    const html = draw(n);
    const body = html.slice(html.indexOf("<tbody"), html.indexOf("</tbody>"));
    expect([...body.matchAll(/data-testid="wasted-(svc-\d+)-cell-a"/g)].map((m) => m[1])).toEqual(services);
    expect(body.match(/past-phone-limit/g)?.length ?? 0).toBe(hidden);
    // The costliest stay on a phone: only rows after the first 3 are cut.
    expect(/past-phone-limit/.test(body.slice(0, body.indexOf(`wasted-${services[2]}-`)))).toBe(false);
    expect(/<button[^>]*>([^<]+)<\/button>/.exec(html)?.[1] ?? null).toBe(button);
    const foot = html.slice(html.indexOf("<tfoot"));
    expect(/<th[^>]*>([^<]+)<\/th>/.exec(foot)?.[1]).toBe(totals);
  });

  it("says nothing was wasted when no request failed or was retried", () => {
    expect(text(draw(0))).toBe("No 5XX and no retries in the last 2 days: nothing wasted.");
  });
});
