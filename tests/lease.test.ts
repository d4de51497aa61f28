import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "./test-db";
import { holderProcess, leasedJob, leaseName, newHolderId, releaseLease, tryAcquireLease, type LeasedJob } from "../lib/jobs/lease";

let t: TestDb;
beforeEach(async () => (t = await createTestDb()));
afterEach(async () => t.close());

describe("job leases", () => {
  const now = new Date("2026-11-26T12:00:00Z");
  const later = (ms: number) => new Date(now.getTime() + ms);

  it("lets one holder in and keeps the others out until it expires", async () => {
    expect(await tryAcquireLease(t.db, "sync:1", "a", 60_000, now)).toBe(true);
    expect(await tryAcquireLease(t.db, "sync:1", "b", 60_000, later(59_000))).toBe(false);
    expect(await tryAcquireLease(t.db, "sync:1", "b", 60_000, later(61_000))).toBe(true);
    expect(await tryAcquireLease(t.db, "sync:1", "a", 60_000, later(62_000))).toBe(false);
  });

  it("lets the holder renew, and others in once it releases", async () => {
    expect(await tryAcquireLease(t.db, "sync:1", "a", 60_000, now)).toBe(true);
    expect(await tryAcquireLease(t.db, "sync:1", "a", 60_000, later(30_000))).toBe(true);
    await releaseLease(t.db, "sync:1", "a");
    expect(await tryAcquireLease(t.db, "sync:1", "b", 60_000, later(31_000))).toBe(true);
  });

  it("keeps leases of different jobs apart", async () => {
    expect(await tryAcquireLease(t.db, "sync:1", "a", 60_000, now)).toBe(true);
    expect(await tryAcquireLease(t.db, "sync:2", "b", 60_000, now)).toBe(true);
  });
});

describe("lease names", () => {
  it.each<[LeasedJob, string]>([
    [{ kind: "sync", accountId: 1 }, "sync:1"],
    [{ kind: "signals", accountId: 42 }, "signals:42"],
    [{ kind: "limits", applicationId: 7 }, "limits:7"],
    [{ kind: "limits", applicationId: 2_147_483_647 }, "limits:2147483647"],
  ])("writes %j as %s and reads it back", (job, name) => {
    expect(leaseName(job)).toBe(name);
    expect(leasedJob(name)).toEqual(job);
  });

  it.each([
    ["a worker's heartbeat", "worker:host:41"],
    ["an unknown job", "reindex:1"],
    ["no id", "sync:"],
    ["an id that is not a number", "limits:abc"],
    ["a leading zero", "sync:01"],
    ["id zero", "signals:0"],
    ["a negative id", "sync:-1"],
    ["more after the id", "sync:1:2"],
    ["an id past the safe integers", "limits:99999999999999999999"],
    ["a different case", "Sync:1"],
  ])("reads %s (%s) as no job", (_what, name) => {
    expect(leasedJob(name)).toBeNull();
  });

  it("gives each run its own holder on this process", () => {
    const [a, b] = [newHolderId(), newHolderId()];
    expect(a).not.toBe(b);
    expect(holderProcess(a)).toBe(holderProcess(b));
    expect(holderProcess(a)).toMatch(new RegExp(`:${process.pid}$`));
  });
});
