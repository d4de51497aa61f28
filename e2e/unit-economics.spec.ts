import fs from "node:fs";
import { expect, test, type Download } from "@playwright/test";
import { stateOf } from "./roles";

const csvOf = async (download: Download) => fs.readFileSync((await download.path()) as string, "utf8").trim().split("\r\n");
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

test.describe("unit economics, as a viewer", () => {
  test.use({ storageState: stateOf("viewer") });

  test("goes from the application list to a service's cost per request, and exports it", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Storefront" }).click();
    await expect(page.getByText("Cost per order", { exact: true })).toBeVisible();
    await expect(page.getByText(/today so far \(estimate\)/)).toBeVisible();

    // The top mover is the service whose cost per request crept up.
    await expect(page.locator(".movers li").first()).toContainText("recommendations");

    // Sort the services by cost per 1M requests, dearest first.
    const services = page.getByRole("table", { name: "Services" });
    await services.getByRole("button", { name: "Cost / 1M req." }).click();
    await expect(services.getByRole("columnheader", { name: /Cost \/ 1M req\./ })).toHaveAttribute("aria-sort", "descending");
    await expect(services.getByRole("rowheader").first()).toHaveText("payments");
    await services.getByRole("button", { name: "Cost / 1M req." }).press("Enter");
    await expect(services.getByRole("rowheader").first()).toHaveText("catalog");

    const [servicesCsv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    const lines = await csvOf(servicesCsv);
    expect(lines[0]).toContain("name,costUsd,ownCostUsd,sharedCostUsd,requestCount,costPerMillionRequestsUsd");
    expect(lines).toHaveLength(7);

    await services.getByRole("link", { name: "recommendations" }).click();
    await expect(page.getByRole("heading", { name: "recommendations", level: 1 })).toBeVisible();
    // Its cost per request creeps up over time, not with its volume: no scale verdict on a poor fit.
    await expect(page.locator(".kpi").filter({ hasText: "Scale" })).toContainText("no clear trend");
    const chart = page.getByRole("img", { name: "Cost per million requests of recommendations per day" });
    await expect(chart).toBeVisible();
    const box = await chart.boundingBox();
    await chart.locator(".recharts-wrapper").hover({ position: { x: (box?.width ?? 400) * 0.8, y: (box?.height ?? 200) / 2 } });
    await expect(page.locator(".tooltip")).toContainText("cost per 1M requests");

    const dayByDay = page.locator(".card", { has: page.getByRole("heading", { name: "Day by day" }) });
    const [daysCsv] = await Promise.all([page.waitForEvent("download"), dayByDay.getByRole("link", { name: "Export CSV" }).click()]);
    const rows = await csvOf(daysCsv);
    expect(rows[0]).toBe("date,costUsd,ownCostUsd,sharedCostUsd,requestCount,costPerMillionRequestsUsd,estimated");
    expect(rows.length).toBe(31);

    // A service with a verdict says, in words, what twice its requests would do to its own cost.
    await page.goto("/applications/storefront/services/checkout");
    await expect(page.locator(".kpi").filter({ hasText: "Scale" })).toContainText(/gets cheaper as it grows\s*twice the requests, \+\d+(\.\d)?\u00a0% own cost/);
  });

  test("lists a service's resources with their cost, the costliest first, and exports them all", async ({ page }) => {
    await page.goto("/applications/storefront/services/recommendations");
    const card = page.locator(".card", { has: page.getByRole("heading", { name: "Resources", exact: true }) });
    const table = card.getByRole("table", { name: "Resources" });
    await expect(table.locator("tbody tr").first()).toBeVisible();
    const names = await table.locator("tbody tr td:first-child").evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent ?? ""));
    const costs = (await table.locator("tbody tr td:last-child").allTextContents()).map((t) => Number(t.replace(/[$,]/g, "")));
    expect(names.length).toBeGreaterThan(1);
    expect(costs.every((c) => Number.isFinite(c) && c > 0)).toBe(true);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    await expect(card).toContainText(`${names.length} resources tagged service=recommendations`);
    // All of them on the page: nothing to say about a cut.
    await expect(card.getByTestId("resource-cut")).toHaveCount(0);

    const [download] = await Promise.all([page.waitForEvent("download"), card.getByRole("link", { name: "Export CSV" }).click()]);
    const rows = await csvOf(download);
    expect(rows[0]).toBe("name,type,cell,region,arn,costUsd");
    expect(rows.slice(1).map((r) => r.split(",")[0]).sort()).toEqual([...names].sort());
  });

  test("shows cost per order against orders, and cannot change the metrics", async ({ page }) => {
    await page.goto("/applications/storefront/metrics?range=30&metric=orders");
    await expect(page.getByRole("img", { name: /Cost per order and orders per day/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "orders", exact: true })).toHaveAttribute("aria-current", "true");
    await expect(page.getByText("Add a business metric")).toHaveCount(0);
    await expect(page.getByLabel(/CSV file/)).toHaveCount(0);
  });
});

