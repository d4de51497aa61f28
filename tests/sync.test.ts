import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addDays, toDay } from "../lib/domain/day";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { setAllocationStrategy } from "../lib/data/application-settings";
import { runSync } from "../lib/jobs/sync";
import { leaseName } from "../lib/jobs/lease";
import { syncAccount } from "../lib/jobs/sync-account";
import { syncInventory } from "../lib/jobs/sync-inventory";
import { DemoSource } from "../lib/sources/demo/demo-source";
import type { Source } from "../lib/sources/types";
import { createTestDb, type TestDb } from "./test-db";

const NOW = new Date("2026-11-26T14:00:00Z");
const demo = (now = NOW) => new DemoSource({ seed: 42, now: () => now });

let t: TestDb;
let accountId: number;
beforeEach(async () => {
  t = await createTestDb();
  accountId = (await seedDemoAccount(t.db)).accountId;
});
afterEach(async () => t.close());

/** Everything the sync writes, in a comparable form. */
async function snapshot() {
  const { db } = t;
  const [costs, traffic, points, resources, allocated] = await Promise.all([
    db.costDay.findMany({ orderBy: [{ day: "asc" }, { scope: "asc" }], omit: { id: true } }),
    db.serviceDay.findMany({ orderBy: [{ day: "asc" }, { serviceId: "asc" }], omit: { id: true } }),
    db.businessMetricPoint.findMany({ orderBy: [{ metricId: "asc" }, { ts: "asc" }], omit: { id: true } }),
    db.resource.findMany({ orderBy: { arn: "asc" }, omit: { id: true, firstSeenAt: true, lastSeenRunId: true } }),
    db.serviceCostDay.findMany({ orderBy: [{ day: "asc" }, { serviceId: "asc" }], omit: { id: true } }),
  ]);
  return { costs, traffic, points, resources, allocated };
}

/** What most tests sync: a span that crosses a month's end; the two about the whole default span (90 days) ask for it. */
const DAYS = 30;
const sync = (source: Source, now = NOW, days = DAYS) => runSync({ db: t.db, source, accountId, trigger: "test", now, days });

