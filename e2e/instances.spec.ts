// Two instances on one database: a switch changed through one is served by the other's
// OFREP once its snapshot refreshes (every 2 s by default), with no message between them.
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { flagsToken } from "./cli";
import { stateOf } from "./roles";

const OTHER_PORT = 3301;
const OFREP_PORT = 3302;
const others: ChildProcess[] = [];

test.afterAll(() => {
  for (const other of others) {
    try {
      if (other.pid) process.kill(-other.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
});

/** Another instance of the production server on the journeys' database. */
function startInstance(port: number, extra: Record<string, string> = {}): void {
  const env = { ...process.env, PORT: String(port), DATABASE_URL: "file:./data/e2e.db", FRUGAL_SCHEDULER: "off", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" as const, ...extra };
  others.push(spawn(process.execPath, [".next/frugal-server.mjs"], { detached: true, stdio: "ignore", env }));
}

test.use({ storageState: stateOf("admin") });

test("a switch flipped through one instance is served by another instance's OFREP", async ({ page, request }) => {
  // Starting a second server takes a while on a busy machine: no tight limit here.
  test.setTimeout(300_000);
  startInstance(OTHER_PORT);
  const token = flagsToken("fulfilment", "shipping-service");
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

test("an OFREP-only instance (FRUGAL_ROLE=ofrep) serves the switches, says when it is ready, and sends pages elsewhere", async ({ request }) => {
  test.setTimeout(300_000);
  startInstance(OFREP_PORT, { FRUGAL_ROLE: "ofrep" });
  const token = flagsToken("storefront", "recommendations-service");
  const base = `http://localhost:${OFREP_PORT}`;
  await expect.poll(async () => (await request.get(`${base}/api/ready`).catch(() => null))?.status() ?? null, { timeout: 240_000, intervals: [500] }).toBe(200);
  expect(await (await request.get(`${base}/api/ready`)).json()).toMatchObject({ status: "ready", role: "ofrep", snapshot: { loaded: true, stale: false } });

  const answer = await request.post(`${base}/ofrep/v1/evaluate/flags/recommendations.enabled`, { headers: { Authorization: `Bearer ${token}` }, data: { context: { targetingKey: "shopper-1" } } });
  expect(answer.status()).toBe(200);
  expect(await answer.json()).toMatchObject({ key: "recommendations.enabled", value: expect.any(Boolean) });

  // No dashboard behind it: a page or an API call is answered with where to go, not proxied or left hanging.
  for (const path of ["/applications/storefront", "/api/v1/applications"]) {
    const page = await request.get(`${base}${path}`, { maxRedirects: 0 });
    expect(page.status(), path).toBe(404);
    expect((await page.json()).error.message).toContain("FRUGAL_ROLE=web or all");
  }
});