test.describe("business metrics, as an engineer", () => {
  test.use({ storageState: stateOf("engineer") });

  test("declares a pushed metric, previews a CSV with a bad row, imports the good rows, and undoes it", async ({ page }) => {
    await page.goto("/applications/storefront/metrics");
    await page.getByText("Add a business metric").click();
    const form = page.getByRole("form", { name: "Add a business metric" });
    await form.getByLabel("Name", { exact: true }).fill("gb_processed");
    await form.getByLabel("Unit", { exact: true }).fill("GB");
    await form.getByRole("button", { name: "Add metric" }).click();
    await expect(form.getByRole("status")).toContainText("Saved gb_processed");
    await expect(page.getByRole("table", { name: "Business metrics" })).toContainText("gb_processed");

    const csv = ["metric,timestamp,value", `gb_processed,${daysAgo(3)},120.5`, `gb_processed,${daysAgo(2)},98`, `gb_processed,not-a-date,5`, `gb_processed,${daysAgo(1)},101`].join("\n");
    await page.getByLabel(/CSV file/).setInputFiles({ name: "gb.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const preview = page.getByRole("table", { name: "First rows of the file" });
    await expect(preview.getByRole("row")).toHaveCount(5);
    await expect(page.getByText("Row 4: timestamp 'not-a-date' is not ISO 8601")).toBeVisible();
    await expect(preview.getByText("ok")).toHaveCount(3);

    await page.getByRole("button", { name: "Import 3 rows" }).click();
    await expect(page.getByText("Imported 3 of 4 rows (3 new, 0 changed, 0 already there); 1 refused.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("table", { name: "Business metrics" }).getByRole("row").filter({ hasText: "gb_processed" })).toContainText("3");

    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Undo this upload" }).click();
    await expect(page.getByText("Undid gb.csv: 3 points put back as they were.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Undone" })).toBeDisabled();
    await page.reload();
    await expect(page.getByText(/3 rows imported, 1 refused; undone/)).toBeVisible();
  });

  test("a first upload: says which metrics take uploads, reports every refused row, declares a metric from the file, and imports once", async ({ page }) => {
    await page.goto("/applications/storefront/metrics");
    await expect(page.getByTestId("upload-targets")).toContainText(/orders.* read from CloudWatch by the sync/);

    const csv = ["metric,timestamp,value", `orders,${daysAgo(3)},12`, `orders,${daysAgo(2)},abc`, `refunds,${daysAgo(3)},4`, `refunds,${daysAgo(2)},5`].join("\n");
    await page.getByLabel(/CSV file/).setInputFiles({ name: "first.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect(page.getByText(/orders \(2 rows\): read from CloudWatch/)).toBeVisible();
    // Every problem of a row, not only the first.
    await expect(page.getByText(/Row 3: metric 'orders' is read from CloudWatch.*; value must be a finite number, not 'abc'/)).toBeVisible();
    await expect(page.getByText(/0 ready to import/)).toBeVisible();

    const declare = page.getByRole("form", { name: "Declare refunds" });
    await declare.getByLabel("Unit").fill("refunds");
    await declare.getByRole("button", { name: "Declare refunds" }).click();
    // The file is read again against the new metric.
    await expect(page.getByText(/2 ready to import/)).toBeVisible();
    await expect(page.getByRole("table", { name: "Business metrics" })).toContainText("refunds");

    await page.getByRole("button", { name: "Import 2 rows" }).click();
    await expect(page.getByText("Imported 2 of 4 rows (2 new, 0 changed, 0 already there); 2 refused.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Imported" })).toBeDisabled();
  });

  test("changes how the shared pool is split, and the services' shares follow", async ({ page, request }) => {
    const shares = async () => {
      const body = await (await request.get("/api/v1/applications/storefront/services?range=30")).json();
      return Object.fromEntries(body.services.map((s: { name: string; sharedCostUsd: number }) => [s.name, s.sharedCostUsd]));
    };
    const before = await shares();
    await page.goto("/applications/storefront/settings");
    await page.getByLabel(/Evenly/).check();
    await page.getByLabel("Why (kept in the audit log)").fill("e2e: try an even split");
    await page.getByRole("button", { name: "Save and re-split" }).click();
    await expect(page.getByText(/Saved. Every stored day was split again/)).toBeVisible();
    const even = await shares();
    expect(Math.abs(even.web - even.payments)).toBeLessThan(0.05 * even.web);
    expect(even.web).not.toBeCloseTo(before.web, 0);

    await page.getByLabel(/By requests/).check();
    await page.getByRole("button", { name: "Save and re-split" }).click();
    await expect(page.getByText(/Saved. Every stored day was split again/)).toBeVisible();
    expect((await shares()).web).toBeCloseTo(before.web, 2);
  });
});
