import { expect, test } from "@playwright/test";
import { OFREPProvider } from "@openfeature/ofrep-provider";
import { OpenFeature } from "@openfeature/server-sdk";
import { stateOf } from "./roles";

// The demo's creeping recommendations cost breaches storefront's cost-per-1M limit,
// so a fresh start has a live proposal to throttle recommendations (tier 3).
test("a viewer sees the proposal but cannot act; an owner applies it and a service sees the switch move", async ({ browser, baseURL }) => {
  const viewer = await browser.newPage({ storageState: stateOf("viewer") });
  await viewer.goto("/applications/storefront/tiers");
  // The cost proposal; the demo's overload in cell-b adds a load-shedding one beside it.
  const viewerProposal = viewer.getByTestId("proposal").filter({ hasText: "· cost ·" });
  await expect(viewerProposal).toContainText("Throttle Recommendations");
  await expect(viewerProposal).toContainText(/Saves \$[\d,.]+ \/ day/);
  await expect(viewerProposal.getByRole("button", { name: "Apply…" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Switch…" })).toHaveCount(0);
  await expect(viewer.getByText("Owners of this application and admins apply or dismiss proposals.")).toBeVisible();
  await viewer.close();

  const owner = await browser.newPage({ storageState: stateOf("owner") });
  // A service's flags token, made the way an owner would.
  await owner.goto("/applications/storefront/tokens");
  await owner.getByRole("textbox", { name: "Name" }).fill("recommendations-service");
  await owner.getByLabel("Scope").selectOption("flags");
  await owner.getByRole("button", { name: "Create token" }).click();
  const token = (await owner.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^frg_/);

  await OpenFeature.setProviderAndWait("e2e-recommendations", new OFREPProvider({ baseUrl: baseURL as string, headers: { Authorization: `Bearer ${token}` } }));
  const service = OpenFeature.getClient("e2e-recommendations");
  const users = Array.from({ length: 60 }, (_, i) => ({ targetingKey: `shopper-${i}` }));
  const served = async () => (await Promise.all(users.map((u) => service.getBooleanValue("recommendations.enabled", false, u)))).filter(Boolean).length;
  await expect.poll(served, { timeout: 5_000, intervals: [100] }).toBe(users.length);

  await owner.goto("/applications/storefront/tiers");
  const proposal = owner.getByTestId("proposal").filter({ hasText: "· cost ·" });
  // On a phone, Apply and Dismiss go below the text: beside them it had 150 of the card's 330 px, two or three words a line.
  const desk = owner.viewportSize()!;
  await owner.setViewportSize({ width: 390, height: 844 });
  await expect(proposal.getByRole("button", { name: "Apply…" })).toBeVisible();
  // One read in the page, so nothing that settles between reads moves one box against the others.
  const { whole, text, actions } = await proposal.evaluate((card) => {
    const rect = (el: Element) => {
      const { y, width, height } = el.getBoundingClientRect();
      return { y, width, height };
    };
    return { whole: rect(card), text: rect(card.querySelector(".proposal-body")!), actions: rect(card.querySelector(".proposal-actions")!) };
  });
  expect(text.width).toBeGreaterThan(whole.width - 1);
  expect(actions.y).toBeGreaterThanOrEqual(text.y + text.height);
  await owner.setViewportSize(desk);
  // Dismissing asks why; the breached limit then says who dismissed it, until when and why, with Undo.
  await proposal.getByRole("button", { name: "Dismiss the proposal for Recommendations" }).click();
  await proposal.getByLabel("Why dismiss it?").fill("launch week: the spend is expected");
  await proposal.getByRole("button", { name: "Dismiss", exact: true }).click();
  await expect(proposal).toHaveCount(0);
  const quiet = owner.getByTestId("limit-row").getByTestId("quiet-note");
  await expect(quiet).toContainText(/dismissed by owner@demo\.frugal\.dev until tomorrow \d\d:\d\d UTC: .launch week: the spend is expected./);
  await quiet.getByRole("button", { name: /Undo the dismissal/ }).click();
  await expect(owner.getByRole("status").filter({ hasText: "is open again" })).toBeVisible();
  await expect(proposal).toHaveCount(1);
  await expect(quiet).toHaveCount(0);
  await expect(proposal).toContainText(/throttled · (\d+)\u00a0% served/);
  await proposal.getByRole("button", { name: "Apply…" }).click();
  const dialog = owner.getByRole("dialog");
  const impact = dialog.getByTestId("switch-impact");
  // The confirmation names the feature, its tier, its cost per request, what is at risk and the overload state.
  await expect(impact).toContainText("Recommendations");
  await expect(impact).toContainText("Tier 3");
  await expect(impact).toContainText(/Cost per request\s*\$0\.0000\d+/);
  await expect(impact).toContainText(/Requests at risk\s*[\d.]+[KM]? \/ day/);
  await expect(impact).toContainText(/Revenue at risk\s*\$[\d,]+ \/ day/);
  await expect(impact).toContainText("Overload now");
  // Keyboard: the reason field is reachable and required.
  await dialog.getByLabel(/Why\?/).fill("Storefront over its cost per 1M requests limit; agreed with finance");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog).toBeHidden();
  await expect(owner.getByRole("status").filter({ hasText: "Applied: Recommendations changed" })).toBeVisible();

  const row = owner.getByTestId("feature-recommendations.enabled");
  await expect(row.getByTestId("switch-state").first()).toContainText(/throttled · \d+\u00a0% served/);
  await row.getByText(/History \(\d+\)/).click();
  await expect(row).toContainText("owner@demo.frugal.dev");
  await expect(row).toContainText("agreed with finance");
  await expect(proposal).toHaveCount(0);

  // The service sees it within 5 s: some shoppers no longer get recommendations.
  await expect.poll(served, { timeout: 5_000, intervals: [100] }).toBeLessThan(users.length);
  await OpenFeature.close();

  await owner.goto("/limits");
  await expect(owner.getByTestId("limits-proposal").filter({ hasText: "cost limit" })).toHaveCount(0);
  await owner.close();
});
