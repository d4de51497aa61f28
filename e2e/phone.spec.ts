import { expect, type Locator } from "@playwright/test";
import { ALL_PAGES, hydrated, overflow, stateOf, withSharedTab } from "./roles";

/** The page-by-page checks share one admin tab at the phone's size (see withSharedTab); the other journeys here use `page`. */
const test = withSharedTab("admin", { width: 390, height: 844 });

// A phone: every page fits its width (a table's rows become cards, or the few tables of
// short columns fit), and the navigation is behind a Menu button that the keyboard can use.
test.use({ viewport: { width: 390, height: 844 }, storageState: stateOf("admin") });



/** Each part wholly within the phone's width: on the screen without scrolling sideways. */
async function onScreen(parts: Locator[]) {
  for (const part of parts) {
    const box = await part.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  }
}

test.describe("on a phone, 390 px wide", () => {
  for (const path of ALL_PAGES) {
    test(`${path} has no horizontal scroll`, async ({ tab }) => {
      await tab.goto(path);
      await expect(tab.locator("main h1").first()).toBeVisible();
      expect(await overflow(tab)).toBe(0);
      // A table whose rows become cards keeps its table roles in the markup (see app/globals.css).
      expect(await tab.locator("table.cards-on-phone, table.heatmap").locator(":is(thead, tbody, tfoot, tr, th, td):not([role])").count()).toBe(0);
    });
  }

  test("the pages with headline figures show them two to a row, and fit a 360 px phone too", async ({ page }) => {
    for (const [width, path] of [
      [390, "/"],
      [360, "/"],
      [360, "/applications/storefront"],
      [360, "/applications/storefront/services/checkout"],
      [360, "/applications/storefront/overload"],
    ] as const) {
      await page.setViewportSize({ width, height: 780 });
      await page.goto(path);
      const kpis = page.locator(".kpis").first().locator(".kpi");
      const [first, second, third] = [await kpis.nth(0).boundingBox(), await kpis.nth(1).boundingBox(), await kpis.nth(2).boundingBox()];
      expect(second?.y).toBe(first?.y);
      expect(third?.y).toBeGreaterThan((first?.y ?? 0) + (first?.height ?? 0));
      expect(await overflow(page)).toBe(0);
    }
  });

  test("a feature's and a limit's card pair their figures side by side, and fit a 360 px phone", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto("/applications/storefront/tiers");
    const checkout = page.getByTestId("feature-checkout.enabled");
    const [name, services, sw, cost, perMillion, limits] = await Promise.all(
      ["td:first-child", "td[data-label=Services]", "td[data-label=Switch]", "td[data-label=Cost]", "td[data-label='Cost / 1M requests']", "td[data-label=Limits]"].map((cell) => checkout.locator(cell).boundingBox()),
    );
    // The services' chips on their label's line, the switch beside the cost, the cost per request beside the limits.
    expect(services?.height).toBeLessThan(40);
    expect(services?.y).toBeGreaterThan((name?.y ?? 0) + (name?.height ?? 0) - 1);
    expect(cost?.y).toBe(sw?.y);
    expect(cost?.x).toBeGreaterThan((sw?.x ?? 0) + (sw?.width ?? 0));
    expect(limits?.y).toBe(perMillion?.y);
    expect(perMillion?.y).toBeGreaterThan((sw?.y ?? 0) + (sw?.height ?? 0) - 1);
    const limit = page.getByTestId("limit-row").first();
    const [warning, breached] = await Promise.all([limit.locator("td[data-label='Warning at']").boundingBox(), limit.locator("td[data-label='Breached at']").boundingBox()]);
    expect(breached?.y).toBe(warning?.y);
    expect(await overflow(page)).toBe(0);
  });

  test("Explore's choices go two to a line, the measure across, and fit a 360 px phone", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto("/explore");
    const [group, per, range, compare] = await Promise.all(["Group by", "Per", "Range", "Compare with"].map((name) => page.getByRole("combobox", { name, exact: true }).boundingBox()));
    expect(per?.y).toBe(group?.y);
    expect(compare?.y).toBe(range?.y);
    const measure = await page.getByRole("combobox", { name: "Measure", exact: true }).boundingBox();
    expect(group?.y).toBeGreaterThan((measure?.y ?? 0) + (measure?.height ?? 0));
    expect(measure?.width).toBeGreaterThan((group?.width ?? 0) + (per?.width ?? 0));
    expect(await overflow(page)).toBe(0);
  });

  test("a token made on a phone is listed as a card, its revoke button on the screen", async ({ page }) => {
    await page.goto("/applications/storefront/tokens");
    await page.getByRole("textbox", { name: "Name" }).fill("phone-made-token-long-enough-to-scroll");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByRole("status", { name: "New token" })).toBeVisible();
    await page.reload();
    const row = page.getByRole("row").filter({ hasText: "phone-made-token-long-enough-to-scroll" });
    await expect(row.getByRole("cell", { name: "phone-made-token-long-enough-to-scroll", exact: true })).toBeVisible();
    await onScreen([row.locator("td[data-label=Status]"), row.getByRole("button", { name: /Revoke/ })]);
    expect(await overflow(page)).toBe(0);
  });

  test("applications, tiers, limits, the audit log, tag rules, business metrics and users: each row is a card, its figures and buttons on the screen without scrolling the table", async ({ page }) => {
    await page.goto("/");
    const storefront = page.getByRole("row").filter({ hasText: "The shop customers browse" });
    await onScreen([storefront.locator("td[data-label='Cost / 1M requests']"), storefront.locator("td[data-label=Signals]")]);
    await page.goto("/applications/storefront/tiers");
    const checkout = page.getByTestId("feature-checkout.enabled");
    await onScreen([checkout.locator("td[data-label='Cost / 1M requests']"), checkout.getByRole("button", { name: "Switch…" })]);
    await onScreen([page.getByTestId("limit-row").first().locator("td[data-label='Breached at']")]);
    await page.goto("/limits");
    // Earlier journeys act on the proposals; a limit over its warning level stays.
    const breach = page.getByTestId("limit-breach").first();
    await onScreen([breach.locator("td[data-label='Breached at']"), breach.locator("td[data-label=Status]")]);
    await page.goto("/admin/audit");
    const entry = page.getByRole("row").filter({ hasText: "user.created" }).first();
    const action = entry.locator("td[data-label=Action]");
    const change = entry.locator("td[data-label=Change]");
    await onScreen([action, change]);
    // The action heads the card, on its time's line; the change's parts run on together.
    const [when, what] = [await entry.locator("td").first().boundingBox(), await action.boundingBox()];
    expect(Math.abs((what?.y ?? 0) - (when?.y ?? 1e9))).toBeLessThan(when?.height ?? 0);
    expect(await change.evaluate((td) => getComputedStyle(td.querySelector("div:nth-child(2)") as Element).display)).toBe("inline");
    // Each other figure shows its column's name before it, which a screen reader does not hear
    // twice: it reads the name from the column's header.
    expect(await change.evaluate((td) => getComputedStyle(td, "::before").content)).toContain("Change: ");
    await expect(action).toHaveAccessibleName("user.created");
    await page.goto("/tag-rules");
    const rule = page.getByRole("row").filter({ hasText: "app=fulfilment" });
    await onScreen([rule.locator("td[data-label=Resources]"), rule.getByRole("button", { name: "Remove app=fulfilment" }), rule.getByRole("button", { name: "Move app=fulfilment up" })]);
    await page.goto("/applications/storefront/metrics");
    const metric = page.getByRole("row").filter({ hasText: "revenue_usd" });
    await onScreen([metric.locator("td[data-label='Revenue / unit']"), metric.getByText("Edit", { exact: true })]);
    await page.goto("/admin/users");
    const viewer = page.getByRole("row").filter({ hasText: "viewer@demo.frugal.dev" });
    await onScreen([viewer.getByRole("button", { name: "Save viewer@demo.frugal.dev" }), viewer.getByRole("button", { name: "Reset password of viewer@demo.frugal.dev" }), viewer.getByRole("button", { name: "Remove viewer@demo.frugal.dev" })]);
  });

  test("the 5XX heatmap puts each service's three cells and the fleet on the screen, and is still a table to a screen reader", async ({ page }) => {
    await page.goto("/applications/storefront/overload");
    const heat = page.getByRole("table", { name: /^5XX rate per service and cell/ });
    await expect(heat.getByRole("columnheader", { name: "cell-c" })).toBeVisible();
    await onScreen([heat.getByRole("columnheader", { name: "cell-c" }), heat.getByTestId("heat-recommendations-cell-c"), heat.getByTestId("heat-recommendations-fleet")]);
    // Nothing left to scroll to inside its card.
    expect(await heat.locator("xpath=..").evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)).toBe(0);
    // Each square is still a cell of its service's row, which its name heads.
    const checkout = heat.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "checkout", exact: true }) });
    await checkout.getByRole("cell", { name: /^checkout in cell-b: 5XX/ }).getByRole("link").click();
    await expect(page).toHaveURL(/service=checkout&cell=cell-b/);
    await expect(page.getByRole("heading", { name: /Latency against throughput · checkout in cell-b/ })).toBeVisible();
  });

  test("a CSV file's preview lists each row as a card, its refusal on the screen", async ({ page }) => {
    await page.goto("/applications/storefront/metrics");
    // Previewed, not imported: nothing is written.
    const csv = ["metric,timestamp,value", "orders,2026-01-05T00:00:00Z,12", "orders,not-a-date,abc", "phone_only_metric,2026-01-05T00:00:00Z,3"].join("\n");
    await page.getByLabel(/CSV file/).setInputFiles({ name: "phone.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const preview = page.getByRole("table", { name: "First rows of the file" });
    const bad = preview.getByRole("row").filter({ hasText: "not-a-date" });
    await expect(bad.locator("td[data-label=Status]")).toContainText("value must be a finite number");
    await onScreen([bad.locator("td[data-label=Timestamp]"), bad.locator("td[data-label=Value]"), bad.locator("td[data-label=Status]")]);
    expect(await preview.locator("xpath=..").evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)).toBe(0);
    await expect(page.getByLabel("Metrics the file names that are not declared")).toContainText("phone_only_metric (1 row) is not declared");
  });

  test("a service's day by day shows its first 7 days as cards, and the rest on asking", async ({ page }) => {
    await page.goto("/applications/storefront/services/checkout?range=30");
    const days = page.getByRole("table", { name: "checkout day by day" });
    // The cards a reader sees (the role query leaves out what is hidden), and every row drawn.
    const cards = days.getByRole("row").filter({ has: page.getByRole("rowheader") });
    const drawn = days.locator("tbody > tr");
    await expect(cards.first()).toBeVisible();
    // 14 rows are drawn, as on a wide screen; a phone shows the newest 7.
    await expect(drawn).toHaveCount(14);
    await expect(cards).toHaveCount(7);
    await expect(drawn.nth(7)).toBeHidden();
    const more = page.getByRole("button", { name: /^Show all \d+ rows$/ });
    const total = Number(/\d+/.exec((await more.textContent())!)![0]);
    expect(total).toBeGreaterThan(14);
    await hydrated(more);
    await more.click();
    await expect(cards).toHaveCount(total);
    await expect(drawn.nth(total - 1)).toBeVisible();
    await page.getByRole("button", { name: "Show fewer rows" }).click();
    await expect(cards).toHaveCount(7);
    await expect(drawn).toHaveCount(14);
    expect(await overflow(page)).toBe(0);
  });

  test("what failures cost shows the 3 costliest service-cells and the totals, and the rest on asking", async ({ page }) => {
    await page.goto("/applications/storefront/overload");
    const wasted = page.getByRole("region", { name: "What failures cost" });
    const cards = wasted.locator("tbody").getByRole("row");
    const drawn = wasted.locator("tbody > tr");
    await expect(cards.first()).toBeVisible();
    const count = await drawn.count();
    expect(count).toBeGreaterThan(3);
    await expect(cards).toHaveCount(3);
    // The costliest first, as on a wide screen, and the totals card below them.
    await expect(cards.first()).toHaveAttribute("data-testid", "wasted-recommendations-cell-b");
    await expect(wasted.locator("tfoot").getByRole("row")).toBeVisible();
    const more = wasted.getByRole("button", { name: `Show all ${count} rows` });
    await hydrated(more);
    await more.click();
    await expect(cards).toHaveCount(count);
    await expect(drawn.last()).toBeVisible();
    expect(await overflow(page)).toBe(0);
    await wasted.getByRole("button", { name: "Show fewer rows" }).click();
    await expect(cards).toHaveCount(3);
  });

  test("the navigation opens from the Menu button, by keyboard too, and closes on the page it opens", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu" });
    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
    await nav.getByRole("link", { name: "Limits" }).click();
    await expect(page).toHaveURL(/\/limits$/);
    await expect(nav).toBeHidden();
    expect(await overflow(page)).toBe(0);
  });
});

