import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { stateOf } from "./roles";

test("schedule a report from a preset, send a test, send it now, open the report and download its CSV", async ({ browser }) => {
  // A name of its own: a retried test finds its own schedule, not the first attempt's.
  const name = `Storefront weekly ${Date.now().toString(36)}`;
  const page = await browser.newPage({ storageState: stateOf("engineer") });
  await page.goto("/reports");
  await expect(page.getByRole("heading", { name: "Cost reports" })).toBeVisible();
  // No SMTP server on the test machine: the page says so up front.
  await expect(page.getByRole("note")).toContainText("E-mail is off");

  const form = page.getByRole("form", { name: "New report schedule" });
  await form.getByRole("button", { name: "Weekly for the team" }).click();
  await expect(form.getByLabel("Name")).toHaveValue("Weekly cost report");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Time zone").fill("Europe/Berlin");
  await expect(form.locator("#cron-preview")).toContainText("At 08:00, only on Monday (Europe/Berlin). Next: Mon");
  // An expression that fires too often is refused before anything is sent.
  await form.getByLabel(/When \(cron/).fill("*/5 * * * *");
  await expect(form.locator("#cron-preview")).toContainText("fires more often than hourly");
  await expect(form.getByRole("button", { name: "Save schedule" })).toBeDisabled();
  await form.getByLabel(/When \(cron/).fill("0 8 * * 1");
  await form.getByLabel("Storefront").check();
  await form.getByLabel(/E-mail to/).fill("team@example.com");

  await form.getByRole("button", { name: "Send a test to me" }).click();
  await expect(form.getByRole("status").first()).toContainText(/Made the test report \(“Frugal · Storefront · week \d+ .*\$[\d,]+.*”\) but did not send it\. E-mail is off/);

  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form.getByText(`Scheduled “${name}”`)).toBeVisible();
  const item = page.locator(".schedule-item", { hasText: name });
  await expect(item).toContainText("At 08:00, only on Monday (Europe/Berlin) · last week (Monday to Sunday) · Storefront");

  await item.getByRole("button", { name: `Send now: “${name}”` }).click();
  await expect(item.getByRole("status")).toContainText(/Made the report for week \d+/);
  const runs = page.getByRole("table", { name: "Reports made" });
  const row = runs.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("team@example.com");
  await expect(row).toContainText("skipped");
  await row.getByRole("link", { name: /^week \d+/ }).click();

  await expect(page.getByRole("heading", { name: /^Storefront · week \d+/ })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("recommendations");
  await expect(page.getByText("Daily cost by application")).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^frugal-storefront-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("from,to,application,service,costUsd,previousCostUsd,change,requests,costPer1MUsd,costPer1MChange,costPerUnitUsd,unit");
  expect(csv).toContain(",Storefront,recommendations,");
  await page.close();
});

test("a viewer reads reports but does not schedule or send them", async ({ browser }) => {
  const page = await browser.newPage({ storageState: stateOf("viewer") });
  await page.goto("/reports");
  await expect(page.getByRole("heading", { name: "Cost reports" })).toBeVisible();
  await expect(page.getByRole("form", { name: "New report schedule" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Send now/ })).toHaveCount(0);
  // The demo's own weekly report, made at setup: readable by anyone.
  const row = page.getByRole("table", { name: "Reports made" }).getByRole("row", { name: /Weekly for the team \(demo\)/ });
  await row.getByRole("link", { name: /^week \d+/ }).click();
  await expect(page.getByRole("heading", { name: /^Weekly for the team \(demo\) · week \d+/ })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("Fulfilment");
  await page.close();
});
