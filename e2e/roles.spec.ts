import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { stateOf } from "./roles";

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });
const tabs = (page: Page) => page.getByRole("navigation", { name: "Application sections" });

test.describe("a viewer", () => {
  test.use({ storageState: stateOf("viewer") });

  test("reads the dashboards and nothing more", async ({ page }) => {
    await page.goto("/");
    await expect(nav(page).getByRole("link", { name: "Applications" })).toBeVisible();
    await expect(nav(page).getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(nav(page).getByRole("link", { name: "Audit log" })).toHaveCount(0);

    await page.goto("/applications/storefront");
    await expect(tabs(page).getByRole("link", { name: "API tokens" })).toHaveCount(0);

    await page.goto("/tag-rules");
    await expect(page.getByRole("table")).toContainText("awsApplication=storefront");
    await expect(page.getByRole("form", { name: "Add a tag rule" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Sync now" })).toHaveCount(0);

    for (const path of ["/admin/users", "/admin/audit", "/applications/storefront/tokens"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "You may not see this page" })).toBeVisible();
    }
  });
});

test.describe("an engineer", () => {
  test.use({ storageState: stateOf("engineer") });

  test("edits tag rules and syncs, but manages no tokens or users", async ({ page }) => {
    await page.goto("/tag-rules");
    const form = page.getByRole("form", { name: "Add a tag rule" });
    await form.getByLabel("Application").selectOption({ label: "Platform" });
    await form.getByLabel("Tag key").fill("cost-center");
    await form.getByLabel("Value").fill("*");
    await form.getByRole("button", { name: "Add rule" }).click();
    await expect(form.getByRole("status")).toContainText("Added rule cost-center=* for Platform");
    await expect(page.getByRole("table")).toContainText("cost-center=*");

    // A bad key is refused with the reason, beside the field.
    await form.getByLabel("Application").selectOption({ label: "Platform" });
    await form.getByLabel("Tag key").fill("bad key!");
    await form.getByLabel("Value").fill("x");
    await form.getByRole("button", { name: "Add rule" }).click();
    await expect(form.getByText("Tag keys may hold letters, digits, spaces and + - = . _ : / @")).toBeVisible();

    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Remove cost-center=*" }).click();
    await expect(page.getByRole("table")).not.toContainText("cost-center=*");

    await page.getByRole("button", { name: "Sync now" }).click();
    await expect(page.getByText(/Synced in \d+\.\d s/)).toBeVisible();
    // The worker ran it; the dashboard only asked and waited.
    const sqlite = new Database("data/e2e.db", { readonly: true });
    try {
      const manual = sqlite.prepare("SELECT runner FROM SyncRun WHERE trigger = 'manual' ORDER BY id DESC LIMIT 1").get() as { runner: string };
      expect(manual.runner).toMatch(/^worker@/);
    } finally {
      sqlite.close();
    }

    await page.goto("/applications/storefront");
    await expect(tabs(page).getByRole("link", { name: "API tokens" })).toHaveCount(0);
    expect((await page.goto("/admin/users"))?.status()).toBe(403);
  });
});

test.describe("the owner of storefront", () => {
  test.use({ storageState: stateOf("owner") });

  test("creates a token for storefront, sees it once, and it works; fulfilment is not theirs", async ({ page, request }) => {
    await page.goto("/applications/storefront");
    await tabs(page).getByRole("link", { name: "API tokens" }).click();
    await page.getByRole("textbox", { name: "Name" }).fill("e2e-reader");
    await page.getByLabel("Scope").selectOption("read");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
    expect(token).toMatch(/^frg_/);

    const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ kind: "token", scope: "read" });

    await page.reload();
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    const row = page.getByRole("row").filter({ hasText: "e2e-reader" });
    await expect(row).toContainText(token.slice(0, 12));
    page.once("dialog", (dialog) => dialog.accept());
    await row.getByRole("button", { name: "Revoke e2e-reader" }).click();
    await expect(row).toContainText("revoked");
    expect((await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);

    await page.goto("/applications/fulfilment");
    await expect(tabs(page).getByRole("link", { name: "API tokens" })).toHaveCount(0);
    expect((await page.goto("/applications/fulfilment/tokens"))?.status()).toBe(403);
  });
});

test.describe("an admin", () => {
  test.use({ storageState: stateOf("admin") });

  test("manages users and reads the audit log", async ({ page }) => {
    await page.goto("/");
    await nav(page).getByRole("link", { name: "Users" }).click();
    const form = page.getByRole("form", { name: "Create a user" });
    await form.getByLabel("E-mail").fill("finance.lead@example.com");
    await form.getByLabel("Name").fill("Fin Lead");
    await form.getByLabel("Role").selectOption("viewer");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByRole("status")).toContainText("Created finance.lead@example.com");

    const row = page.getByRole("row").filter({ hasText: "finance.lead@example.com" });
    await row.getByLabel("Role of finance.lead@example.com").selectOption("owner");
    await row.getByLabel("Fulfilment").check();
    await row.getByRole("button", { name: "Save finance.lead@example.com" }).click();
    await expect(row.getByRole("status")).toContainText("owner, owner of Fulfilment");

    await nav(page).getByRole("link", { name: "Audit log" }).click();
    await page.getByLabel("Actor contains").fill("admin@demo.frugal.dev");
    await page.getByRole("button", { name: "Filter" }).click();
    const log = page.getByRole("table");
    // Filter navigates on the client: wait for the filtered page before reading its count, as the
    // unfiltered one also lists these actions (and counts every entry).
    await expect(page).toHaveURL(/actor=admin/);
    await expect(log.locator("tbody tr").filter({ hasNotText: "admin@demo.frugal.dev" })).toHaveCount(0);
    await expect(log).toContainText("user.created");
    await expect(log).toContainText("user.role_changed");
    await expect(log).toContainText("user.ownership_changed");
    // The count beside the export is of every matching entry; a page shows the newest 50 of them.
    const matching = Number((await page.getByText(/^[\d,]+ entr(y matches|ies match)$/).textContent())?.replace(/\D+/g, ""));
    expect(matching).toBeGreaterThanOrEqual(3);
    await expect(log.locator("tbody tr")).toHaveCount(Math.min(matching, 50));
    // Its export holds every one of them, not only the page's.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    const lines = fs.readFileSync((await download.path()) as string, "utf8").trim().split("\r\n");
    expect(lines[0]).toBe("at,actorType,actor,action,object,application,change,reason,ip");
    expect(lines).toHaveLength(matching + 1);
    expect(lines.slice(1).every((line) => line.split(",")[2] === "admin@demo.frugal.dev")).toBe(true);
    await page.getByLabel("Action").selectOption("auth.sign_in");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(log.getByRole("row")).not.toHaveCount(1);
    await expect(log).not.toContainText("user.created");
    // A sign-in names its client's own address, written short: the journeys' browser is on this machine.
    await expect(log.locator("tbody tr").first().locator("td[data-label=IP]")).toHaveText(/^(::1|127\.0\.0\.1)$/);
  });

  test("is told on the settings page when no process schedules the jobs", async ({ page }) => {
    // The journeys' server runs with FRUGAL_SCHEDULER=off (playwright.config.ts): nothing reports in.
    await page.goto("/settings/accounts");
    const jobs = page.locator("#jobs");
    await expect(jobs).toContainText("No process has scheduled the jobs in the last minute");
    await expect(jobs).toContainText("This instance runs with FRUGAL_SCHEDULER=off.");
    await expect(jobs.getByRole("table", { name: "Worker processes" })).toHaveCount(0);
    await expect(jobs).toContainText("No job is running.");
  });
});
