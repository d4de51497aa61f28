import { describe, expect, it } from "vitest";
import { ofrepOnlyAnswer } from "./only";
import { SnapshotStore, type SnapshotData } from "./snapshot";

const EMPTY: SnapshotData = { tokens: new Map(), revoked: new Set(), flags: new Map() };
const INTERVAL_MS = 2_000;

/** A store whose database answers once, then fails from the second read on. */
async function store(loads: boolean): Promise<SnapshotStore> {
  let reads = 0;
  const s = new SnapshotStore(async () => {
    reads++;
    if (!loads || reads > 1) throw new Error("connection refused");
    return EMPTY;
  }, { intervalMs: INTERVAL_MS, timeoutMs: 1_000 });
  await s.refresh();
  return s;
}

const read = (answer: ReturnType<typeof ofrepOnlyAnswer>) => ({ status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown>, headers: answer.headers });

describe("a FRUGAL_ROLE=ofrep front, besides OFREP", () => {
  it("is alive, and not ready, before its first read of the switch states", async () => {
    const s = await store(false);
    expect(read(ofrepOnlyAnswer("/api/health", s))).toMatchObject({ status: 200, body: { status: "ok", role: "ofrep", snapshot: { loaded: false, error: "connection refused" } } });
    const ready = read(ofrepOnlyAnswer("/api/ready", s));
    expect(ready).toMatchObject({ status: 503, body: { status: "not_ready", reason: "The switch states are not loaded yet." } });
    expect(ready.headers).toEqual(expect.arrayContaining(["retry-after", "1"]));
  });

  it.each([
    // [ms since the read, stale]: stale past two refresh intervals, and still ready (it serves the last states it read).
    [0, false],
    [2 * INTERVAL_MS, false],
    [2 * INTERVAL_MS + 1, true],
    [3_600_000, true],
  ])("%i ms after its last read: ready, stale %s", async (age, stale) => {
    const s = await store(true);
    const loadedAt = s.current()!.loadedAt;
    expect(read(ofrepOnlyAnswer("/api/ready", s, loadedAt + age))).toMatchObject({ status: 200, body: { status: "ready", snapshot: { loaded: true, ageMs: age, stale } } });
    expect(read(ofrepOnlyAnswer("/api/health", s, loadedAt + age))).toMatchObject({ status: 200, body: { snapshot: { ageMs: age, stale } } });
  });

  it("says so when the database stopped answering after the first read", async () => {
    const s = await store(true);
    await s.refresh();
    expect(read(ofrepOnlyAnswer("/api/ready", s))).toMatchObject({ status: 200, body: { snapshot: { loaded: true, error: "connection refused" } } });
  });

  it.each(["/", "/applications/storefront", "/api/v1/applications", "/api/healthz"])("answers %s with a 404 that says where the dashboard is", async (path) => {
    const answer = read(ofrepOnlyAnswer(path, await store(true)));
    expect(answer.status).toBe(404);
    expect((answer.body.error as { message: string }).message).toContain(`${path} is served by the instances with FRUGAL_ROLE=web or all`);
    expect(answer.headers).toEqual(expect.arrayContaining(["content-length", String(Buffer.byteLength(JSON.stringify(answer.body)))]));
  });
});
