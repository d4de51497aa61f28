import { describe, expect, it } from "vitest";
import { focusSeries } from "./overload-focus";

const series = [
  { service: "catalog", cell: "" },
  { service: "checkout", cell: "cell-a" },
  { service: "checkout", cell: "cell-b" },
  { service: "payments", cell: "cell-b" },
];
const s = (service: string, cell: string, state: "ok" | "warning" | "overloaded" | "recovering") => ({ service, cell, state });
const i = (service: string, cell: string, state: "overloaded" | "recovering" | "resolved") => ({ service, cell, state });

describe("the series the overload page's chart shows first", () => {
  it.each([
    ["the one asked for, even when another is worse", { service: "checkout", cell: "cell-a" }, [s("checkout", "cell-b", "overloaded")], [], "checkout/cell-a"],
    ["the worst judged when the one asked for is not a series", { service: "nope", cell: "" }, [s("checkout", "cell-a", "warning"), s("payments", "cell-b", "overloaded")], [], "payments/cell-b"],
    ["a recovering one before a normal one", { service: "", cell: "" }, [s("catalog", "", "ok"), s("checkout", "cell-b", "recovering")], [], "checkout/cell-b"],
    ["the worst judged before an open incident elsewhere", { service: "", cell: "" }, [s("checkout", "cell-a", "warning")], [i("payments", "cell-b", "overloaded")], "checkout/cell-a"],
    ["nothing judged (the metrics stopped): the newest open incident's, not the first series", { service: "", cell: "" }, [], [i("checkout", "cell-b", "resolved"), i("payments", "cell-b", "overloaded"), i("checkout", "cell-a", "overloaded")], "payments/cell-b"],
    ["every status normal: the open incident's", { service: "", cell: "" }, [s("catalog", "", "ok"), s("checkout", "cell-a", "ok")], [i("checkout", "cell-b", "recovering")], "checkout/cell-b"],
    ["every status normal and no open incident: the first judged", { service: "", cell: "" }, [s("checkout", "cell-a", "ok")], [i("payments", "cell-b", "resolved")], "checkout/cell-a"],
    ["nothing judged and no incident: the first series", { service: "", cell: "" }, [], [], "catalog/"],
    ["an incident on a series no longer drawn: the first series", { service: "", cell: "" }, [], [i("gone", "cell-z", "overloaded")], "catalog/"],
  ] as const)("%s", (_name, asked, statuses, incidents, expected) => {
    const chosen = focusSeries(series, asked, statuses, incidents);
    expect(chosen && `${chosen.service}/${chosen.cell}`).toBe(expected);
  });

  it("is undefined where there is no series", () => {
    expect(focusSeries([], { service: "checkout", cell: "cell-b" }, [s("checkout", "cell-b", "overloaded")], [])).toBeUndefined();
  });
});
