// How long Explore takes at the size of a large account: 50 applications of 40
// services (2,000) with a year of daily rows (730,000 service-days), and the
// breakdown by 15 AWS services per application (273,750 rows), in a scratch SQLite
// database; each query's median of 5 runs after a warm-up, timed around runExplore
// (the database reads and the pure view).
import fs from "node:fs";
import path from "node:path";
import { createDb } from "../../lib/db/client";
import { deployPending } from "../../lib/db/migrate";
import { bulkInsert } from "../../lib/data/bulk-write";
import { runExplore } from "../../lib/data/explore";
import { addDays, toDay } from "../../lib/domain/day";
import { parseExploreQuery } from "../../lib/domain/explore";

/** The size measured: 50 applications of 40 services, a year (`--tiny` runs it small, to keep it working). */
export interface ExploreSize {
  apps: number;
  servicesPerApp: number;
  days: number;
}
export const FULL_EXPLORE_SIZE: ExploreSize = { apps: 50, servicesPerApp: 40, days: 365 };
const AWS_SERVICES = 15;

export async function benchExplore({ apps: APPS, servicesPerApp: SERVICES_PER_APP, days: DAYS }: ExploreSize = FULL_EXPLORE_SIZE): Promise<{ rows: number; queries: { name: string; medianMs: number }[] }> {
  const FILE = path.resolve(`.frugal/bench-explore${APPS === FULL_EXPLORE_SIZE.apps ? "" : "-small"}.db`);
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(FILE + suffix, { force: true });
  await deployPending(`file:${FILE}`);
  const db = createDb(`file:${FILE}`);
  const account = await db.cloudAccount.create({ data: { name: "Bench", source: "demo" } });
  const today = toDay(new Date());
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let rows = 0;
  for (let a = 0; a < APPS; a++) {
    const app = await db.application.create({ data: { accountId: account.id, slug: `app-${a}`, name: `App ${a}` } });
    const services = await db.service.createManyAndReturn({ data: Array.from({ length: SERVICES_PER_APP }, (_, i) => ({ applicationId: app.id, name: `svc-${i}` })) });
    const costRows: (string | number | bigint | boolean)[][] = [];
    const awsRows: (string | number | bigint | boolean)[][] = [];
    for (let d = DAYS; d >= 1; d--) {
      const day = addDays(today, -d);
      for (const s of services) costRows.push([s.id, app.id, day, BigInt(Math.round(1e6 + random() * 5e7)), BigInt(Math.round(random() * 1e7)), BigInt(Math.round(1e4 + random() * 5e6)), false]);
      for (let k = 0; k < AWS_SERVICES; k++) awsRows.push([app.id, day, "awsService", `AWS service ${k}`, BigInt(Math.round(1e6 + random() * 1e8)), false]);
      for (const region of ["us-east-1", "eu-west-1", "ap-southeast-2"]) awsRows.push([app.id, day, "region", region, BigInt(Math.round(1e6 + random() * 1e8)), false]);
    }
    await db.$transaction(async (tx) => {
      await bulkInsert(tx, "ServiceCostDay", ["serviceId", "applicationId", "day", "ownCostMicroUsd", "sharedCostMicroUsd", "requestCount", "estimated"], costRows);
      // The per-application sums the sync writes beside them (lib/jobs/allocation-write.ts).
      const sums = new Map<string, [number, string, bigint, bigint, boolean]>();
      for (const [, applicationId, day, own, shared, requests] of costRows as [number, number, string, bigint, bigint, bigint, boolean][]) {
        const r = sums.get(day) ?? [applicationId, day, 0n, 0n, false];
        r[2] += own + shared;
        r[3] += requests;
        sums.set(day, r);
      }
      await bulkInsert(tx, "ApplicationCostDay", ["applicationId", "day", "costMicroUsd", "requestCount", "estimated"], [...sums.values()]);
      await bulkInsert(tx, "CostBreakdownDay", ["applicationId", "day", "dimension", "value", "costMicroUsd", "estimated"], awsRows);
    }, { timeout: 600_000 });
    rows += costRows.length + awsRows.length;
  }
  const queries: [string, Record<string, string>][] = [
    ["by application, 30 days, vs previous", { range: "30" }],
    ["by application, a year by month, no comparison", { from: addDays(today, -DAYS), to: addDays(today, -1), granularity: "month", compare: "none" }],
    ["by service, one application, 90 days by week", { group: "service", f: `app-${Math.min(7, APPS - 1)}`, range: "90", granularity: "week" }],
    ["by service, every application, 30 days", { group: "service", range: "30" }],
    ["by AWS service, 90 days, vs last year", { group: "awsService", range: "90", compare: "year" }],
    ["by region, a year by month", { group: "region", from: addDays(today, -DAYS), to: addDays(today, -1), granularity: "month", compare: "none" }],
    ["cost per 1M requests by application, 90 days", { measure: "costPerMillion", range: "90" }],
  ];
  const out: { name: string; medianMs: number }[] = [];
  for (const [name, params] of queries) {
    const p = { ...params, ...(params.f ? { f: `application:${params.f}` } : {}) };
    const query = parseExploreQuery(p, today);
    const samples: number[] = [];
    for (let i = 0; i < 6; i++) {
      const start = performance.now();
      await runExplore(db, account.id, query);
      if (i > 0) samples.push(performance.now() - start);
    }
    samples.sort((x, y) => x - y);
    out.push({ name, medianMs: samples[2] as number });
  }
  await db.$disconnect();
  return { rows, queries: out };
}
