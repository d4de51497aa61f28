import { expect, test } from "@playwright/test";
import { stateOf } from "./roles";

test("group by AWS service, drill into one, save the view, and open its link as another user", async ({ browser }) => {
  const page = await browser.newPage({ storageState: stateOf("engineer") });
  await page.goto("/explore");
  await expect(page.getByRole("heading", { name: "Explore" })).toBeVisible();
  await page.getByLabel("Group by").selectOption("awsService");
  // The last 7 days: complete days on any date (on the 1st of a month, month to date has none yet).
  await page.getByLabel("Range").selectOption("7");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/group=awsService/);
  await expect(page).toHaveURL(/range=7/);
  const table = page.getByTestId("explore-table");
  await expect(table).toContainText("Amazon SageMaker");
  await expect(page.getByRole("img", { name: /Cost by AWS service per day/ })).toBeVisible();

  // Into one AWS service: which applications pay for it.
  await table.getByRole("link", { name: "Amazon SageMaker", exact: true }).click();
  // Grouped by application again (the default, so not in the link), with the AWS service as a filter.
  await expect(page).toHaveURL(/f=awsService%3AAmazon\+SageMaker/);
  await expect(page).not.toHaveURL(/group=/);
  await expect(page.getByRole("list", { name: "Filters" })).toContainText("AWS service is Amazon SageMaker");
  await expect(page.getByTestId("explore-table")).toContainText("Storefront");
  const link = page.url();

  await page.getByLabel("Save this view as").fill("Who pays for SageMaker");
  await page.getByRole("button", { name: "Save view" }).click();
  await expect(page.getByRole("status")).toContainText("Saved “Who pays for SageMaker”");
  await page.close();

  const viewer = await browser.newPage({ storageState: stateOf("viewer") });
  await viewer.goto("/explore");
  await viewer.getByRole("link", { name: "Who pays for SageMaker" }).click();
  await expect(viewer.getByRole("list", { name: "Filters" })).toContainText("AWS service is Amazon SageMaker");
  expect(new URL(viewer.url()).search).toBe(new URL(link).search);
  // Only its owner (or an admin) may delete it.
  await expect(viewer.getByRole("button", { name: "Delete the view Who pays for SageMaker" })).toHaveCount(0);
  await viewer.close();
});

test("a view that cannot be shown says why", async ({ browser }) => {
  const page = await browser.newPage({ storageState: stateOf("viewer") });
  await page.goto("/explore?measure=costPerUnit");
  await expect(page.getByText("Cost per business unit is per application")).toBeVisible();
  await page.close();
});

test("a bar of the daily-cost charts opens its day in Explore", async ({ browser }) => {
  const page = await browser.newPage({ storageState: stateOf("viewer") });
  await page.goto("/applications/storefront");
  const bars = page.locator(".recharts-bar-rectangle");
  await bars.nth(3).click();
  await expect(page).toHaveURL(/\/explore\?group=service&compare=none&from=(\d{4}-\d\d-\d\d)&to=\1&f=application%3Astorefront$/);
  await expect(page.getByTestId("explore-table")).toContainText("recommendations · Storefront");
  await page.close();
});

test("group by an explored tag and by region, drill into a cost center; an admin sees what another tag key costs before saving it", async ({ browser }) => {
  const page = await browser.newPage({ storageState: stateOf("engineer") });
  await page.goto("/explore");
  await page.getByLabel("Group by").selectOption({ label: "Tag: cost-center" });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/group=tag%3Acost-center/);
  const table = page.getByTestId("explore-table");
  for (const center of ["commerce", "payments", "discovery", "operations", "platform"]) await expect(table.getByRole("link", { name: center, exact: true })).toBeVisible();
  await table.getByRole("link", { name: "payments", exact: true }).click();
  await expect(page.getByRole("list", { name: "Filters" })).toContainText("Tag: cost-center is payments");
  await expect(page.getByTestId("explore-table")).toContainText("Storefront");
  await expect(page.getByTestId("explore-table")).not.toContainText("Fulfilment");

  // One breakdown at a time: grouping the filtered view by region says why it cannot.
  await page.goto("/explore?group=region&range=7");
  await expect(page.getByTestId("explore-table")).toContainText("us-west-2");
  await page.goto("/explore?group=region&f=tag%3Acost-center%3Apayments");
  await expect(page.getByText("Region and the tag cost-center cannot be combined")).toBeVisible();
  await page.close();

  const admin = await browser.newPage({ storageState: stateOf("admin") });
  await admin.goto("/settings/accounts");
  const keys = admin.getByLabel(/Tag keys/);
  await expect(keys).toHaveValue("cost-center");
  await keys.fill("cost-center, aws:createdBy");
  await expect(admin.getByTestId("explored-tags-preview")).toContainText("AWS-generated keys");
  await expect(admin.getByRole("button", { name: "Save tag keys" })).toBeDisabled();
  // The demo's rules sit on three keys: each explored key is three more queries a cost read.
  await keys.fill("cost-center, team");
  await expect(admin.getByTestId("explored-tags-preview")).toContainText("3 more Cost Explorer queries each time the sync reads cost");
  await admin.getByRole("button", { name: "Save tag keys" }).click();
  await expect(admin.getByRole("status")).toContainText("Exploring team");
  await admin.goto("/explore");
  await expect(admin.getByLabel("Group by").locator("option", { hasText: "Tag: team" })).toHaveCount(1);
  // Back as it was, for the other journeys.
  await admin.goto("/settings/accounts");
  await admin.getByLabel(/Tag keys/).fill("cost-center");
  await admin.getByRole("button", { name: "Save tag keys" }).click();
  await expect(admin.getByRole("status")).toContainText("No longer exploring team");
  await admin.close();
});

test("an admin sets a budget on a tag value, sees its projection against it, and opens it in Explore", async ({ browser }) => {
  const admin = await browser.newPage({ storageState: stateOf("admin") });
  await admin.goto("/settings/accounts");
  const form = admin.getByRole("form", { name: "Set a tag value's budget" });
  await form.getByLabel("Tag key").selectOption("cost-center");
  await form.getByLabel("Value").fill("discovery");
  await form.getByLabel("Monthly budget (USD)").fill("100");
  await form.getByRole("button", { name: "Set budget" }).click();
  await expect(form.getByRole("status")).toContainText("Budget for cost-center = discovery: $100 a month.");
  const item = admin.getByRole("listitem", { name: "Budget for cost-center = discovery" });
  await expect(item.getByTestId("budget-status")).toContainText(/Budget \$100: over the budget by \$[\d,]+/);
  // Spent "$0.00" on the 1st of a month, "$1,234" later.
  await expect(item.getByRole("img", { name: /Spent \$[\d,.]+, projected \$[\d,]+ .*budget \$100/ })).toBeVisible();

  await item.getByRole("link", { name: "cost-center = discovery" }).click();
  await expect(admin).toHaveURL(/range=mtd/);
  await expect(admin.getByRole("list", { name: "Filters" })).toContainText("Tag: cost-center is discovery");
  await expect(admin.getByTestId("budget-status")).toContainText("Budget $100: over the budget");

  await admin.goto("/settings/accounts");
  await admin.getByRole("button", { name: "Remove the budget for cost-center = discovery" }).click();
  await expect(admin.getByRole("listitem", { name: "Budget for cost-center = discovery" })).toHaveCount(0);
  await admin.close();
});
