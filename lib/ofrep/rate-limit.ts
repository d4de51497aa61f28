// A token bucket per API token: steady traffic up to `perSecond`, bursts up to
// twice that, and a Retry-After that says when the next request will pass.

const ALLOWED = { ok: true } as const;

export class RateLimiter {
  readonly #buckets = new Map<string | number, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst = perSecond * 2,
  ) {}

  take(key: string | number, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    let bucket = this.#buckets.get(key);
    if (!bucket) this.#buckets.set(key, (bucket = { tokens: this.burst, at: now }));
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return ALLOWED;
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond)) };
  }
}
