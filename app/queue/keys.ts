// Every Redis key the queue uses, from one prefix. No key string is built anywhere else: Lua scripts
// receive these names (or the `*Prefix` stems for per-job keys) as KEYS/ARGV.

export const PRIORITIES = ["high", "normal", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface QueueKeys {
  readonly prefix: string;
  /** Pending job ids per priority, FIFO lists: `klap:jobs:queue:high|normal|low`. */
  readonly pending: Readonly<Record<Priority, string>>;
  /** Claimed jobs, a sorted set scored by lease expiry (ms). */
  readonly processing: string;
  /** Jobs waiting for a backoff or a poll, a sorted set scored by due time (ms). */
  readonly delayed: string;
  /** Dead-lettered jobs, a sorted set scored by when they died. */
  readonly dlq: string;
  /** Completed and cancelled jobs, sorted sets scored by finish time; pruned after the TTL. */
  readonly completed: string;
  readonly cancelled: string;
  /** Stem of per-job hashes: `klap:job:<id>`. */
  readonly jobPrefix: string;
  /** Stem of idempotency keys: `klap:idem:<key>` holds a job id. */
  readonly idempotencyPrefix: string;
  /** Stem of hourly metric hashes: `klap:metrics:<hourStartMs>` (field `completed:<minuteMs>`). */
  readonly metricsPrefix: string;
  job(id: string): string;
  idempotency(key: string): string;
  metrics(hourStartMs: number): string;
}

export function queueKeys(prefix = "klap"): QueueKeys {
  const jobPrefix = `${prefix}:job:`;
  const idempotencyPrefix = `${prefix}:idem:`;
  const metricsPrefix = `${prefix}:metrics:`;
  return {
    prefix,
    pending: {
      high: `${prefix}:jobs:queue:high`,
      normal: `${prefix}:jobs:queue:normal`,
      low: `${prefix}:jobs:queue:low`,
    },
    processing: `${prefix}:jobs:processing`,
    delayed: `${prefix}:jobs:delayed`,
    dlq: `${prefix}:jobs:dlq`,
    completed: `${prefix}:jobs:completed`,
    cancelled: `${prefix}:jobs:cancelled`,
    jobPrefix,
    idempotencyPrefix,
    metricsPrefix,
    job: (id) => jobPrefix + id,
    idempotency: (key) => idempotencyPrefix + key,
    metrics: (hourStartMs) => metricsPrefix + hourStartMs,
  };
}
