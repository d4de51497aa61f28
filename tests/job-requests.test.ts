// "Sync now" under npm start: the dashboard writes a request and waits; a worker claims
// it (once, whichever instance) and writes back the sync's outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimRequest, requestSync, runRequest, waitForRequest } from "../lib/jobs/job-requests";
import { seededTemplate } from "./global-setup";
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
