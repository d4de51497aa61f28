import { expect, test as setup } from "@playwright/test";
import { ROLES, stateOf } from "./roles";

for (const role of ROLES) {
  setup(`sign in as the demo ${role}`, async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: `Use the ${role} account` }).click();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByLabel(`Role: ${role}`)).toBeVisible();
    await page.context().storageState({ path: stateOf(role) });
  });
}
