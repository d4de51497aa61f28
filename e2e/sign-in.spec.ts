import { expect, test } from "@playwright/test";

test.describe("signing in", () => {
  test("sends a visitor without a session to the sign-in page, and back after signing in", async ({ page }) => {
    await page.goto("/applications/storefront?range=7");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fapplications%2Fstorefront%3Frange%3D7$/);
    await expect(page.getByRole("heading", { name: "Sign in to Frugal" })).toBeVisible();
    // The demo shows its accounts, one per role.
    for (const role of ["admin", "engineer", "owner", "viewer"]) await expect(page.getByRole("button", { name: `Use the ${role} account` })).toBeVisible();

    await page.getByLabel("E-mail").fill("viewer@demo.frugal.dev");
    await page.getByLabel("Password").fill("frugal-demo-viewer");
    await page.getByLabel("Password").press("Enter");
    await expect(page).toHaveURL(/\/applications\/storefront\?range=7$/);
    await expect(page.getByRole("heading", { name: "Storefront", level: 1 })).toBeVisible();
  });

  test("says so when the password is wrong, and changes nothing", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill("viewer@demo.frugal.dev");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong e-mail or password.");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("signs out", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Use the engineer account" }).click();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByLabel("Role: engineer")).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("the API answers 401 without credentials, with a JSON reason", async ({ request }) => {
    const response = await request.get("/api/v1/me");
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe("UNAUTHORIZED");
  });

  test("pages carry a Content-Security-Policy and the app runs under it", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto("/sign-in");
    const headers = response?.headers() ?? {};
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    await page.getByRole("button", { name: "Use the viewer account" }).click();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("link", { name: "Storefront" }).click();
    await page.locator(".recharts-bar-rectangle").first().hover();
    expect(violations).toEqual([]);
  });
});
