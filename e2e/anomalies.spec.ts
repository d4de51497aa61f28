import { expect, test } from "@playwright/test";
import { stateOf } from "./roles";

// The demo plants a creeping cost per request in recommendations, a launch that doubles
// shipping's traffic and a one-day burst in notifications: the first sync finds them.
test("an engineer follows the badge to the anomaly, reads why, and marks it expected", async ({ browser }) => {
  const page = await browser.newPage({ storageState: stateOf("engineer") });
  await page.goto("/");
  const badge = page.getByRole("row", { name: /Storefront/ }).getByTestId("anomaly-badge");
  await expect(badge).toHaveText("1 anomaly");
  await badge.click();
  await expect(page).toHaveURL(/\/anomalies\?app=storefront&state=open$/);
  const creep = page.getByTestId("anomaly").filter({ hasText: "recommendations" });
  await expect(creep).toHaveCount(1);
  await expect(creep).toContainText("cost per 1M requests");
  await expect(creep).toContainText(/since \d+ \w{3}/);
  await expect(creep).toContainText(/own cost \+[\d.]+\u00a0% while requests/);
  await expect(creep.getByRole("img", { name: /recommendations cost per 1M requests over the last \d+ days/ })).toBeVisible();

  // Expected needs a reason; Escape closes the form without saving.
  await creep.getByRole("button", { name: "Mark the anomaly of recommendations (cost per 1M requests) expected" }).click();
  const reason = creep.getByLabel("Why was it expected?");
  await expect(reason).toBeFocused();
  await reason.fill("new ranking model, budgeted");
  await reason.press("Enter");
  await expect(creep).toContainText("Marked expected by engineer@demo.frugal.dev: “new ranking model, budgeted”");
  await expect(creep.getByRole("button", { name: /Mark the anomaly/ })).toHaveCount(0);
  await page.close();

  // The application page shows it, and a viewer may read but not mark.
  const viewer = await browser.newPage({ storageState: stateOf("viewer") });
  await viewer.goto("/applications/storefront");
  const card = viewer.getByRole("region", { name: "Cost anomalies" });
  await expect(card).toContainText("recommendations");
  await expect(card).toContainText("expected");
  await viewer.goto("/anomalies?app=fulfilment");
  const launch = viewer.getByTestId("anomaly").filter({ hasText: "shipping" });
  await expect(launch).toContainText("daily cost");
  await expect(launch).toContainText(/while requests \+[\d.]+\u00a0%/);
  await expect(viewer.getByRole("button", { name: /Mark the anomaly/ })).toHaveCount(0);
  await viewer.close();
});

test("every application's anomalies, open ones first, and a clear note for a slug that does not exist", async ({ browser }) => {
  const page = await browser.newPage({ storageState: stateOf("admin") });
  await page.goto("/anomalies?app=nope");
  // (Next.js's route announcer is an alert too.)
  await expect(page.getByRole("alert").filter({ hasText: "There is no application" })).toContainText("There is no application “nope”: showing every application.");
  const states = await page.getByTestId("anomaly").locator(".badge").first().allTextContents();
  expect(states[0]).toBe("open");
  await expect(page.getByTestId("anomaly").filter({ hasText: "notifications" })).toContainText(/on \d+ \w{3} only/);
  await page.getByRole("link", { name: "Open only" }).click();
  await expect(page.getByTestId("anomaly").filter({ hasText: "notifications" })).toHaveCount(0);
  await page.close();
});