test("the switch dialog fits a phone: its figures wrap inside it", async ({ page }) => {
  await page.goto("/applications/storefront/tiers");
  await page.getByRole("button", { name: "Switch…" }).last().click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  const inside = await dialog.evaluate((d) => {
    const edge = d.getBoundingClientRect().right;
    return Array.from(d.querySelectorAll("dd, label")).every((el) => el.getBoundingClientRect().right <= edge + 0.5);
  });
  expect(inside).toBe(true);
  await dialog.getByRole("button", { name: "Cancel" }).click();
});

test("an application's name too long for the anomalies filter is cut with an ellipsis, and its title has it whole", async ({ page }) => {
  await page.goto("/anomalies");
  const group = page.getByRole("group", { name: "Application" });
  const link = group.getByRole("link", { name: "Storefront" });
  const long = "Storefront Checkout and Payments Platform (EMEA production)";
  await hydrated(link);
  await link.evaluate((a, name) => (a.textContent = name), long);
  const fits = await link.evaluate((a) => {
    const edge = (a.parentElement as HTMLElement).getBoundingClientRect().right;
    return { inside: a.getBoundingClientRect().right <= edge + 0.5, cut: a.scrollWidth > a.clientWidth, ellipsis: getComputedStyle(a).textOverflow };
  });
  expect(fits).toEqual({ inside: true, cut: true, ellipsis: "ellipsis" });
  await expect(link).toHaveAttribute("title", "Storefront");
  expect(await overflow(page)).toBe(0);
});

test.describe("signed out, on a phone", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page and its demo accounts fit the screen", async ({ page }) => {
    await page.goto("/sign-in");
    const use = page.getByRole("button", { name: "Use the viewer account" });
    await use.scrollIntoViewIfNeeded();
    const box = await use.boundingBox();
    // Wholly on the screen (not cut off at the right edge, as the demo table once was).
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await overflow(page)).toBe(0);
  });
});
