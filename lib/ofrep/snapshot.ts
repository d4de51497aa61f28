// Static stability for kill switches: OFREP answers from an in-memory copy of the
// switch states and flags tokens. The copy is refreshed from the database every
// few seconds and at once after a change on this instance; when the database is
// slow or down the last copy keeps being served. Serving never waits on the
// database, so the endpoint does less work, not more, when things go wrong.
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import type { FlagState } from "../domain/flags";
import type { OfrepResponse } from "./handler";
import type { TokenScope } from "../domain/authorization";
import { isTokenScope } from "../domain/authorization";
import { parseCellPositions } from "../domain/switches";
import { positionOf } from "../data/limit-inputs";
import { freshSignedClaims, SIGNED_TOKEN_GRACE_SECONDS } from "../auth/token-format";
import { onOfrepChange } from "./signal";

export interface TokenEntry {
  /** null for a token made after the snapshot was read, taken on its signature. */
  tokenId: number | null;
  /** SHA-256 of the token: what the rate limit counts by. */
  hash: string;
  applicationId: number;
  scope: TokenScope;
  name: string;
}

/** A flag as served: its state, and its answers written once per outcome (lib/domain/flags.ts, outcomeOf). */
export interface SnapshotFlag {
  flag: FlagState;
  answers: Map<string, OfrepResponse>;
}

export interface SnapshotData {
  /** Tokens by the SHA-256 of the token, as stored. */
  tokens: Map<string, TokenEntry>;
  /** Hashes of tokens revoked lately: a signed token is refused if its hash is here. */
  revoked: Set<string>;
  /** Each application's flags by key. */
  flags: Map<number, Map<string, SnapshotFlag>>;
}

export interface Snapshot extends SnapshotData {
  loadedAt: number;
  /** Tokens as callers send them, looked up once per snapshot instead of hashed on every request. */
  byRawToken: Map<string, TokenEntry | null>;
}

/** Caps the per-snapshot cache of raw tokens, so that a flood of made-up tokens cannot grow it. */
const RAW_TOKEN_CACHE = 10_000;

export type SnapshotLoader = () => Promise<SnapshotData>;

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Reads every switch, every live token and the tokens revoked within their signature's grace, in two queries. */
export function databaseLoader(db: Db): SnapshotLoader {
  return async () => {
    const recent = new Date(Date.now() - 2 * SIGNED_TOKEN_GRACE_SECONDS * 1000);
    const [features, tokens] = await Promise.all([
      db.feature.findMany({ select: { applicationId: true, key: true, tier: true, state: true, throttlePercent: true, cellStates: true } }),
      db.apiToken.findMany({
        where: { OR: [{ revokedAt: null }, { createdAt: { gt: recent } }] },
        select: { id: true, applicationId: true, scope: true, name: true, tokenHash: true, revokedAt: true },
      }),
    ]);
    const flags = new Map<number, Map<string, SnapshotFlag>>();
    for (const f of features) {
      const cells = parseCellPositions(f.cellStates);
      const app = flags.get(f.applicationId) ?? new Map<string, SnapshotFlag>();
      app.set(f.key, { flag: { key: f.key, tier: f.tier, ...positionOf(f), ...(Object.keys(cells).length ? { cells } : {}) }, answers: new Map() });
      flags.set(f.applicationId, app);
    }
    const live = tokens.filter((t) => t.revokedAt === null && isTokenScope(t.scope));
    return {
      flags,
      tokens: new Map(live.map((t) => [t.tokenHash, { tokenId: t.id, hash: t.tokenHash, applicationId: t.applicationId, scope: t.scope as TokenScope, name: t.name }])),
      revoked: new Set(tokens.filter((t) => t.revokedAt !== null).map((t) => t.tokenHash)),
    };
  };
}

export interface SnapshotOptions {
  intervalMs: number;
  /** The key API tokens are signed with: a token made since the last refresh is taken on its signature. */
  signingKey?: Buffer;
  /** A refresh slower than this is abandoned and the current copy kept. */
  timeoutMs: number;
  /** Records which tokens were used, best effort, at each refresh. */
  flushUsage?: (tokenIds: number[]) => Promise<void>;
}

export class SnapshotStore {
  #snapshot: Snapshot | null = null;
  #inFlight: Promise<boolean> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void) | null = null;
  #used = new Set<number>();
  lastError: string | null = null;

  constructor(
    private readonly load: SnapshotLoader,
    private readonly options: SnapshotOptions,
  ) {}

  current(): Snapshot | null {
    return this.#snapshot;
  }

  /** A snapshot older than two refresh intervals means the database has not been answering. */
  get staleAfterMs(): number {
    return this.options.intervalMs * 2;
  }

  /**
   * The token a caller sent, as of the given snapshot; null when unknown or revoked.
   * A token made after the snapshot was read (by the dashboard, the CLI or another
   * instance) is taken on its signature for its first minutes, and a refresh is
   * started so that the snapshot soon knows it by its row.
   */
  tokenFor(raw: string, snapshot: Snapshot): TokenEntry | null {
    const cached = snapshot.byRawToken.get(raw);
    if (cached !== undefined) return cached;
    const hash = sha256(raw);
    const known = snapshot.tokens.get(hash);
    if (known || snapshot.revoked.has(hash)) return this.#remember(snapshot, raw, known ?? null);
    const claims = this.options.signingKey ? freshSignedClaims(this.options.signingKey, raw) : null;
    if (!claims) return this.#remember(snapshot, raw, null);
    void this.refresh();
    // Not cached: once the grace period ends, the snapshot must know the token by its row.
    return { tokenId: null, hash, applicationId: claims.applicationId, scope: claims.scope, name: "a new token" };
  }

  #remember(snapshot: Snapshot, raw: string, entry: TokenEntry | null): TokenEntry | null {
    if (snapshot.byRawToken.size < RAW_TOKEN_CACHE) snapshot.byRawToken.set(raw, entry);
    return entry;
  }

  noteTokenUse(tokenId: number | null): void {
    if (tokenId !== null) this.#used.add(tokenId);
  }

  /** Loads a fresh copy; keeps the old one (and says why) if the database fails or is too slow. One refresh at a time. */
  refresh(): Promise<boolean> {
    this.#inFlight ??= this.#refresh().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #refresh(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the database took longer than ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      });
      const data = await Promise.race([this.load(), timeout]);
      this.#snapshot = { ...data, loadedAt: Date.now(), byRawToken: new Map() };
      this.lastError = null;
      const used = [...this.#used];
      this.#used.clear();
      if (used.length && this.options.flushUsage) this.options.flushUsage(used).catch(() => undefined);
      return true;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  start(): this {
    if (this.#timer) return this;
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), this.options.intervalMs);
    this.#timer.unref();
    this.#unsubscribe = onOfrepChange(() => void this.refresh());
    return this;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }
}
