// The multi-row inserts and updates the sync, the samples and the metric imports write with: the
// rows go as one JSON parameter, read by each dialect's own statement (json_each,
// json_populate_recordset), and a value must come back from either exactly as Prisma itself
// would have written it.
import { afterEach, beforeEach, expect, it } from "vitest";
import { dialectOf } from "../lib/db/client";
import { bulkInsert, bulkUpdate, sqlTimestamp, updateRecords } from "../lib/data/bulk-write";
import { SAMPLE_COLUMNS } from "../lib/jobs/sync-samples";
import { seededTemplate } from "./templates";
import { createTestDb, TEST_DIALECT, type TestDb } from "./test-db";

let t: TestDb;
beforeEach(async () => (t = await createTestDb(seededTemplate(1))));
afterEach(async () => t.close());

it("takes the dialect from the client, and from a transaction's client", async () => {
  expect(dialectOf(t.db)).toBe(TEST_DIALECT);
  await t.db.$transaction(async (tx) => expect(dialectOf(tx)).toBe(TEST_DIALECT));
});

it("writes bigints past 2^53, booleans, nulls and any text as they were given", async () => {
  const run = await t.db.syncRun.findFirstOrThrow();
  const huge = 2n ** 62n + 7n;
  const text = `it's "quoted", \\ back-slashed, ünïcødé 💸 and a line\nbreak`;
  // Half of an emoji, as a string cut short would have it: stored with one U+FFFD in its place, on both.
  const cut = "cut \ud83d here";
  const rows = [
    [run.id, "2026-11-01", null, null, huge, true, false, null, null],
    [run.id, "2026-11-02", 12, text, -5n, false, true, "SERVICE", "Amazon Simple Storage Service"],
    [run.id, "2026-11-03", 13, "", 0n, true, true, "", ""],
    [run.id, "2026-11-04", 14, cut, 1n, false, false, null, null],
  ];
  expect(await bulkInsert(t.db, "SyncStageCost", ["runId", "day", "applicationId", "service", "costMicroUsd", "estimated", "isTotal", "breakdown", "breakdownValue"], rows)).toBe(4);
  const stored = await t.db.syncStageCost.findMany({ where: { runId: run.id, day: { gte: "2026-11-01", lte: "2026-11-04" } }, orderBy: { day: "asc" } });
  expect(stored.map((s) => [s.runId, s.day, s.applicationId, s.service, s.costMicroUsd, s.estimated, s.isTotal, s.breakdown, s.breakdownValue])).toEqual(rows.map((r) => r.map((v) => (v === cut ? "cut \ufffd here" : v))));
});

it("writes more rows than one statement takes, every one with its timestamp to the millisecond", async () => {
  const service = await t.db.service.findFirstOrThrow();
  const start = Date.UTC(2026, 10, 20, 0, 0, 0, 123);
  // 5,001 rows: past one statement (5,000). Queue ages in thirds: doubles no decimal text writes exactly.
  const rows = Array.from({ length: 5_001 }, (_, i) => [service.id, `cell-${i % 3}`, 60, sqlTimestamp(new Date(start + i * 60_000)), i, i, 0, i % 7, 0, i % 2 ? null : 3, 12.5, i + 0.25, i / 3 + 1e-9, null, null, null]);
  expect(rows[0]).toHaveLength(SAMPLE_COLUMNS.length);
  await t.db.metricSample.deleteMany({});
  await t.db.$transaction((tx) => bulkInsert(tx, "MetricSample", SAMPLE_COLUMNS, rows));
  const stored = await t.db.metricSample.findMany({ orderBy: { ts: "asc" } });
  expect(stored).toHaveLength(5_001);
  expect(stored.map((s) => s.ts.getTime())).toEqual(rows.map((_, i) => start + i * 60_000));
  expect(stored.map((s) => s.queueAgeSeconds)).toEqual(rows.map((_, i) => i / 3 + 1e-9));
  expect(stored.at(-1)).toMatchObject({ serviceId: service.id, cell: "cell-2", periodSeconds: 60, requests: 5_000, count4xx: 0, count5xx: 5_000 % 7, retries: 3, latencyP50Ms: 12.5, latencyP99Ms: 5_000.25, queueDepth: null });
  expect(stored[1]).toMatchObject({ retries: null, latencyP99Ms: 1.25 });
});

