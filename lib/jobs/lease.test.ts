import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../tests/test-db";
import { releaseLease, tryAcquireLease } from "./lease";

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
