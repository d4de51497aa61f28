import { test as base, expect, type Locator, type Page } from "@playwright/test";

export const ROLES = ["admin", "engineer", "owner", "viewer"] as const;
export type DemoRole = (typeof ROLES)[number];

/** Where the sign-in setup keeps each role's cookies. */
export const stateOf = (role: DemoRole) => `e2e/.auth/${role}.json`;

/** Every page a signed-in admin can open, for the journeys that check them all (phone width, accessibility). */
export const ALL_PAGES = [
  "/",
  "/applications/storefront",
  "/applications/storefront/services/checkout",
  "/applications/storefront/metrics",
  "/applications/storefront/tiers",
  "/applications/storefront/overload",
  "/applications/storefront/tokens",
  "/applications/storefront/settings",
  "/explore",
  "/anomalies",
  "/reports",
  // The demo's weekly report, made first at setup
  "/reports/runs/1",
  "/limits",
  "/unallocated",
  "/tag-rules",
  "/admin/users",
  "/admin/audit",
  "/settings/accounts",
];

/** How far the page is wider than the screen (0: no horizontal scroll). */
export const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Waits until React has hydrated `element` (it then carries React's fiber), for a journey that
 * changes the page's DOM by hand: an edit made before hydration would be undone by it.
 */
export async function hydrated(element: Locator): Promise<void> {
  await expect.poll(() => element.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactFiber")))).toBe(true);
}

/**
 * A `test` whose `tab` is one page signed in as `role`, kept open for every test of the
 * worker, for the journeys that only open a page and look at it (the page-by-page scans).
 * Its cache and compiled scripts carry over from page to page, as in a person's browser:
 * a page then shows in about half the time it takes in the fresh context each test gets
 * (17 pages, measured: 27.4–28.6 s → 14.1–14.2 s). Playwright starts a new worker, and so
 * a new tab, after a failed test. A journey that clicks, types or changes what it shows
 * keeps using `page`.
 */
export function withSharedTab(role: DemoRole, viewport: { width: number; height: number }) {
  return base.extend<object, { tab: Page }>({
    tab: [
      async ({ browser }, use, workerInfo) => {
        const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL, storageState: stateOf(role), viewport });
        await use(await context.newPage());
        await context.close();
      },
      { scope: "worker" },
    ],
  });
}
