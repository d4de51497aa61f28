// "Sync now" under npm start: the dashboard writes a request and waits; a worker claims
// it (once, whichever instance) and writes back the sync's outcome. And where the jobs run,
// as the settings page shows it.
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJobStatus } from "../lib/data/job-status";
import { beat, HEARTBEAT_PREFIX } from "../lib/jobs/heartbeat";
import { claimRequest, requestSync, runRequest, serveRequests, waitForRequest } from "../lib/jobs/job-requests";
import { leaseName, tryAcquireLease } from "../lib/jobs/lease";
import { receiveRequestEnded, untilEndedOr } from "../lib/jobs/request-events";
import { seededTemplate } from "./templates";
import { createTestDb, type TestDb } from "./test-db";

let t: TestDb;
let accountId: number;
beforeAll(async () => {
  t = await createTestDb(seededTemplate(1));
  accountId = (await t.db.cloudAccount.findFirstOrThrow()).id;
});
afterAll(async () => t.close());

describe("jobs people ask for", () => {
  it("is claimed by one worker only, run there, and its outcome reaches the one waiting", async () => {
    const id = await requestSync(t.db, accountId, "engineer@demo.frugal.dev");
    const waiting = waitForRequest(t.db, id, { pollMs: 20 });
    const [a, b] = await Promise.all([claimRequest(t.db), claimRequest(t.db)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    await runRequest(t.db, (a ?? b)!);
    const outcome = await waiting;
    expect(outcome).toMatchObject({ status: "done", result: { status: "succeeded", runId: expect.any(Number) } });
    const request = await t.db.jobRequest.findUniqueOrThrow({ where: { id } });
    expect(request).toMatchObject({ status: "done", requestedBy: "engineer@demo.frugal.dev", runner: expect.stringMatching(/@/) });
    // The sync it ran is the manual one the engineer asked for.
    expect(await t.db.syncRun.findUniqueOrThrow({ where: { id: (outcome as { result: { runId: number } }).result.runId } })).toMatchObject({ trigger: "manual", status: "succeeded" });
    expect(await claimRequest(t.db)).toBeNull();
  });

  it("is claimed as soon as the worker is told of it, not at its next poll", async () => {
    let slept = 0;
    let sleeping: () => void = () => {};
    const asleep = () => new Promise<void>((resolve) => (sleeping = resolve));
    let first = asleep();
    // A poll of an hour: only being told can make this worker look again within the test.
    const ended: number[] = [];
    const worker = serveRequests(t.db, { pollMs: 3_600_000, onSleep: () => (slept++, sleeping()), onEnded: (id) => ended.push(id) });
    try {
      await first;
      const id = await requestSync(t.db, accountId, "engineer@demo.frugal.dev");
      expect(await t.db.jobRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending" });
      first = asleep();
      worker.wake();
      expect(await waitForRequest(t.db, id, { pollMs: 20 })).toMatchObject({ status: "done", result: { status: "succeeded" } });
      await first;
      // One look at the start, one when told: no poll came in between.
      expect(slept).toBe(2);
      // What the worker tells the dashboard beside it (server.ts passes it on).
      expect(ended).toEqual([id]);
    } finally {
      worker.stop();
    }
  });

  it("answers the one waiting as soon as the worker says the request ended, not at the next look", async () => {
    const id = await requestSync(t.db, accountId, "engineer@demo.frugal.dev");
    let settled = false;
    // A look an hour apart: only being told can end this wait within the test.
    const waiting = waitForRequest(t.db, id, { pollMs: 3_600_000 }).finally(() => (settled = true));
    await runRequest(t.db, (await claimRequest(t.db))!);
    // Said again until heard: the waiter may still be reading when the first word comes.
    while (!settled) {
      receiveRequestEnded({ frugal: "job-ended", id });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await waiting).toMatchObject({ status: "done", result: { status: "succeeded" } });
  });

  it("ends a wait only on the word for its own request", async () => {
    let settled = false;
    const waiting = untilEndedOr(7, 3_600_000).then(() => (settled = true));
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    for (const message of [{ frugal: "job-ended", id: 8 }, { frugal: "job-ended", id: "7" }, { frugal: "job-requested", id: 7 }, { frugal: "job-ended" }, undefined]) {
      receiveRequestEnded(message);
      await turn();
      expect(settled).toBe(false);
    }
    receiveRequestEnded({ frugal: "job-ended", id: 7 });
    await waiting;
    expect(settled).toBe(true);
  });

  it("says so when no worker takes it, and no worker runs it later", async () => {
    const id = await requestSync(t.db, accountId, "engineer@demo.frugal.dev");
    const outcome = await waitForRequest(t.db, id, { unclaimedAfterMs: 100, pollMs: 20 });
    expect(outcome).toMatchObject({ status: "abandoned", error: expect.stringMatching(/No worker took the job/) });
    expect(await claimRequest(t.db)).toBeNull();
  });

  it("reports a job that fails", async () => {
    const id = await t.db.jobRequest.create({ data: { kind: "reindex", accountId, requestedBy: "engineer@demo.frugal.dev" } });
    await runRequest(t.db, (await claimRequest(t.db))!);
    expect(await waitForRequest(t.db, id.id, { pollMs: 20 })).toEqual({ status: "failed", error: "unknown job 'reindex'" });
  });
});

describe("where the jobs run (the settings page)", () => {
  it("lists the workers that reported in the last minute and the jobs running now, each on its process", async () => {
    const now = new Date();
    const storefront = await t.db.application.findFirstOrThrow({ where: { slug: "storefront" } });
    const account = await t.db.cloudAccount.findUniqueOrThrow({ where: { id: accountId } });
    const ttl = 60_000;
    await beat(t.db, now);
    // A worker that stopped two minutes ago, and a job whose holder died: their rows have run out.
    await t.db.jobLease.create({ data: { name: `${HEARTBEAT_PREFIX}gone-host:41`, holder: `${HEARTBEAT_PREFIX}gone-host:41`, expiresAt: new Date(now.getTime() - 60_000) } });
    expect(await tryAcquireLease(t.db, leaseName({ kind: "signals", accountId }), "gone-host:41:0c0c0c0c", -1_000, now)).toBe(true);
    expect(await tryAcquireLease(t.db, leaseName({ kind: "sync", accountId }), "host-a:1234:9f8e7d6c", ttl, now)).toBe(true);
    // Held for an account since deleted, for an application since deleted, and under a name no job of this version writes.
    expect(await tryAcquireLease(t.db, leaseName({ kind: "signals", accountId: 999_998 }), "host-a:1234:5a5a5a5a", ttl, now)).toBe(true);
    expect(await tryAcquireLease(t.db, leaseName({ kind: "limits", applicationId: storefront.id }), "host-b:77:12345678", ttl, now)).toBe(true);
    expect(await tryAcquireLease(t.db, leaseName({ kind: "limits", applicationId: 999_999 }), "host-b:77:87654321", ttl, now)).toBe(true);
    expect(await tryAcquireLease(t.db, "reindex:3", "host-c:9:abcdef01", ttl, now)).toBe(true);
    try {
      const status = await getJobStatus(t.db, now);
      expect(status.workers).toEqual([{ name: `${os.hostname()}:${process.pid}`, lastSeenAt: expect.any(Date) }]);
      expect(Math.abs(status.workers[0]!.lastSeenAt.getTime() - now.getTime())).toBeLessThan(60_000);
      expect(status.running.map(({ job, process }) => ({ job, process }))).toEqual([
        { job: `Cost limits of ${storefront.name}`, process: "host-b:77" },
        { job: "Cost limits of application 999999", process: "host-b:77" },
        { job: "reindex:3", process: "host-c:9" },
        { job: "Overload signals of account 999998", process: "host-a:1234" },
        { job: `Sync of ${account.name}`, process: "host-a:1234" },
      ]);
      expect(status.running[0]!.expiresAt.getTime()).toBe(now.getTime() + ttl);
      // A minute on, with nobody renewing: nothing runs, and no worker is seen.
      expect(await getJobStatus(t.db, new Date(now.getTime() + 61 * 60_000))).toEqual({ workers: [], running: [] });
    } finally {
      await t.db.jobLease.deleteMany({});
    }
  });
});
