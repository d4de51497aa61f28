import { expect, test } from "@playwright/test";
import { overflow, stateOf } from "./roles";

// The header at every common screen width, signed in as the admin (the most links): below
// 1200 px its links are behind the Menu button; from 1200 px they sit in one row, and the
// bar still fits the screen, Sign out included. At 1280 px it once ran 63 px off the right
// edge, with "Synced … ago" broken over three lines.
test.use({ storageState: stateOf("admin") });

test("the header fits the screen from a tablet to a wide monitor, and folds into the Menu below 1200 px", async ({ page }) => {
  const signOut = page.getByRole("button", { name: "Sign out" });
  const menu = page.getByRole("button", { name: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main" });
  const header = page.getByRole("banner");
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto("/limits");
  for (const width of [1024, 1199, 1200, 1280, 1366, 1439, 1440, 1536, 1680, 1799, 1800, 1920]) {
    await page.setViewportSize({ width, height: 800 });
    const folded = width < 1200;
    await expect(menu, `${width} px`).toBeVisible({ visible: folded });
    await expect(nav, `${width} px`).toBeVisible({ visible: !folded });
    if (!folded) {
      await expect(signOut, `${width} px`).toBeInViewport({ ratio: 1 });
      await expect(nav.getByRole("link", { name: "Settings" }), `${width} px`).toBeInViewport({ ratio: 1 });
      // One row: the bar keeps its height.
      expect((await header.boundingBox())!.height, `${width} px`).toBe(52);
    }
    expect(await overflow(page), `${width} px`).toBe(0);
  }
});
