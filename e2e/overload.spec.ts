import { expect, test } from "@playwright/test";
import { stateOf } from "./roles";

// The demo has an overload in cell-b that began 5 hours ago: the application list
// shows it, the overload page points at the sick cell, and the owner sheds the
// tier-3 feature there only — services in the other cells keep it whole.
test.use({ storageState: stateOf("owner") });

test("from the red badge to the sick cell, and shedding its tier-3 feature in that cell only", async ({ page, request }) => {
  await page.goto("/");
  const storefront = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Storefront", exact: true }) });
  const badge = storefront.getByTestId("overload-badge");
  await expect(badge).toHaveText("overloaded: cell-b");
  const platform = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Platform", exact: true }) });
  await expect(platform.getByTestId("overload-badge")).toHaveCount(0);
  await badge.click();

  await expect(page).toHaveURL(/\/applications\/storefront\/overload/);
  await expect(page.getByRole("heading", { level: 2, name: /Overloaded in cell-b/ })).toBeVisible();
  // The heatmap: checkout is sick in cell-b only; 4XX is shown apart.
  await expect(page.getByTestId("heat-checkout-cell-b")).toHaveClass(/heat-bad/);
  for (const cell of ["cell-a", "cell-c"]) await expect(page.getByTestId(`heat-checkout-${cell}`)).not.toHaveClass(/heat-bad|heat-warn/);
  await expect(page.getByTestId("heat-checkout-cell-b")).toContainText("4XX");
  await expect(page.getByTestId("signal").filter({ hasText: "checkout in cell-b" }).first()).toContainText("overloaded");
  await expect(page.getByTestId("signal").filter({ hasText: "cell-a" })).toHaveCount(0);

  // Picking a square shows that service's latency against throughput.
  await page.getByTestId("heat-recommendations-cell-b").getByRole("link").click();
  await expect(page).toHaveURL(/service=recommendations&cell=cell-b/);
  await expect(page.getByRole("heading", { name: /Latency against throughput · recommendations in cell-b/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /p99 latency and requests per minute of recommendations in cell-b/ })).toBeVisible();
  await expect(page.getByTestId("incident").first()).toBeVisible();
  await expect(page.getByTestId("wasted-recommendations-cell-b")).toContainText(/\$\d/);

  // The proposal: shed Recommendations (tier 3) in cell-b only.
  const proposal = page.getByTestId("load-proposal").filter({ hasText: "Recommendations" });
  await expect(proposal).toContainText("Shed Recommendations (tier 3)");
  await expect(proposal).toContainText("in cell-b only");
  // Why, said once: what recommendations showed, not the heading again.
  await expect(proposal).toContainText(/Because recommendations 5XX [\d.]+\u00a0% of [\d,]+ requests/);
  await expect(proposal).not.toContainText("Shed Recommendations (tier 3) in cell-b:");
  await proposal.getByRole("link", { name: /Review and apply/ }).click();

  await expect(page).toHaveURL(/\/applications\/storefront\/tiers/);
  const onTiers = page.getByTestId("proposal").filter({ hasText: "· overload ·" }).filter({ hasText: "Recommendations" });
  await expect(onTiers).toContainText("in cell-b only");
  await onTiers.getByRole("button", { name: "Apply…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("switch-impact")).toContainText("Tier 3");
  await expect(dialog.getByTestId("switch-impact")).toContainText(/Overload now[\s\S]*cell-b/);
  await dialog.getByLabel(/Why\?/).fill("cell-b is failing checkouts; shed recommendations there first");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Applied: Recommendations changed" })).toBeVisible();

  // A service reads the switch over OFREP with its cell: cell-b sheds, cell-a does not.
  await page.goto("/applications/storefront/tokens");
  await page.getByRole("textbox", { name: "Name" }).fill("recommendations-in-cells");
  await page.getByLabel("Scope").selectOption("flags");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  const served = async (cell: string) => {
    let n = 0;
    for (let i = 0; i < 40; i++) {
      const response = await request.post("/ofrep/v1/evaluate/flags/recommendations.enabled", { headers: { Authorization: `Bearer ${token}` }, data: { context: { targetingKey: `shopper-${i}`, cell } } });
      if ((await response.json()).value === true) n++;
    }
    return n;
  };
  await expect.poll(() => served("cell-b"), { timeout: 5_000, intervals: [200] }).toBeLessThan(40);
  expect(await served("cell-a")).toBe(40);
});

test.describe("an engineer", () => {
  test.use({ storageState: stateOf("engineer") });

  test("finds the thresholds folded below the signals, opens them by keyboard, and a warning level above the overloaded one is refused with nothing saved", async ({ page }) => {
    await page.goto("/applications/storefront/overload");
    const section = page.getByRole("region", { name: "Thresholds" });
    const summary = section.locator("summary");
    await expect(summary).toHaveText("The defaults, judged over the last 15 min · show and change");
    await expect(section.getByRole("button", { name: "Save thresholds" })).toBeHidden();
    await summary.focus();
    await page.keyboard.press("Enter");
    const warning = section.locator("input[name=errorRateWarning]");
    await expect(warning).toHaveValue("1");
    await warning.fill("9");
    await section.getByRole("button", { name: "Save thresholds" }).click();
    await expect(section.getByText("The warning level must not be above the overloaded level.")).toBeVisible();
    await page.reload();
    await expect(summary).toHaveText(/^The defaults,/);
    await summary.click();
    await expect(warning).toHaveValue("1");
  });
});
