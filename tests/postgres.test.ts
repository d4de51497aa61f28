// One schema, two databases. The PostgreSQL schema is derived from the SQLite one and
// each dialect's migrations must build exactly its schema (the drift check). With a
// PostgreSQL server (FRUGAL_TEST_POSTGRES_URL; .ci/run starts one) the same demo
// history synced into both databases must read the same everywhere the dashboard
// reads, raw SQL included; and jobs shared by two processes run once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdapterFactory } from "../lib/db/adapter";
import { createDb, type Db } from "../lib/db/client";
import { deployMigrations, migrationsDrift } from "../lib/db/migrate";
import { createDatabase, dropDatabase } from "../lib/db/postgres-server";
import { derivePostgresSchema, POSTGRES_SCHEMA, SQLITE_SCHEMA } from "../lib/db/schemas";
import { listAnomalies } from "../lib/data/anomalies";
import { getApplicationsOverview } from "../lib/data/applications";
import { costWindow } from "../lib/data/cost-window";
import { getDailyCostByApplication } from "../lib/data/daily-cost";
import { getEconomicsSeries } from "../lib/data/economics-series";
import { runExplore } from "../lib/data/explore";
import { getApplicationForecast } from "../lib/data/forecast";
import { getOverloadView } from "../lib/data/overload-view";
import { gatherReportData } from "../lib/data/report-data";
import { getApplicationEconomics } from "../lib/data/service-economics";
import { getUnallocatedDaily } from "../lib/data/unallocated";
import { addDays, toDay } from "../lib/domain/day";
import { parseExploreQuery } from "../lib/domain/explore";
import { evaluateAllAnomalies } from "../lib/jobs/evaluate-anomalies";
import { evaluateAllLimits } from "../lib/jobs/evaluate-limits";
import { withLease } from "../lib/jobs/lease";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { seedDemoFeatures } from "../lib/jobs/seed-demo-switches";
import { runSync } from "../lib/jobs/sync";
import { DemoSource } from "../lib/sources/demo/demo-source";
import { TEST_DIALECT } from "./test-db";

const server = process.env.FRUGAL_TEST_POSTGRES_URL;
// The PostgreSQL half runs in the "postgres" project (vitest.config.ts), once.
const onServer = server && TEST_DIALECT === "postgres" ? describe : describe.skip;
if (!server) console.warn("[frugal] tests/postgres.test.ts: no PostgreSQL server (FRUGAL_TEST_POSTGRES_URL unset): skipped the PostgreSQL half; .ci/run starts one.");

describe("one schema for two databases", () => {
  it("the PostgreSQL schema is the SQLite one with its provider changed (run `npm run db:migrate` after editing prisma/schema.prisma)", () => {
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(derivePostgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("SQLite's migrations build exactly its schema", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frugal-drift-"));
    try {
      expect(await migrationsDrift(createAdapterFactory(`file:${path.join(dir, "drift.db")}`))).toBe("");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

onServer("on PostgreSQL", () => {
  const name = `frugal_parity_${process.pid}`;
  const now = new Date();
  const today = toDay(now);
  let dir: string;
  let url: string;
  let sqlite: Db;
  let postgres: Db;

  async function fill(db: Db) {
    const { accountId } = await seedDemoAccount(db);
    await runSync({ db, source: new DemoSource({ seed: 42, now: () => now }), accountId, trigger: "test", now, days: 45 });
    await seedDemoFeatures(db, accountId);
    await evaluateAllLimits(db, accountId, now);
    await evaluateAllAnomalies(db, accountId, now);
    return accountId;
  }

  beforeAll(async () => {
    url = await createDatabase(server!, name, { replace: true });
    await deployMigrations(createAdapterFactory(url));
    postgres = createDb(url);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "frugal-parity-"));
    await deployMigrations(createAdapterFactory(`file:${path.join(dir, "parity.db")}`));
    sqlite = createDb(`file:${path.join(dir, "parity.db")}`);
    await Promise.all([fill(sqlite), fill(postgres)]);
  });

  afterAll(async () => {
    await sqlite?.$disconnect();
    await postgres?.$disconnect();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await dropDatabase(server!, name);
  });

  it("its migrations build exactly its schema", async () => {
    expect(await migrationsDrift(createAdapterFactory(url))).toBe("");
  });

  /** What the dashboard reads from one database: every page's loaders, raw SQL included. */
  async function everything(db: Db) {
    const account = await db.cloudAccount.findFirstOrThrow();
    const range = { from: addDays(today, -29), to: today };
    const apps = await db.application.findMany({ orderBy: { slug: "asc" } });
    const window = await costWindow(db, account.id, range);
    const perApp = [];
    for (const app of apps) {
      perApp.push({
        slug: app.slug,
        economics: await getApplicationEconomics(db, app.id, window, today),
        series: await getEconomicsSeries(db, app.id, range),
        forecast: await getApplicationForecast(db, app.id, today),
        overload: (await getOverloadView(db, app.id, now)).services,
      });
    }
    const strip = <T>(rows: T[]) => rows.map((r) => ({ ...r, id: undefined, applicationId: undefined, serviceId: undefined, openedAt: undefined, updatedAt: undefined }));
    return {
      overview: await getApplicationsOverview(db, account.id, range),
      daily: await getDailyCostByApplication(db, account.id, range),
      unallocated: await getUnallocatedDaily(db, account.id, range),
      explore: (await runExplore(db, account.id, parseExploreQuery({ group: "service", range: "30", compare: "previous" }, today), today)).view,
      report: { ...(await gatherReportData(db, account.id, { title: "t", period: { ...range, kind: "month-to-date", label: "t" }, applicationIds: null, today, now })), generatedAt: undefined },
      anomalies: strip(await listAnomalies(db, { accountId: account.id, state: "all" })),
      perApp,
    };
  }

  it("reads the same figures as SQLite everywhere the dashboard reads", async () => {
    const [a, b] = [await everything(sqlite), await everything(postgres)];
    expect(b.overview.totalMicroUsd).toBeGreaterThan(0);
    expect(b.anomalies.length).toBeGreaterThan(0);
    // Sums of logarithms (the scale slope) are added up by each database in its own order: equal to
    // 9 digits, not to the last bit. Compared within that, not rounded: two values a hair apart can
    // round to 9 digits on either side of a boundary (r2 0.996702487 against 0.996702486 on 1 December).
    const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
    const near = (x: unknown, like: unknown): unknown => {
      if (typeof x === "number" && typeof like === "number") return !Number.isInteger(x) && Math.abs(x - like) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(like)) ? like : x;
      if (Array.isArray(x) && Array.isArray(like)) return x.map((v, i) => near(v, like[i]));
      if (x && like && typeof x === "object" && typeof like === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, near(v, (like as Record<string, unknown>)[k])]));
      return x;
    };
    const [fromSqlite, fromPostgres] = [json(a), json(b)];
    expect(near(fromPostgres, fromSqlite)).toEqual(fromSqlite);
  });

  it("runs a job once across two processes' connections (the lease)", async () => {
    const other = createDb(url);
    try {
      let runs = 0;
      const job = async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 200));
      };
      const results = await Promise.all([withLease(postgres, "parity", 60_000, job), withLease(other, "parity", 60_000, job), withLease(postgres, "parity", 60_000, job)]);
      expect(results.filter((r) => r.acquired)).toHaveLength(1);
      expect(runs).toBe(1);
    } finally {
      await other.$disconnect();
    }
  });
});