it("sets the given columns of the given rows only, past one statement, and leaves every other row and column alone", async () => {
  const run = await t.db.syncRun.findFirstOrThrow();
  const columns = ["runId", "day", "applicationId", "service", "costMicroUsd", "estimated", "isTotal", "breakdown", "breakdownValue"];
  await bulkInsert(t.db, "SyncStageCost", columns, Array.from({ length: 6_000 }, (_, i) => [run.id, `d${String(i).padStart(5, "0")}`, i, `s${i}`, BigInt(i), false, false, null, null]));
  const rows = await t.db.syncStageCost.findMany({ where: { runId: run.id, day: { startsWith: "d" } }, orderBy: { day: "asc" } });
  // Every other row, 3,000: each costs 2^60 + its number, turns estimated and loses its service.
  const changed = rows.filter((_, i) => i % 2 === 1);
  expect(await bulkUpdate(t.db, "SyncStageCost", ["costMicroUsd", "estimated", "service"], changed.map((r) => ({ id: r.id, values: [2n ** 60n + r.costMicroUsd, true, null] })))).toBe(3_000);
  const after = await t.db.syncStageCost.findMany({ where: { runId: run.id, day: { startsWith: "d" } }, orderBy: { day: "asc" } });
  expect(after).toEqual(rows.map((r, i) => (i % 2 === 1 ? { ...r, costMicroUsd: 2n ** 60n + r.costMicroUsd, estimated: true, service: null } : r)));
});

it("sets a stored row's columns from its desired record, and nothing when nothing differs", async () => {
  const service = await t.db.service.findFirstOrThrow();
  const stored = await t.db.serviceDay.create({ data: { serviceId: service.id, day: "2020-01-01", requestCount: 10n, count4xx: 1n, count5xx: 2n, throttleCount: 3n, latencyP99Ms: 40.5 } });
  const desired = { serviceId: service.id, day: "2020-01-01", requestCount: 11n, count4xx: 0n, count5xx: 2n, throttleCount: 3n, latencyP99Ms: null };
  await t.db.$transaction((tx) => updateRecords(tx, "ServiceDay", ["requestCount", "count4xx", "count5xx", "throttleCount", "latencyP99Ms"], [[stored, desired]]));
  expect(await t.db.serviceDay.findUniqueOrThrow({ where: { id: stored.id } })).toEqual({ ...stored, requestCount: 11n, count4xx: 0n, latencyP99Ms: null });
  expect(await updateRecords(t.db, "ServiceDay", ["requestCount"], [])).toBe(0);
});

it("writes a JSON column's object as the object Prisma reads back, its keys and strings as given, a cut emoji mended", async () => {
  const account = await t.db.cloudAccount.findFirstOrThrow();
  const tags = { service: "checkout", note: `quote " back\\slash 💸 line\nbreak`, "ключ": "значение", empty: "" };
  const columns = ["accountId", "arn", "name", "type", "region", "tags", "firstSeenAt"];
  const at = sqlTimestamp(new Date("2026-11-20T10:00:00.123Z"));
  await bulkInsert(t.db, "Resource", columns, [
    [account.id, "arn:test:json:1", "one", "lambda:function", "eu-west-1", tags, at],
    [account.id, "arn:test:json:2", "two", "lambda:function", "eu-west-1", { [`key \ud83d`]: "cut \udca5" }, at],
  ]);
  const [one, two] = await t.db.resource.findMany({ where: { arn: { startsWith: "arn:test:json:" } }, orderBy: { arn: "asc" } });
  expect(one).toMatchObject({ tags, firstSeenAt: new Date("2026-11-20T10:00:00.123Z") });
  expect(two?.tags).toEqual({ "key \ufffd": "cut \ufffd" });

  await bulkUpdate(t.db, "Resource", ["tags"], [{ id: one!.id, values: [{ service: "search" }] }]);
  expect((await t.db.resource.findUniqueOrThrow({ where: { id: one!.id } })).tags).toEqual({ service: "search" });
});
