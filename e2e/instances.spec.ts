// Two instances on one database: a switch changed through one is served by the other's
// OFREP once its snapshot refreshes (every 2 s by default), with no message between them.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { stateOf } from "./roles";

const OTHER_PORT = 3301;
let other: ChildProcess | null = null;

test.afterAll(() => {
  if (other?.pid) {
    try {
      process.kill(-other.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
});

test.use({ storageState: stateOf("admin") });

test("a switch flipped through one instance is served by another instance's OFREP", async ({ page, request }) => {
  // Starting a second server takes a while on a busy machine: no tight limit here.
  test.setTimeout(300_000);
  const env = { ...process.env, PORT: String(OTHER_PORT), DATABASE_URL: "file:./data/e2e.db", FRUGAL_SCHEDULER: "off", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" as const };
  other = spawn(process.execPath, [".next/frugal-server.mjs"], { detached: true, stdio: "ignore", env });
  const output = execFileSync("node_modules/.bin/tsx", ["scripts/frugal.ts", "token", "create", "--app", "fulfilment", "--scope", "flags", "--name", "shipping-service"], { env: { ...process.env, DATABASE_URL: "file:./data/e2e.db" } }).toString();
  const token = output.trim().split("\n").at(-1) as string;
  const evaluate = async () => {
    const answer = await request.post(`http://localhost:${OTHER_PORT}/ofrep/v1/evaluate/flags/shipping.quotes`, { headers: { Authorization: `Bearer ${token}` }, data: { context: { targetingKey: "shopper-1" } } }).catch(() => null);
    return answer?.ok() ? ((await answer.json()) as { value: boolean }).value : null;
  };
  await expect.poll(evaluate, { timeout: 240_000, intervals: [1_000] }).toBe(true);

  // Through this instance's dashboard (port 3100): shipping quotes off.
  await page.goto("/applications/fulfilment/tiers");
  await page.getByTestId("feature-shipping.quotes").getByRole("button", { name: /Switch/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: "Off" }).check();
  await dialog.getByLabel(/Why\?/).fill("carrier API outage: stop asking for quotes");
  await dialog.getByRole("button", { name: "Confirm change" }).click();
  await expect(dialog).toBeHidden();

  // The other instance heard nothing from this one; it reads the database on its own.
  await expect.poll(evaluate, { timeout: 15_000, intervals: [250] }).toBe(false);
});
