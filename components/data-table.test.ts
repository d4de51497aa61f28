import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, matching, type Column, type Row } from "./data-table";

// What the server draws before any script runs: the rows a reader sees first, in the order
// asked for, and the button that shows the rest.
const COLUMNS: Column[] = [
  { key: "name", label: "Service", kind: "text", hrefKey: "href" },
  { key: "cost", label: "Cost", kind: "usd" },
];

function services(n: number): Row[] {
  // Named against their cost so that name order and cost order differ: svc-000 is the cheapest.
  return Array.from({ length: n }, (_, i) => ({ name: `svc-${String(i).padStart(3, "0")}`, href: `/s/${i}`, cost: (i + 1) * 1_000_000 }));
}

function draw(rows: Row[], limit?: number, dir: "asc" | "desc" = "desc", filterLabel?: string, phoneLimit?: number) {
  const html = renderToStaticMarkup(createElement(DataTable, { columns: COLUMNS, rows, rowKey: "name", initialSort: { key: "cost", dir }, label: "Services", limit, filterLabel, phoneLimit }));
  const body = html.slice(html.search(/<tbody[ >]/), html.indexOf("</tbody>"));
  return {
    names: [...body.matchAll(/<a href="\/s\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]),
    /** The rows a phone hides until the button is pressed (app/globals.css hides them below 600 px). */
    pastPhone: [...body.matchAll(/<tr role="row" class="past-phone-limit">.*?<a href="\/s\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]),
    button: /<button type="button" aria-expanded="false">([^<]+)<\/button>/.exec(html)?.[1] ?? null,
    /** The button is for phones only: a wide screen shows every row already. */
    buttonPhoneOnly: /<p class="phone-only"><button/.test(html),
    filter: /<input type="search" aria-label="([^"]+)"/.exec(html)?.[1] ?? null,
  };
}

describe("a table cut to its first rows", () => {
  it.each([
    // [rows, limit, rows drawn, the button's text]
    [200, 50, 50, "Show all 200 rows"],
    [51, 50, 50, "Show all 51 rows"],
    [50, 50, 50, null],
    [3, 50, 3, null],
    [200, undefined, 200, null],
  ])("%i rows, limit %s: %i drawn, button %s", (n, limit, drawn, button) => {
    const table = draw(services(n), limit);
    expect(table.names).toHaveLength(drawn);
    expect(table.button).toBe(button);
  });

  it("keeps the first rows of the whole sorted list, not the first rows as they came", () => {
    const { names } = draw(services(200), 50);
    expect(names[0]).toBe("svc-199");
    expect(names.at(-1)).toBe("svc-150");
    expect(draw(services(200), 50, "asc").names.slice(0, 2)).toEqual(["svc-000", "svc-001"]);
  });

  it("puts rows without a value after every row with one, so they are the ones cut", () => {
    const rows = [{ name: "no-cost", href: "/s/999", cost: null }, ...services(3)];
    expect(draw(rows, 3).names).toEqual(["svc-002", "svc-001", "svc-000"]);
    expect(draw(rows, 3, "asc").names).toEqual(["svc-000", "svc-001", "svc-002"]);
  });
});

describe("a table cut further on a phone, where each row is a card", () => {
  it.each([
    // [rows, limit, phone limit, rows drawn, rows a phone hides, the button's text, the button for phones only]
    [30, 14, 7, 14, 7, "Show all 30 rows", false],
    [15, 14, 7, 14, 7, "Show all 15 rows", false],
    [14, 14, 7, 14, 7, "Show all 14 rows", true],
    [10, 14, 7, 10, 3, "Show all 10 rows", true],
    [8, 14, 7, 8, 1, "Show all 8 rows", true],
    [7, 14, 7, 7, 0, null, false],
    [3, 14, 7, 3, 0, null, false],
    [20, undefined, 7, 20, 13, "Show all 20 rows", true],
  ])("%i rows, limit %s, on a phone %i: %i drawn, %i hidden on a phone, button %s (phones only: %s)", (n, limit, phoneLimit, drawn, hidden, button, phoneOnly) => {
    const table = draw(services(n), limit, "desc", undefined, phoneLimit);
    expect(table.names).toHaveLength(drawn);
    // The rows a phone hides are the last of those drawn, in the table's order.
    expect(table.pastPhone).toEqual(table.names.slice(drawn - hidden));
    expect(table.button).toBe(button);
    expect(table.buttonPhoneOnly).toBe(phoneOnly);
  });
});

describe("finding a row in a cut table", () => {
  it.each([
    // [rows, limit, label, the box drawn]
    [200, 50, "Find a service", "Find a service"],
    [51, 50, "Find a service", "Find a service"],
    // Nothing hidden, nothing to find: no box.
    [50, 50, "Find a service", null],
    [6, 50, "Find a service", null],
    [200, undefined, "Find a service", null],
    [200, 50, undefined, null],
  ])("%i rows, limit %s, label %s: box %s", (n, limit, label, box) => {
    expect(draw(services(n), limit, "desc", label).filter).toBe(box);
  });

  const rows = [{ name: "checkout" }, { name: "Checkout-API" }, { name: "web" }, { name: null }, { name: "payments" }];
  it.each([
    // [typed, rows kept, in their order]
    ["", ["checkout", "Checkout-API", "web", null, "payments"]],
    ["   ", ["checkout", "Checkout-API", "web", null, "payments"]],
    ["check", ["checkout", "Checkout-API"]],
    ["CHECK", ["checkout", "Checkout-API"]],
    ["  api ", ["Checkout-API"]],
    ["out-a", ["Checkout-API"]],
    ["e", ["checkout", "Checkout-API", "web", "payments"]],
    ["null", []],
    ["zzz", []],
  ])("%j keeps %j", (typed, kept) => {
    expect(matching(rows, "name", typed).map((r) => r.name)).toEqual(kept);
  });
});