describe("sync of the demo account into the embedded database", () => {
  it("writes 90 days of cost, traffic and business metrics, and records the run", async () => {
    const result = await sync(demo(), NOW, 90);
    expect(result.status).toBe("succeeded");
    if (result.status !== "succeeded") return;
    expect(result.stats).toMatchObject({ resources: 62, services: 11, days: 90, updated: 0, deleted: 0 });

    const days = await t.db.costDay.groupBy({ by: ["day"], where: { accountId } });
    expect(days).toHaveLength(89); // Cost Explorer has nothing for today yet
    expect(days.map((d) => d.day).sort().at(-1)).toBe(addDays(toDay(NOW), -1));
    expect(await t.db.serviceDay.count({ where: { day: toDay(NOW) } })).toBe(11); // today's traffic so far
    expect(await t.db.costDay.count({ where: { scope: "unallocated" } })).toBe(89);

    const run = await t.db.syncRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ status: "succeeded", trigger: "test", fromDay: addDays(toDay(NOW), -89), toDay: toDay(NOW), error: null });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.apiCallCount).toBeGreaterThan(0);
    expect(Number(run.apiCostMicroUsd)).toBeGreaterThan(0);
  });

  it("bills its calls as AWS would be asked, though the demo is read whole: a sync right after the first asks for nothing", async () => {
    const calls = async (result: { runId: number }) => {
      const run = await t.db.syncRun.findUniqueOrThrow({ where: { id: result.runId } });
      const byApi = new Map((run.apiUsage as { api: string; calls: number }[]).map((u) => [u.api, u.calls]));
      return { ce: byApi.get("ce:GetCostAndUsage") ?? 0, metrics: byApi.get("cloudwatch:GetMetricData") ?? 0, costUsd: Number(run.apiCostMicroUsd) / 1e6 };
    };
    const first = await calls(await sync(demo()));
    const again = await calls(await sync(demo()));
    const later = await calls(await sync(demo(new Date(NOW.getTime() + 9 * 3_600_000)), new Date(NOW.getTime() + 9 * 3_600_000)));
    expect(first.ce).toBeGreaterThan(0);
    expect(first.metrics).toBeGreaterThan(0);
    // Nothing is due: no Cost Explorer request, no metric asked for, $0 (it used to bill the whole read again).
    expect(again).toEqual({ ce: 0, metrics: 0, costUsd: 0 });
    // 9 hours on, the estimated days are read again (not the settled ones) and today's metrics.
    expect(later.ce).toBeGreaterThan(0);
    expect(later.ce).toBeLessThan(first.ce);
    expect(later.metrics).toBeGreaterThan(0);
    // The rows are still the whole read's: the second sync wrote the same days.
    expect(await t.db.syncRun.count({ where: { status: "succeeded" } })).toBe(3);
  });

  it("is idempotent: a second run with the same data changes nothing", async () => {
    await sync(demo());
    const before = await snapshot();
    const again = await sync(demo());
    expect(again.status === "succeeded" && again.stats).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await t.db.syncRun.count({ where: { status: "succeeded" } })).toBe(2);
  });

  it("leaves earlier data intact when the source fails, and says why", async () => {
    await sync(demo());
    const before = await snapshot();
    const failing = demo(new Date(NOW.getTime() + 86_400_000));
    failing.resourceMetrics = () => {
      throw new Error("ThrottlingException: Rate exceeded");
    };
    const result = await sync(failing, new Date(NOW.getTime() + 86_400_000));
    expect(result).toMatchObject({ status: "failed", error: "ThrottlingException: Rate exceeded" });
    expect(await snapshot()).toEqual(before);
    const run = await t.db.syncRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ status: "failed", error: "ThrottlingException: Rate exceeded" });
    expect(run.finishedAt).not.toBeNull();
  });

  it("rejects a source answer that is not a valid cost line, writing nothing", async () => {
    await sync(demo());
    const before = await snapshot();
    const broken = demo();
    const real = broken.dailyCost.bind(broken);
    broken.dailyCost = async function* (query) {
      yield* real(query);
      yield { lines: [{ day: "2026-11-31", tags: {}, costMicroUsd: 5, estimated: false }] };
    };
    const result = await sync(broken);
    expect(result.status).toBe("failed");
    expect(result.status === "failed" && result.error).toMatch(/invalid cost line: day not a YYYY-MM-DD day/);
    expect(await snapshot()).toEqual(before);
  });

  it("writes the same whether days go a month at a time, or one day and one application at a time (how a large account is written)", async () => {
    const small = (source: Source) => runSync({ db: t.db, source, accountId, trigger: "test", now: NOW, days: DAYS, servicesPerBatch: 1, serviceDaysPerWrite: 1 });
    expect((await small(demo())).status).toBe("succeeded");
    const batched = await snapshot();
    const whole = await sync(demo());
    expect(whole.status === "succeeded" && whole.stats).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
    expect(await snapshot()).toEqual(batched);

    // Cost leaving an application's batch for the unallocated line, batch by batch.
    const platform = await t.db.application.findFirstOrThrow({ where: { slug: "platform" } });
    const platformCost = Number((await t.db.costDay.aggregate({ where: { applicationId: platform.id }, _sum: { costMicroUsd: true } }))._sum.costMicroUsd);
    const total = Number((await t.db.costDay.aggregate({ _sum: { costMicroUsd: true } }))._sum.costMicroUsd);
    await t.db.tagRule.deleteMany({ where: { applicationId: platform.id } });
    expect((await small(demo())).status).toBe("succeeded");
    expect(await t.db.costDay.count({ where: { applicationId: platform.id } })).toBe(0);
    expect(Number((await t.db.costDay.aggregate({ _sum: { costMicroUsd: true } }))._sum.costMicroUsd)).toBe(total);
    expect(platformCost).toBeGreaterThan(0);
  });

  it("moves cost to unallocated when a tag rule is removed, and back when it returns", async () => {
    await sync(demo());
    const platform = await t.db.application.findFirstOrThrow({ where: { slug: "platform" } });
    const unallocated = async () => Number((await t.db.costDay.aggregate({ where: { scope: "unallocated" }, _sum: { costMicroUsd: true } }))._sum.costMicroUsd);
    const platformCost = async () => Number((await t.db.costDay.aggregate({ where: { applicationId: platform.id }, _sum: { costMicroUsd: true } }))._sum.costMicroUsd ?? 0);
    const [unallocatedBefore, platformBefore] = [await unallocated(), await platformCost()];

    const rule = await t.db.tagRule.findFirstOrThrow({ where: { applicationId: platform.id } });
    await t.db.tagRule.delete({ where: { id: rule.id } });
    await sync(demo());
    expect(await platformCost()).toBe(0);
    expect(await unallocated()).toBe(unallocatedBefore + platformBefore);
    expect(await t.db.resource.count({ where: { applicationId: platform.id } })).toBe(0);

    await t.db.tagRule.create({ data: { accountId, applicationId: platform.id, position: rule.position, key: rule.key, value: rule.value } });
    await sync(demo());
    expect(await platformCost()).toBe(platformBefore);
  });

  it("stores a resource as its latest listing: name, region, tags and service all changed, the others left as they were", async () => {
    await sync(demo());
    const before = await t.db.resource.findMany({ orderBy: { arn: "asc" } });
    const checkout = before.find((r) => (r.tags as Record<string, string>).service === "checkout");
    if (!checkout) throw new Error("the demo has no checkout resource");
    const search = await t.db.service.findFirstOrThrow({ where: { name: "search", applicationId: checkout.applicationId ?? -1 } });
    const tags = { ...(checkout.tags as Record<string, string>), service: "search", note: `quote " backslash \\ emoji 🧾 newline\nend`, "ключ": "значение" };
    const moved = demo();
    const real = moved.resources.bind(moved);
    moved.resources = async function* () {
      for await (const page of real()) yield "gap" in page ? page : page.map((r) => (r.arn === checkout.arn ? { ...r, name: "checkout-api-v2", region: "eu-west-1", tags } : r));
    };
    const run = await sync(moved);
    expect(run.status === "succeeded" && run.stats.updated).toBe(1);

    const after = await t.db.resource.findMany({ orderBy: { arn: "asc" } });
    const stored = after.find((r) => r.arn === checkout.arn);
    expect(stored).toMatchObject({ name: "checkout-api-v2", region: "eu-west-1", tags, serviceId: search.id, applicationId: checkout.applicationId, cellId: checkout.cellId, goneSince: null });
    expect(stored?.lastSeenRunId).toBe(run.runId);
    const omit = ({ lastSeenRunId: _, ...r }: (typeof after)[number]) => r;
    expect(after.filter((r) => r.arn !== checkout.arn).map(omit)).toEqual(before.filter((r) => r.arn !== checkout.arn).map(omit));
  });

  it("writes a listing of thousands of resources once each, an ARN listed twice as last listed (in one write and across two), each service made once", async () => {
    const app = await t.db.application.create({ data: { accountId, slug: "many", name: "Many" } });
    const resource = (i: number, name = `fn-${i}`) => ({ arn: `arn:aws:lambda:us-east-1:123456789012:function:fn-${i}`, name, type: "lambda:function", region: "us-east-1", tags: { team: "many", service: `svc-${i % 300}` } });
    // 2,500 resources, 100 a page as the tagging API lists them; #5 listed again two pages on, #990 again on the page after its own write of 1,000.
    const listing = Array.from({ length: 2_500 }, (_, i) => resource(i));
    const pages = Array.from({ length: 25 }, (_, p) => listing.slice(p * 100, p * 100 + 100));
    pages[2]!.push(resource(5, "fn-5-again"));
    pages[10]!.push(resource(990, "fn-990-again"));
    const source = { async *resources() { yield* pages; } };
    const rules = [{ applicationId: app.id, position: 1, key: "team", value: "many" }];
    const keys = { serviceTagKey: "service", cellTagKey: "cell" };
    const inventory = async () => {
      const run = await t.db.syncRun.create({ data: { accountId, trigger: "test", status: "running", fromDay: "2026-11-26", toDay: "2026-11-26" } });
      return { run, result: await syncInventory(t.db, { accountId, runId: run.id, source, rules, keys, now: NOW }) };
    };

    const { run, result } = await inventory();
    expect(result).toMatchObject({ resources: 2_502, complete: true });
    const stored = await t.db.resource.findMany({ where: { applicationId: app.id }, include: { service: true }, orderBy: { id: "asc" } });
    expect(stored).toHaveLength(2_500);
    expect(new Set(stored.map((r) => r.arn)).size).toBe(2_500);
    const byArn = new Map(stored.map((r) => [r.arn, r]));
    expect(byArn.get(resource(5).arn)?.name).toBe("fn-5-again");
    expect(byArn.get(resource(990).arn)?.name).toBe("fn-990-again");
    expect(stored.every((r) => r.lastSeenRunId === run.id && r.service?.name === `svc-${Number(r.arn.split("-").at(-1)) % 300}`)).toBe(true);
    expect(await t.db.service.count({ where: { applicationId: app.id } })).toBe(300);

    // The same listing again: nothing is added or made twice, and the rows end as they were. Only
    // #990 is written twice, as each write lists it (first as fn-990, then again as fn-990-again).
    const again = await inventory();
    expect(again.result.counts).toMatchObject({ inserted: 0, updated: 2, deleted: 0, unchanged: 2_499 });
    const omit = ({ lastSeenRunId: _, ...r }: (typeof stored)[number]) => r;
    expect((await t.db.resource.findMany({ where: { applicationId: app.id }, include: { service: true }, orderBy: { id: "asc" } })).map(omit)).toEqual(stored.map(omit));
    expect(await t.db.service.count({ where: { applicationId: app.id } })).toBe(300);
  });

  it("marks resources that disappear as gone instead of deleting them", async () => {
    await sync(demo());
    const shrinking = demo();
    const real = shrinking.resources.bind(shrinking);
    shrinking.resources = async function* () {
      for await (const page of real()) yield "gap" in page ? page : page.filter((r) => r.name !== "bastion");
    };
    await sync(shrinking);
    const bastion = await t.db.resource.findFirstOrThrow({ where: { name: "bastion" } });
    expect(bastion.goneSince).not.toBeNull();
    await sync(demo());
    expect((await t.db.resource.findFirstOrThrow({ where: { name: "bastion" } })).goneSince).toBeNull();
  });

  it("splits each application's shared pool between its services, to the micro-dollar, every day", async () => {
    await sync(demo(), NOW, 90);
    const billed = await t.db.costDay.groupBy({ by: ["applicationId", "day"], where: { applicationId: { not: null } }, _sum: { costMicroUsd: true } });
    const allocated = await t.db.serviceCostDay.groupBy({ by: ["applicationId", "day"], _sum: { ownCostMicroUsd: true, sharedCostMicroUsd: true } });
    const allocatedBy = new Map(allocated.map((a) => [`${a.applicationId}|${a.day}`, Number(a._sum.ownCostMicroUsd) + Number(a._sum.sharedCostMicroUsd)]));
    expect(billed.length).toBe(3 * 89);
    for (const b of billed) expect(allocatedBy.get(`${b.applicationId}|${b.day}`), `${b.applicationId} on ${b.day}`).toBe(Number(b._sum.costMicroUsd));
    expect(await t.db.serviceCostDay.count({ where: { sharedCostMicroUsd: { gt: 0 } } })).toBeGreaterThan(900);
  });

  it("re-splits every stored day when the allocation strategy changes, and audits it", async () => {
    await sync(demo());
    const app = await t.db.application.findFirstOrThrow({ where: { slug: "storefront" } });
    const web = await t.db.service.findFirstOrThrow({ where: { applicationId: app.id, name: "web" } });
    const day = addDays(toDay(NOW), -5);
    const sharedOf = async (serviceId: number) => Number((await t.db.serviceCostDay.findUniqueOrThrow({ where: { serviceId_day: { serviceId, day } } })).sharedCostMicroUsd);
    const pool = Number((await t.db.costDay.findFirstOrThrow({ where: { applicationId: app.id, serviceId: null, day } })).costMicroUsd);
    const byRequests = await sharedOf(web.id);

    await setAllocationStrategy(t.db, app.id, { kind: "even" }, { kind: "system", label: "test" }, "finance asked");
    const even = await sharedOf(web.id);
    expect(even).not.toBe(byRequests);
    expect(Math.abs(even - pool / 6)).toBeLessThanOrEqual(1);

    await setAllocationStrategy(t.db, app.id, { kind: "weights", weights: { web: 3, checkout: 1 } }, { kind: "system", label: "test" });
    expect(await sharedOf(web.id)).toBe(Math.round((pool * 3) / 4));
    const catalog = await t.db.service.findFirstOrThrow({ where: { applicationId: app.id, name: "catalog" } });
    expect(await sharedOf(catalog.id)).toBe(0);
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { action: "application.allocation_changed" } })).toMatchObject({ before: { strategy: "requests" }, after: { strategy: "even" }, reason: "finance asked" });

    // A later sync keeps the application's strategy.
    const again = await sync(demo());
    expect(again.status === "succeeded" && again.stats.updated).toBe(0);
  });

  it("runs one sync of an account at a time", async () => {
    const slow = demo();
    const real = slow.resources.bind(slow);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    slow.resources = async function* () {
      await gate;
      yield* real();
    };
    const first = syncAccount(t.db, accountId, { trigger: "test", source: slow, days: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await syncAccount(t.db, accountId, { trigger: "test", source: demo(), days: 5 });
    expect(second.acquired).toBe(false);
    release();
    expect((await first).acquired).toBe(true);
    expect((await syncAccount(t.db, accountId, { trigger: "test", source: demo(), days: 5 })).acquired).toBe(true);
  });

  it("takes over at once from a sync killed with kill -9 on this machine, and marks its run failed rather than running forever", async () => {
    // A process that held the lease and died mid-sync: its pid no longer exists.
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid;
    await t.db.jobLease.create({ data: { name: leaseName({ kind: "sync", accountId }), holder: `${os.hostname()}:${dead}:deadbeef`, expiresAt: new Date(Date.now() + 60_000) } });
    const orphan = await t.db.syncRun.create({ data: { accountId, trigger: "startup", status: "running", fromDay: "2026-11-20", toDay: "2026-11-26" } });
    const result = await syncAccount(t.db, accountId, { trigger: "startup", source: demo(), days: 3 });
    expect(result.acquired).toBe(true);
    expect(await t.db.syncRun.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ status: "failed", error: expect.stringMatching(/stopped before it finished/) });

    // A live holder (this very process, under another run's name) is still respected.
    await t.db.jobLease.create({ data: { name: leaseName({ kind: "sync", accountId }), holder: `${os.hostname()}:${process.pid}:alive`, expiresAt: new Date(Date.now() + 60_000) } });
    expect((await syncAccount(t.db, accountId, { trigger: "test", source: demo(), days: 3 })).acquired).toBe(false);
  });

  // Linux's /proc tells a zombie (lib/jobs/lease.ts); where there is none, the lease waits for its expiry.
  it.skipIf(!fs.existsSync("/proc/self/stat"))("takes over at once from a holder that was killed and not yet reaped (a zombie), as from one that is gone", async () => {
    // The shell starts a child, then becomes `sleep`, which never collects it: the child ends once
    // it sees its parent is sleep, and stays a zombie while sleep runs, as a killed worker does until
    // init reaps it. (A child that ended at once was reaped by the shell itself when it ended before
    // the exec: 2 runs in 200 here.)
    const parent = spawn("sh", ["-c", '( until read c < /proc/$$/comm && [ "$c" = sleep ]; do :; done ) & echo $!; exec sleep 600'], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const zombie = Number(await new Promise<string>((resolve) => parent.stdout.once("data", (b: Buffer) => resolve(b.toString().trim()))));
      while (!/\) Z /.test(fs.readFileSync(`/proc/${zombie}/stat`, "utf8"))) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(() => process.kill(zombie, 0)).not.toThrow(); // it still answers a signal check
      await t.db.jobLease.create({ data: { name: leaseName({ kind: "sync", accountId }), holder: `${os.hostname()}:${zombie}:deadbeef`, expiresAt: new Date(Date.now() + 60_000) } });
      expect((await syncAccount(t.db, accountId, { trigger: "startup", source: demo(), days: 3 })).acquired).toBe(true);
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
