import AxeBuilder from "@axe-core/playwright";
import { expect } from "@playwright/test";
import { ALL_PAGES, stateOf, withSharedTab } from "./roles";

/** The page-by-page scans share one admin tab at the project's size (see withSharedTab); the other journeys here use `page`. */
const test = withSharedTab("admin", { width: 1360, height: 900 });

// WCAG 2.2 AA as axe-core checks it (contrast, names, keyboard access to scrolling
// regions...), on every page, signed in as the admin who sees every control.
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Each violation as one readable line, so that a failure says what to fix. Axe runs in the page
 * itself (legacy mode): its default runs a part in every frame and joins the parts in a blank page
 * it opens for each scan, which took about 0.8 s of the 1.7 s a scan took. Our pages have no
 * frames, which is all that mode leaves out. Only violations are gathered in full (resultTypes):
 * the nodes that pass, which nothing here reads, cost this file's scans about 6 s to collect and
 * send. `options()` replaces the builder's options, so it comes before `withTags`, which adds to them.
 */
async function violations(page: import("@playwright/test").Page): Promise<string[]> {
  expect(page.frames()).toHaveLength(1);
  const result = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).setLegacyMode().withTags(WCAG).analyze();
  return result.violations.flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id}: ${n.target.join(" ")} — ${(n.failureSummary ?? "").split("\n")[1]?.trim() ?? v.help}`));
}

/**
 * Scanned once the page has drawn everything it will: no loading placeholder left
 * (streamed sections and lazy charts say aria-busy until they arrive) and every chart
 * drawn into its container. Waiting for the network to go quiet instead cost about half
 * a second a page, most of it Next.js prefetching links the scan does not need.
 */
async function rendered(page: import("@playwright/test").Page): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.locator(".recharts-responsive-container:not(:has(svg))")).toHaveCount(0);
}

const BACKGROUND = { light: "rgb(246, 247, 249)", dark: "rgb(15, 18, 22)" };

/** The violations of `path` in a theme, opened in the shared tab once drawn (the body's colour says the theme took). */
async function scanned(tab: import("@playwright/test").Page, path: string, theme: "light" | "dark"): Promise<string[]> {
  await tab.emulateMedia({ colorScheme: theme });
  await tab.goto(path);
  await expect(tab.locator("main h1").first()).toBeVisible();
  await expect(tab.locator("body")).toHaveCSS("background-color", BACKGROUND[theme]);
  await rendered(tab);
  return violations(tab);
}

test.describe("accessibility, signed in", () => {
  test.use({ storageState: stateOf("admin") });
  for (const path of ALL_PAGES) {
    test(`${path} has no WCAG 2.2 AA violations axe can find`, async ({ tab }) => {
      expect(await scanned(tab, path, "light")).toEqual([]);
    });
  }

  test("a chart shows its figures as a table, and back", async ({ page }) => {
    await page.goto("/applications/storefront");
    const card = page.locator(".card", { has: page.getByRole("heading", { name: "Daily cost by service, and requests" }) });
    await card.getByRole("button", { name: "Show as table" }).click();
    const table = card.getByRole("table");
    await expect(table.getByRole("columnheader", { name: "recommendations" })).toBeVisible();
    await expect(table.getByRole("columnheader", { name: "Requests" })).toBeVisible();
    // One row per day of the range (30), each with money in it.
    await expect(table.getByRole("row")).toHaveCount(31);
    await expect(table.getByRole("row").nth(1)).toContainText(/\$[\d,]+\.\d\d/);
    // Today is under way: its requests are so far, not a fall in traffic (the chart draws them dashed).
    await expect(table.getByRole("row").last()).toContainText("(today, so far)");
    await expect(table.getByRole("row").nth(-2)).not.toContainText("so far");
    expect(await violations(page)).toEqual([]);
    await card.getByRole("button", { name: "Show as chart" }).click();
    await expect(card.getByRole("img", { name: /^Daily cost of Storefront/ })).toBeVisible();
    await expect(card.getByText("Requests today so far")).toBeVisible();
    await expect(card.getByRole("table")).toHaveCount(0);
  });
});

test.describe("dark theme", () => {
  test.use({ storageState: stateOf("admin"), colorScheme: "dark" });
  for (const path of ["/", "/applications/storefront", "/applications/storefront/overload", "/applications/storefront/tiers", "/limits", "/admin/audit"]) {
    test(`${path} in dark has no WCAG 2.2 AA violations axe can find`, async ({ tab }) => {
      expect(await scanned(tab, path, "dark")).toEqual([]);
    });
  }

  const background = (page: import("@playwright/test").Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  test("follows the system, and the header's toggle overrides it and is remembered", async ({ page }) => {
    await page.goto("/");
    const dark = await background(page);
    expect(dark).toBe(BACKGROUND.dark);
    // system (dark here) → dark → light → system
    await page.getByRole("button", { name: /^Theme: as the system/ }).click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await page.getByRole("button", { name: /^Theme: dark/ }).click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    expect(await background(page)).toBe(BACKGROUND.light);
    await page.reload();
    // Rendered light by the server from the cookie: no flash of the dark theme.
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    expect(await background(page)).toBe(BACKGROUND.light);
    await page.getByRole("button", { name: /^Theme: light/ }).click();
    await expect(page.locator("html")).not.toHaveAttribute("data-theme", /./);
    expect(await background(page)).toBe(dark);
  });
});

test.describe("accessibility, signed out", () => {
  test("the sign-in page has no WCAG 2.2 AA violations axe can find", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
});
