// Retry delays: exponential in the attempt number, capped, with jitter so failed jobs spread out.

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. @default 5_000 */
  baseMs: number;
  /** Upper bound of any delay. @default 600_000 */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, maxMs: 600_000 };

/**
 * Delay before retry number `attempt` (1 = first retry): `min(max, base·2^(attempt-1))`, then "equal
 * jitter": a uniform value in its upper half, so no two workers retry in lockstep yet every retry
 * waits at least half the nominal delay.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random = Math.random,
): number {
  const nominal = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + random() * (nominal / 2));
}
