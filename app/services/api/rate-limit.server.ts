// Per-token rate limit of the read API (ADR 021): an in-process token bucket, keyed by the token's hash so that it
// applies before any database work (an unknown token is limited too). Several app processes each keep their own
// buckets: the effective limit is then the sum, which is acceptable for a read-only API.

export type RateLimit = { capacity: number; perSecond: number };

/** Default: bursts of 60 calls, then 2 calls a second (120 a minute). `API_RATE_LIMIT=<calls per minute>` changes both. */
export function rateLimitFromEnv(value = process.env.API_RATE_LIMIT): RateLimit {
  const perMinute = Number(value);
  if (value && Number.isInteger(perMinute) && perMinute > 0) return { capacity: Math.max(1, Math.ceil(perMinute / 2)), perSecond: perMinute / 60 };
  return { capacity: 60, perSecond: 2 };
}

type Bucket = { tokens: number; updatedAt: number };

export class TokenBuckets {
  private buckets = new Map<string, Bucket>();
  constructor(private limit: RateLimit) {}

  /** Takes one call from the key's bucket: 0 when allowed, or the seconds to wait before the next call. */
  take(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.limit.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.limit.perSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond));
  }

  /** Forgets full buckets (they hold no information), so that many keys cannot grow the map for ever. */
  private sweep(now: number) {
    for (const [key, b] of this.buckets) if (b.tokens + ((now - b.updatedAt) / 1000) * this.limit.perSecond >= this.limit.capacity) this.buckets.delete(key);
  }
}

export const apiBuckets = new TokenBuckets(rateLimitFromEnv());
