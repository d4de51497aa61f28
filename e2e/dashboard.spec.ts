import { expect, test } from "@playwright/test";
import { hydrated, stateOf } from "./roles";

test.use({ storageState: stateOf("viewer") });

test.describe("dashboard on the demo account", () => {
  test("shows the three applications with their cost, and the demo badge", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Applications", level: 1 })).toBeVisible();
    await expect(page.getByText("Demo data")).toBeVisible();
    const table = page.getByRole("table");
    for (const name of ["Storefront", "Fulfilment", "Platform"]) {
      await expect(table.getByRole("link", { name })).toBeVisible();
    }
    // Each row carries a dollar figure and a cost per million requests.
    const storefront = table.getByRole("row").filter({ has: page.getByRole("link", { name: "Storefront" }) });
    await expect(storefront.getByRole("cell").nth(1)).toHaveText(/^\$[\d,]+\.\d\d$/);
    await expect(storefront.getByRole("cell").nth(4)).toHaveText(/^\$\d+\.\d\d$/);
    await expect(page.locator(".kpi").filter({ hasText: "Tag coverage" }).locator(".value")).toHaveText(/^\d+\.\d\u00a0%$/);
    await expect(page.getByRole("img", { name: /Daily cost stacked by/ })).toBeVisible();
  });

  test("changes the date range through the presets and the custom form, and keeps it in the URL", async ({ page }) => {
    await page.goto("/");
    const totalCard = page.locator(".kpi").filter({ hasText: "Total cost" });
    const total30 = await totalCard.locator(".value").textContent();

    await page.getByRole("link", { name: "7 days" }).click();
    await expect(page).toHaveURL(/\?range=7$/);
    await expect(page.getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "true");
    await expect(totalCard.locator(".value")).not.toHaveText(total30 ?? "");

    const form = page.getByRole("form", { name: "Custom date range" });
    const from = await form.getByLabel("From", { exact: true }).inputValue();
    const to = await form.getByLabel("To", { exact: true }).inputValue();
    await form.getByLabel("From", { exact: true }).fill(shiftDay(to, -13));
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`from=${shiftDay(to, -13)}&to=${to}`));
    expect(from).not.toBe(shiftDay(to, -13));

    // The range travels with the link into an application.
    await page.getByRole("link", { name: "Storefront" }).click();
    await expect(page).toHaveURL(new RegExp(`/applications/storefront\\?from=${shiftDay(to, -13)}&to=${to}`));
  });

  test("opens storefront and lists its six services with a chart of daily cost", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Storefront" }).click();
    await expect(page.getByRole("heading", { name: "Storefront", level: 1 })).toBeVisible();
    const services = page.getByRole("table", { name: "Services" });
    for (const name of ["catalog", "checkout", "payments", "recommendations", "search", "web"]) {
      await expect(services.getByRole("rowheader", { name })).toBeVisible();
    }
    await expect(page.getByText(/is the shared pool split between the services/)).toBeVisible();
    await expect(page.getByRole("img", { name: /Daily cost of Storefront stacked by .*, with requests/ })).toBeVisible();
    // A bar of the chart answers hovering with a tooltip in dollars and requests.
    await page.locator(".recharts-bar-rectangle").first().hover();
    await expect(page.locator(".tooltip")).toContainText("Total");
    await expect(page.locator(".tooltip")).toContainText("Requests");
  });

  test("gives each service one colour, in both charts and in the table", async ({ page }) => {
    await page.goto("/applications/storefront");
    const services = ["catalog", "checkout", "payments", "recommendations", "search", "web"];
    // The table's swatches, as the browser paints them.
    const table = page.getByRole("table", { name: "Services" });
    const inTable: Record<string, string> = {};
    for (const name of services) {
      inTable[name] = await table.getByRole("rowheader", { name }).locator(".swatch").evaluate((el) => getComputedStyle(el).backgroundColor);
    }
    expect(new Set(Object.values(inTable)).size).toBe(services.length);
    for (const title of ["Daily cost by service, and requests", "Cost per 1M requests by service"]) {
      const legend = page.locator(".card", { has: page.getByRole("heading", { name: title }) }).locator(".recharts-legend-item");
      await expect(legend.filter({ hasText: "web" })).toHaveCount(1);
      // Each legend swatch painted as a colour the browser resolves (a bar's fill, a line's stroke).
      const inChart = await legend.evaluateAll((items) =>
        Object.fromEntries(
          items.map((item) => {
            const path = item.querySelector("path");
            const style = path ? getComputedStyle(path) : null;
            return [item.textContent?.trim() ?? "", style ? (style.fill !== "none" ? style.fill : style.stroke) : ""];
          }),
        ),
      );
      for (const name of services) expect(inChart[name], `${name} in "${title}"`).toBe(inTable[name]);
    }
  });

  // AWS allows tag values of 256 characters; the demo's service names are short, so the journey
  // gives one a long name in the page itself and looks at how the table lays it out.
  for (const { width, height } of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    test(`wraps a long service name in its table at ${width} px rather than pushing the figures out of the card`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto("/applications/storefront");
      const table = page.getByRole("table", { name: "Services" });
      const name = table.getByRole("rowheader", { name: "checkout" });
      await hydrated(name.locator("a"));
      // Measured in one go, in the page: a chart above that settles between two separate reads
      // would move the table down the page and the swatch against the name's earlier position.
      const { oneLine, box, swatch } = await name.evaluate((cell) => {
        const a = cell.querySelector("a")!;
        const before = a.getBoundingClientRect().height;
        a.textContent = "checkout-payment-authorization-and-capture-gateway-v2";
        const after = a.getBoundingClientRect();
        return { oneLine: before, box: { top: after.top, height: after.height }, swatch: { top: cell.querySelector(".swatch")!.getBoundingClientRect().top } };
      });
      expect(box.height, "the name wraps").toBeGreaterThan(oneLine * 1.5);
      // Beside it, the swatch stays on the name's first line.
      expect(swatch.top).toBeLessThan(box.top + oneLine);
      // Every column, the last one included, within the card: nothing to scroll to. On a phone
      // each row is a card of its own, its figures under its name, the column buttons above.
      expect(await table.evaluate((t) => (t.parentElement as HTMLElement).scrollWidth - (t.parentElement as HTMLElement).clientWidth)).toBe(0);
      if (width < 600) {
        const row = table.getByRole("row").filter({ hasText: "checkout-payment-authorization" });
        for (const figure of [row.locator("td[data-label='Cost']"), row.locator("td[data-label='5XX']")]) {
          const at = (await figure.boundingBox())!;
          expect(at.x >= 0 && at.x + at.width <= width, "the row's figures are on the screen").toBe(true);
        }
        await table.getByRole("button", { name: "Requests", exact: true }).click();
        await expect(table.getByRole("columnheader", { name: "Requests" })).toHaveAttribute("aria-sort", "descending");
      }
    });
  }

  test("explains a date range it cannot show", async ({ page }) => {
    await page.goto("/?from=2026-11-10&to=2026-11-01");
    await expect(page.getByRole("alert").filter({ hasText: "cannot be shown" })).toContainText("'from' (2026-11-10) is after 'to' (2026-11-01)");
    // The range picker stays, to pick another range at once.
    await expect(page.getByRole("link", { name: "7 days" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Custom date range" })).toBeVisible();
    await page.getByRole("link", { name: "Show the last 30 days" }).click();
    await expect(page.getByRole("table")).toBeVisible();
  });

  test("says there is nothing to compare a range before the history with, rather than $0.00", async ({ page }) => {
    await page.goto("/?from=2020-01-01&to=2020-01-31");
    const total = page.locator(".kpi").filter({ hasText: "Total cost" });
    await expect(total.locator(".value")).toHaveText("–");
    await expect(total).toContainText(/no cost data in this range; the history starts \d+ \w+ \d{4}/);
    await expect(total).not.toContainText("$0.00");
  });

  test("says so when an application does not exist", async ({ page }) => {
    const response = await page.goto("/applications/does-not-exist");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });

  test("lists unallocated cost and the resources that match no rule", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Unallocated" }).click();
    await expect(page.getByRole("heading", { name: "Unallocated cost", level: 1 })).toBeVisible();
    for (const name of ["bastion", "legacy-exports", "ml-experiments", "nat-shared"]) {
      await expect(page.getByRole("cell", { name: new RegExp(`^${name}`) })).toBeVisible();
    }
    await expect(page.getByText("no tags")).toBeVisible();
    // The costliest first (the demo's NAT gateway), and all four shown: nothing to say about a cut.
    const card = page.locator(".card", { has: page.getByRole("heading", { name: "Resources that match no rule" }) });
    await expect(card.locator("tbody tr").first()).toContainText("nat-shared");
    await expect(card).toContainText("4 resources");
    await expect(page.getByTestId("resource-cut")).toHaveCount(0);
  });

  test("answers the health check", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
