// When each API token was last used, written in batches off the request path:
// a caller never waits for it, and when the database is busy a batch is dropped
// rather than queued (it is a convenience figure, not a record).
import type { Db } from "../db/client";

/** How often the batch is written; also the resolution of "last used". */
export const USAGE_FLUSH_MS = 30_000;

export class UsageRecorder {
  #used = new Set<number>();
  #timer: NodeJS.Timeout | null = null;
  #writing = false;

  constructor(private readonly write: (tokenIds: number[], at: Date) => Promise<unknown>, private readonly intervalMs = USAGE_FLUSH_MS) {}

  note(tokenId: number): void {
    this.#used.add(tokenId);
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.#timer.unref();
    }
  }

  /** Writes what was noted since the last batch; a batch that fails, or finds one still being written, is dropped. */
  async flush(now = new Date()): Promise<void> {
    this.#timer = null;
    const ids = [...this.#used];
    this.#used.clear();
    if (ids.length === 0 || this.#writing) return;
    this.#writing = true;
    try {
      await this.write(ids, now);
    } catch {
      // dropped: the next use records it again
    } finally {
      this.#writing = false;
    }
  }

  pending(): number {
    return this.#used.size;
  }
}

export function recordTokenUse(db: Db) {
  return (tokenIds: number[], at: Date) => db.apiToken.updateMany({ where: { id: { in: tokenIds } }, data: { lastUsedAt: at } });
}

const recorders = new WeakMap<Db, UsageRecorder>();

/** One recorder per database client. */
export function usageRecorder(db: Db): UsageRecorder {
  let recorder = recorders.get(db);
  if (!recorder) recorders.set(db, (recorder = new UsageRecorder(recordTokenUse(db))));
  return recorder;
}
