import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, type Column, type Row } from "./data-table";

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

function draw(rows: Row[], limit?: number, dir: "asc" | "desc" = "desc") {
  const html = renderToStaticMarkup(createElement(DataTable, { columns: COLUMNS, rows, rowKey: "name", initialSort: { key: "cost", dir }, label: "Services", limit }));
  const body = html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
  return {
    names: [...body.matchAll(/<a href="\/s\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]),
    button: /<button type="button" aria-expanded="false">([^<]+)<\/button>/.exec(html)?.[1] ?? null,
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
